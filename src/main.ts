/**
 * Composition root: config → database (+ migrations) → knowledge matcher → core → Teams channel →
 * HTTP listen. Every dependency is built here and passed by constructor (docs/architecture.md).
 */
import { join, resolve } from 'node:path';
import { DefaultAzureCredential } from '@azure/identity';
import { pathToFileURL } from 'node:url';
import { createAct, type Act, type RegistryConnector } from './features/act/index.js';
import { TeamsChannel } from './channels/teams/app.js';
import { TeamsMessenger } from './channels/teams/messenger.js';
import { SqlStorage } from './channels/teams/sql-storage.js';
import { ConfigError, describeConfig, loadConfig, type AppConfig } from './config/index.js';
import { createLogger } from './config/logger.js';
import { BotCore } from './core/bot.js';
import type { ConversationMessenger, Logger } from './core/ports.js';
import type { AlertsStartOptions } from './features/alerts/bot-wiring.js';
import { PrometheusMetrics } from './http/metrics.js';
import { reportRoutes } from './http/reports.js';
import { createHttpApp, listen, type HealthCheck } from './http/server.js';
import { loadFaqMatcher } from './features/ask/knowledge/index.js';
import type { FaqMatcher } from './features/ask/knowledge/types.js';
import { createAlertsWiring } from './features/alerts/bot-wiring.js';
import { createLearning, type PhrasingTarget } from './features/ask/learning/index.js';
import { alertEventsRetention } from './features/alerts/queue.js';
import { executionRecordsRetention, finishedRequestsRetention } from './features/act/retention.js';
import type { AuditLog } from './features/act/approvals/audit-log.js';
import { Retention } from './storage/retention.js';
import { missesRetention } from './features/ask/learning/retention.js';
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
        config.bot?.appPassword,
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
    // The messenger needs the channel, the channel needs the core, the core needs Act: resolved at first use.
    const teamsMessenger: { current?: ConversationMessenger } = {};
    const messenger: ConversationMessenger = {
      send: (...a) => teamsMessenger.current!.send(...a),
      update: (...a) => teamsMessenger.current!.update(...a),
    };
    let publicUrl = config.publicUrl;
    const act = await createAct({
      db,
      logger,
      messenger,
      registries: config.registries,
      policyFile: config.policyFile,
      leaseInMs: config.executionLeaseInMs,
      publicUrl: () => publicUrl,
      connector: options.registryConnector,
    });
    const alerts = createAlertsWiring(
      config,
      db,
      logger,
      { ...options.alerts, metrics },
      createRetention(config, db, feedback, act.audit),
    );
    // Learning from feedback needs a matcher that takes phrasings (the real one; test fakes may not).
    const learning = isPhrasingTarget(matcher)
      ? createLearning({
          db,
          matcher,
          policy: act.policy,
          audit: act.audit,
          hashUser: (platform, userId) => feedback.hashUserId(platform, userId),
          logger,
        })
      : undefined;
    await learning?.overlay.start();
    const core = new BotCore({
      matcher,
      feedback,
      logger,
      defaultLang: config.defaultLang,
      features: [...(learning ? [learning.feature] : []), act.feature, alerts.feature],
    });
    const teams = new TeamsChannel({
      core,
      references,
      metrics,
      logger,
      storage: new SqlStorage(new StateStore(db)),
      credentials: config.bot,
    });

    teamsMessenger.current = new TeamsMessenger({ adapter: teams.adapter, references, botAppId: config.bot?.appId });

    const healthChecks: HealthCheck[] = [
      { name: 'knowledge', check: async () => ({ ok: matcher.size > 0, detail: `${matcher.size} entries` }) },
      { name: 'database', check: async () => (await db.query('SELECT 1 AS ok'), { ok: true, detail: db.kind }) },
    ];
    const app = createHttpApp({
      messages: (req, res) => teams.process(req, res),
      healthChecks,
      metrics,
      logger,
      bodyLimitInBytes: config.bodyLimitInBytes,
      mounts: [{ path: '/api/alerts', router: alerts.router }],
      routes: [reportRoutes(act.reports)],
      metricsAccess: config.metrics,
    });
    const server = await listen(app, config.port, config.host);
    publicUrl ??= server.url;
    alerts.start(messenger);
    // Resume executions a crashed instance left behind; then sweep expiries and orphans on a timer.
    await act.runner.recover();
    const sweeper = setInterval(
      () => act.feature.sweep().catch((err) => logger.warn({ err }, 'act sweep failed')),
      config.expirySweepInMs,
    );
    sweeper.unref();
    logger.info(
      {
        url: server.url,
        messagesEndpoint: `${server.url}/api/messages`,
        database: db.kind,
        auth: config.bot ? 'bot-framework-jwt' : 'none (local development)',
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
          clearInterval(sweeper);
          learning?.overlay.stop();
          await withTimeout(act.runner.stop(), config.shutdownTimeoutInMs);
          await withTimeout(server.close(), config.shutdownTimeoutInMs);
          await alerts.stop();
          await db.close();
          logger.info({}, 'stopped');
        })()),
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}

/** Old rows of every area, deleted by the watchers' lease holder; each run that deleted something is audited. */
export function createRetention(
  config: AppConfig,
  db: SqlDatabase,
  feedback: FeedbackStore,
  audit: AuditLog,
): Retention {
  return new Retention({
    retentionDays: config.retentionDays,
    tasks: [
      alertEventsRetention(db),
      { name: 'feedback', purge: (olderThan) => feedback.purgeOlderThan(olderThan) },
      finishedRequestsRetention(db),
      ...executionRecordsRetention(db),
      missesRetention(db),
    ],
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

function isPhrasingTarget(matcher: FaqMatcher): matcher is FaqMatcher & PhrasingTarget {
  return typeof (matcher as Partial<PhrasingTarget>).addPhrasings === 'function';
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
