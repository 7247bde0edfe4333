/**
 * The Azure RBAC actions behind each ACR operation the bot performs (data plane through the registry's
 * token exchange, control plane through Resource Manager). infra/main.bicep grants exactly their union
 * in its custom role; test/unit/infra checks both lists against each other and against the classes.
 * Reference: Azure resource provider operations, Microsoft.ContainerRegistry.
 */
const ACR = 'Microsoft.ContainerRegistry/registries';

export const ACR_ACTIONS_BY_OPERATION = {
  // AcrRegistryClient (data plane)
  listRepositories: [`${ACR}/pull/read`],
  listManifests: [`${ACR}/pull/read`, `${ACR}/metadata/read`],
  getManifest: [`${ACR}/pull/read`, `${ACR}/metadata/read`],
  deleteManifest: [`${ACR}/artifacts/delete`],
  deleteTag: [`${ACR}/artifacts/delete`],
  // Lock/unlock = updating the manifest's changeable attributes: "Updates the metadata of a repository".
  setManifestLock: [`${ACR}/metadata/write`],
  // ArmRegistryManagement (Resource Manager)
  getRegistry: [`${ACR}/read`],
  getUsage: [`${ACR}/listUsages/read`],
  listTaskRuns: [`${ACR}/runs/read`],
  cancelTaskRun: [`${ACR}/runs/cancel/action`],
  // Only when the deployment allows it (allowDisableAdminUser): registry write is broad.
  disableAdminUser: [`${ACR}/write`],
} as const satisfies Record<string, readonly string[]>;

/** Operations whose actions are granted only on request. */
export const OPTIONAL_ACR_OPERATIONS: readonly (keyof typeof ACR_ACTIONS_BY_OPERATION)[] = ['disableAdminUser'];
