/**
 * Composition root: config → database (+ migrations) → knowledge matcher → core → Teams channel →
 * HTTP listen. Every dependency is built here and passed by constructor (docs/architecture.md).
 */
import { join, resolve } from 'node:path';
import { DefaultAzureCredential } from '@azure/identity';
import { pathToFileURL } from 'node:url';
import { createAct, type Act, type RegistryConnector } from './features/act/index.js';
import { createAlerts, type AlertsStartOptions } from './features/alerts/index.js';
import { createAsk } from './features/ask/index.js';
import { SlackChannel } from './channels/slack/app.js';
import { TeamsChannel } from './channels/teams/app.js';
import { TeamsMessenger } from './channels/teams/messenger.js';
import { SqlStorage } from './channels/teams/sql-storage.js';
import { ConfigError, describeConfig, loadConfig, type AppConfig } from './config/index.js';
import { createLogger } from './config/logger.js';
import { BotCore } from './core/bot.js';
import type { Feature, HealthCheck } from './core/feature.js';
import { MessengerHub } from './core/messenger-hub.js';
import type { ConversationMessenger, Logger } from './core/ports.js';
import { PrometheusMetrics } from './http/metrics.js';
import { createHttpApp, listen } from './http/server.js';
import { loadFaqMatcher } from './features/ask/knowledge/index.js';
import type { FaqMatcher } from './features/ask/knowledge/types.js';
import type { AuditLog } from './storage/audit-log.js';
import { Retention } from './storage/retention.js';
import {
  ConversationReferenceStore,
  entraPassword,
  FeedbackStore,
  openDatabase,
  StateStore,
  type SqlDatabase,
} from './storage/index.js';

export interface StartBotOptions {
  /** Use this matcher instead of loading knowledge/ (tests with a fixed KB). */
  matcher?: FaqMatcher;
  logger?: Logger;
  /** Metrics sink (benchmarks wrap it to record every turn). */
  metrics?: PrometheusMetrics;
  /** Alerts: registries instead of the ones built from config, dispatcher tuning (tests). */
  alerts?: AlertsStartOptions;
  /** Builds registry clients for chat actions (tests: TLS options, fakes of Azure-only endpoints). */
  registryConnector?: RegistryConnector;
}

export interface RunningBot {
  url: string;
  port: number;
  db: SqlDatabase;
  matcher: FaqMatcher;
  metrics: PrometheusMetrics;
  /** Proactive posts and card updates (alerts, execution progress). */
  messenger: ConversationMessenger;
  /** Registry actions: approval store, audit log, execution runner. */
  act: Act;
  /** Stops accepting requests, finishes in-flight ones, closes the database. */
  close(): Promise<void>;
}

