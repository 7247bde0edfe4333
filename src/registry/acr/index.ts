export { AcrRegistryClient, type AcrRegistryClientOptions } from './client.js';
export {
  ArmRegistryManagement,
  type ArmRegistryManagementOptions,
  type RegistryManagement,
  type RegistryProperties,
  type TaskRun,
  type ListTaskRunsOptions,
} from './management.js';
