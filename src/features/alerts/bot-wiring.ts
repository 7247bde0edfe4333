/** Builds the bot's AlertsWiring from the app config (CHATOPS_REGISTRIES, CHATOPS_ALERTS_*). */
import type { AppConfig } from '../../config/schema.js';
import type { Logger } from '../../core/ports.js';
import { createRegistryClient, parseRegistryReference } from '../../registry/factory.js';
import type { Retention } from '../../storage/retention.js';
import type { Database } from '../../storage/types.js';
import { AlertsWiring, type AlertRegistry, type AlertsMetrics, type DispatcherTuning } from './wiring.js';

export interface AlertsStartOptions {
  /** Used instead of the clients built from CHATOPS_REGISTRIES (tests: a local registry, a fake ARM reader). */
  registries?: AlertRegistry[];
  dispatcher?: DispatcherTuning;
  instanceId?: string;
  metrics?: AlertsMetrics;
}

export function createAlertsWiring(
  config: AppConfig,
  db: Database,
  logger: Logger,
  options: AlertsStartOptions = {},
  retention?: Retention,
): AlertsWiring {
  return new AlertsWiring({
    db,
    config: config.alerts,
    registries: options.registries ?? registriesFromConfig(config),
    logger,
    ...(options.instanceId ? { instanceId: options.instanceId } : {}),
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(retention ? { retention } : {}),
  });
}

/** Clients are lazy (no network until used); ACR watchers need CHATOPS_AZURE_SUBSCRIPTION_ID and _RESOURCE_GROUP. */
function registriesFromConfig(config: AppConfig): AlertRegistry[] {
  return config.registries.map(({ name, reference }) => {
    const parsed = parseRegistryReference(reference);
    const { client, management } = createRegistryClient(parsed);
    return { name, loginServer: new URL(parsed.endpoint).host, client, ...(management ? { management } : {}) };
  });
}
