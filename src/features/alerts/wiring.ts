/**
 * The Alerts feature as the bot runs it: receivers (an Express router at /api/alerts), the durable queue,
 * the chat part (subscription commands, card buttons), and — once the channels' messenger exists — the
 * dispatcher and the built-in watchers, whose lease holder also runs retention. Composed by main.ts like
 * every feature (src/core/feature.ts).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Router } from 'express';
import type { AlertsConfig } from '../../config/schema.js';
import type { Feature, FeatureStartContext, RetentionRun } from '../../core/feature.js';
import type { ConversationMessenger, Logger } from '../../core/ports.js';
import type { RegistryClient } from '../../registry/types.js';
import type { Database } from '../../storage/types.js';
import { AlertsChatFeature, type ActionPreview } from './chat-feature.js';
import { AlertDispatcher, type AlertDispatcherOptions } from './dispatcher.js';
import { MessengerAlertSender } from './neutral-reply.js';
import { AlertQueue, alertEventsRetention } from './queue.js';
import { createRegistryResolver } from './registry-resolver.js';
import { createAlertsRouter } from './router.js';
import { SubscriptionStore } from './subscriptions.js';
import { AdminUserWatcher } from './watchers/admin-user.js';
import { FailedRunsWatcher } from './watchers/failed-runs.js';
import { QuotaWatcher } from './watchers/quota.js';
import { WatcherScheduler } from './watchers/scheduler.js';
import type { RegistryManagementReader, Watcher } from './watchers/types.js';

/** A configured registry as alerts use it: tags for "Show tags", the management plane for watchers. */
export interface AlertRegistry {
  /** Short name, as in alerts and subscriptions ("myregistry"). */
  name: string;
  /** host[:port] of its endpoint: maps webhook events to this name. */
  loginServer?: string;
  client?: RegistryClient;
  /** ACR Resource Manager reader; without it the registry has no watchers. */
  management?: RegistryManagementReader;
}

/** Counters the alerts part reports (PrometheusMetrics implements it). */
export interface AlertsMetrics {
  /** An event named no configured registry ('registry') or matched no subscription ('subscription'). */
  alertUnmatched(reason: 'registry' | 'subscription'): void;
}

/** Dispatcher settings a deployment or test may tune (the rest comes from the wiring). */
export type DispatcherTuning = Omit<AlertDispatcherOptions, 'db' | 'sender' | 'logger' | 'instanceId' | 'onUnmatched'>;

export interface AlertsWiringOptions {
  db: Database;
  config: AlertsConfig;
  registries: readonly AlertRegistry[];
  logger: Logger;
  /** Unique per process (logs, watcher lease); default hostname-pid-random. */
  instanceId?: string;
  dispatcher?: DispatcherTuning;
  metrics?: AlertsMetrics;
  /** Run by the watchers' lease holder (one instance); the scheduler runs for it even without watchers. */
  retention?: RetentionRun;
  /** Act's preview, for the alert cards' "preview" buttons. */
  preview?: ActionPreview;
}

export class AlertsWiring implements Feature {
  readonly name = 'alerts';
  readonly queue: AlertQueue;
  readonly subscriptions: SubscriptionStore;
  readonly feature: AlertsChatFeature;
  readonly router: Router;
  readonly watchers: Watcher[];
  private readonly instanceId: string;
  private dispatcher?: AlertDispatcher;
  private scheduler?: WatcherScheduler;

  constructor(private readonly options: AlertsWiringOptions) {
    const logger = options.logger.child({ area: 'alerts' });
    this.instanceId = options.instanceId ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
    this.queue = new AlertQueue(options.db, { maxQueuedEvents: options.config.maxQueuedEvents });
    this.subscriptions = new SubscriptionStore(options.db);
    const clients = new Map<string, RegistryClient>();
    for (const r of options.registries) if (r.client) clients.set(r.name, r.client);
    this.feature = new AlertsChatFeature({
      subscriptions: this.subscriptions,
      registries: clients,
      logger,
      preview: options.preview,
    });
    this.router = createAlertsRouter({
      inbox: this.queue,
      secrets: {
        acrWebhookSecret: options.config.acrWebhookSecret,
        eventGridKey: options.config.eventGridKey,
        monitorToken: options.config.monitorToken,
      },
      acrSecretHeader: options.config.acrSecretHeader,
      logger,
      onEnqueued: () => this.dispatcher?.wake(),
      resolveRegistry: createRegistryResolver(options.registries),
      onUnmatchedRegistry: () => options.metrics?.alertUnmatched('registry'),
    });
    this.watchers = options.registries.flatMap((r) =>
      r.management
        ? [
            new QuotaWatcher({ registry: r.name, reader: r.management }),
            new FailedRunsWatcher({ registry: r.name, reader: r.management }),
            new AdminUserWatcher({ registry: r.name, reader: r.management }),
          ]
        : [],
    );
  }

  get retentionTasks() {
    return [alertEventsRetention(this.options.db)];
  }

  get chat() {
    return [this.feature];
  }

  get http() {
    return [{ path: '/api/alerts', handler: this.router }];
  }

  /** Starts delivering (and watching, and running retention) through the channels' messenger. Idempotent. */
  async start(context: FeatureStartContext): Promise<void> {
    this.startWith(context.messenger, context.retention ?? this.options.retention);
  }

  private startWith(messenger: ConversationMessenger, retention: RetentionRun | undefined): void {
    if (this.dispatcher) return;
    const logger = this.options.logger.child({ area: 'alerts' });
    this.dispatcher = new AlertDispatcher({
      ...this.options.dispatcher,
      db: this.options.db,
      sender: new MessengerAlertSender(messenger),
      logger,
      instanceId: this.instanceId,
      onUnmatched: () => this.options.metrics?.alertUnmatched('subscription'),
    });
    this.dispatcher.start();
    if (this.watchers.length > 0 || retention) {
      this.scheduler = new WatcherScheduler({
        db: this.options.db,
        inbox: this.queue,
        watchers: this.watchers,
        instanceId: this.instanceId,
        intervalInMs: this.options.config.watchIntervalInMs,
        logger,
        onEnqueued: () => this.dispatcher?.wake(),
        retention,
      });
      this.scheduler.start();
    }
    logger.info({ watchers: this.watchers.map((w) => w.name), instance: this.instanceId }, 'alerts started');
  }

  /** Stops watchers (releasing their lease) and the dispatcher; unsent deliveries stay queued in the database. */
  async stop(): Promise<void> {
    await this.scheduler?.stop();
    await this.dispatcher?.stop();
    this.scheduler = undefined;
    this.dispatcher = undefined;
  }
}