export async function startBot(config: AppConfig, options: StartBotOptions = {}): Promise<RunningBot> {
  const logger: Logger =
    options.logger ??
    createLogger({
      level: config.logLevel,
      secretValues: [
        config.teams?.appPassword,
        config.slack?.signingSecret,
        config.slack?.botToken,
        config.databaseUrl,
        config.feedbackHashKey,
        config.alerts.acrWebhookSecret,
        config.alerts.eventGridKey,
        config.alerts.monitorToken,
        config.metrics.access === 'token' ? config.metrics.token : undefined,
      ],
    });
  logger.info({ config: describeConfig(config) }, 'starting');

  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    // Entra sign-in: the managed identity (AZURE_CLIENT_ID) gets a token per new connection, no password exists.
    password:
      config.databaseAuth === 'entra'
        ? entraPassword({ credential: new DefaultAzureCredential({ managedIdentityClientId: config.azureClientId }) })
        : undefined,
    dataDir: join(config.dataDir, 'pglite'),
    onPoolError: (error) => logger.warn({ err: error }, 'database connection lost; the next query reconnects'),
    onDatabaseProcessExit: (exit) =>
      logger.error(exit, 'the embedded database process ended; restarting it (health is not ready meanwhile)'),
  });
  try {
    const matcher = options.matcher ?? loadKnowledge(config, logger);
    const metrics = options.metrics ?? new PrometheusMetrics();
    const feedback = new FeedbackStore(db, { userIdHashKey: config.feedbackHashKey });
    const references = new ConversationReferenceStore(db);
    // Features post through the hub; each channel registers its platform's messenger once it exists.
    const messenger = new MessengerHub();
    let publicUrl = config.publicUrl;

    // The three features, each in the one shape of src/core/feature.ts; they reach each other through typed
    // functions (Act answers from Ask's FAQ; Alerts' buttons ask Act for a preview), never through chat text.
    const act = await createAct({
      db,
      logger,
      messenger,
      registries: config.registries,
      policyFile: config.policyFile,
      leaseInMs: config.executionLeaseInMs,
      publicUrl: () => publicUrl,
      connector: options.registryConnector,
      answerFaq: (question, request, ctx) => ask.feature.answerOrNull(question, request, ctx),
      sweepIntervalInMs: config.expirySweepInMs,
      stopTimeoutInMs: config.shutdownTimeoutInMs,
    });
    const ask = createAsk({ db, matcher, feedback, policy: act.policy, audit: act.audit, logger });
    const alerts = createAlerts(config, db, logger, { ...options.alerts, metrics, preview: act.feature.preview });
    const features: Feature[] = [ask, act, alerts];

    const core = new BotCore({
      logger,
      defaultLang: config.defaultLang,
      features: features.flatMap((f) => f.chat),
      references,
      metrics,
    });
    // Teams unless switched off (CHATOPS_TEAMS; off by default for a Slack deployment without Teams credentials).
    const teams = config.teamsEnabled
      ? new TeamsChannel({
          core,
          logger,
          storage: new SqlStorage(new StateStore(db)),
          credentials: config.teams,
          bodyLimitInBytes: config.bodyLimitInBytes,
        })
      : undefined;
    if (teams)
      messenger.register(
        'teams',
        new TeamsMessenger({ adapter: teams.adapter, references, botAppId: config.teams?.appId }),
      );
    // Slack only when configured (both secrets); otherwise /slack/events does not exist.
    const slack = config.slack
      ? new SlackChannel({
          signingSecret: config.slack.signingSecret,
          botToken: config.slack.botToken,
          apiUrl: config.slack.apiUrl,
          handler: core,
          logger,
          bodyLimitInBytes: config.bodyLimitInBytes,
        })
      : undefined;
    if (slack) messenger.register('slack', slack.messenger);

    const healthChecks: HealthCheck[] = [
      ...features.flatMap((f) => f.health ?? []),
      { name: 'database', check: async () => (await db.query('SELECT 1 AS ok'), { ok: true, detail: db.kind }) },
    ];
    const app = createHttpApp({
      channels: [teams, slack].filter((c) => c !== undefined),
      healthChecks,
      metrics,
      logger,
      mounts: features.flatMap((f) => f.http ?? []),
      metricsAccess: config.metrics,
    });
    const server = await listen(app, config.port, config.host);
    publicUrl ??= server.url;
    const retention = createRetention(config, features, act.audit);
    for (const feature of features) await feature.start?.({ messenger, retention });
    logger.info(
      {
        url: server.url,
        messagesEndpoint: teams ? `${server.url}/api/messages` : 'off',
        slackEndpoint: slack ? `${server.url}/slack/events` : 'off',
        database: db.kind,
        auth: teams ? (config.teams ? 'bot-framework-jwt' : 'none (local development)') : 'teams off',
      },
      'listening',
    );

    let closing: Promise<void> | undefined;
    return {
      url: server.url,
      port: server.port,
      db,
      matcher,
      metrics,
      messenger,
      act,
      close: () =>
        (closing ??= (async () => {
          // Act's in-flight executions finish first (bounded), then the server drains, then the rest stops.
          await act.stop();
          await withTimeout(server.close(), config.shutdownTimeoutInMs);
          await withTimeout(slack?.idle() ?? Promise.resolve(), config.shutdownTimeoutInMs);
          for (const feature of features) if (feature !== act) await feature.stop?.();
          await db.close();
          logger.info({}, 'stopped');
        })()),
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}

/** Old rows of every feature, deleted by the watchers' lease holder; each run that deleted something is audited. */
export function createRetention(
  config: AppConfig,
  features: readonly Pick<Feature, 'retentionTasks'>[],
  audit: Pick<AuditLog, 'append'>,
): Retention {
  return new Retention({
    retentionDays: config.retentionDays,
    tasks: features.flatMap((f) => f.retentionTasks ?? []),
    onPurged: async ({ olderThan, deleted }) => {
      await audit.append({
        actor: 'system',
        action: 'retention.purge',
        target: 'retention',
        origin: 'automation',
        result: 'ok',
        details: { retentionDays: config.retentionDays, olderThan: olderThan.toISOString(), deleted },
      });
    },
  });
}

function loadKnowledge(config: AppConfig, logger: Logger): FaqMatcher {
  const kb = loadFaqMatcher({
    ...(config.knowledgeDir ? { knowledgeDir: resolve(config.knowledgeDir) } : {}),
    ...(config.fallbackLangs ? { fallbackOrder: [...config.fallbackLangs] } : {}),
  });
  for (const warning of kb.warnings) logger.warn({ warning }, 'knowledge base warning');
  logger.info({ entries: kb.matcher.size, buildTimeInMs: Math.round(kb.buildTimeInMs) }, 'knowledge base loaded');
  return kb.matcher;
}

async function withTimeout(promise: Promise<void>, timeoutInMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise<void>((done) => (timer = setTimeout(done, timeoutInMs)))]);
  clearTimeout(timer);
}

/** `npm run start:bot`: fail fast on bad config, stop cleanly on SIGTERM/SIGINT. */
async function runFromCommandLine(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const bot = await startBot(config);
  const stop = (signal: string) => {
    process.stderr.write(`${signal}: shutting down\n`);
    bot.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  runFromCommandLine().catch((err) => {
    process.stderr.write(`failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
