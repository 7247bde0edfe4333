/** Builds the Alerts feature from the app config (CHATOPS_REGISTRIES, CHATOPS_ALERTS_*). */
import type { AppConfig } from '../../config/schema.js';
import type { Logger } from '../../core/ports.js';
import { createRegistryClient, parseRegistryReference } from '../../registry/factory.js';
import type { Database } from '../../storage/types.js';
import type { ActionPreview } from './chat-feature.js';
import { AlertsWiring, type AlertRegistry, type AlertsMetrics, type DispatcherTuning } from './wiring.js';

export { AlertsWiring } from './wiring.js';

export interface AlertsStartOptions {
  /** Used instead of the clients built from CHATOPS_REGISTRIES (tests: a local registry, a fake ARM reader). */
  registries?: AlertRegistry[];
  dispatcher?: DispatcherTuning;
  instanceId?: string;
  metrics?: AlertsMetrics;
}

export interface CreateAlertsOptions extends AlertsStartOptions {
  /** Act's preview, for the alert cards' preview buttons. */
  preview?: ActionPreview;
}

export function createAlerts(
  config: AppConfig,
  db: Database,
  logger: Logger,
  options: CreateAlertsOptions = {},
): AlertsWiring {
  return new AlertsWiring({
    db,
    config: config.alerts,
    registries: options.registries ?? registriesFromConfig(config),
    logger,
    ...(options.instanceId ? { instanceId: options.instanceId } : {}),
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.preview ? { preview: options.preview } : {}),
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
