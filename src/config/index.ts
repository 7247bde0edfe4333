import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { envSchema, SECRET_KEYS, type AppConfig, type RawEnv } from './schema.js';

export type { AlertsConfig, AppConfig, ConfiguredRegistry, SlackConfig, TeamsCredentials } from './schema.js';
export { SECRET_KEYS } from './schema.js';

/** Thrown when the environment does not describe a valid configuration. Lists keys, never values. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly { key: string; problem: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p.key}: ${p.problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface LoadConfigOptions {
  /** Variables to read (default: process.env). They win over the .env file. */
  env?: Record<string, string | undefined>;
  /** Path of a dotenv file to read first; default `.env` in the working directory; `null` to skip. */
  dotenvPath?: string | null;
}

/** Reads env (+ .env), validates it and returns one frozen config. Throws ConfigError on bad input. */
export function loadConfig(options: LoadConfigOptions = {}): Readonly<AppConfig> {
  const dotenvPath = options.dotenvPath === undefined ? '.env' : options.dotenvPath;
  const fromFile = dotenvPath && existsSync(dotenvPath) ? parseEnv(readFileSync(dotenvPath, 'utf8')) : {};
  const merged = { ...fromFile, ...(options.env ?? process.env) };

  const unresolved = unresolvedKeyVaultReferences(merged);
  if (unresolved.length > 0) throw new ConfigError(unresolved);
  const parsed = envSchema
    .superRefine(checkCredentials)
    .superRefine(checkDatabaseAuth)
    .superRefine(checkSlack)
    .safeParse(merged);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map(describeIssue));
  return deepFreeze(toAppConfig(parsed.data));
}

/**
 * App Service injects the literal `@Microsoft.KeyVault(...)` text when it cannot read a referenced secret
 * (missing secret, no permission, no network path). Such a value would pass as a webhook secret: refuse it.
 */
function unresolvedKeyVaultReferences(env: Record<string, string | undefined>): { key: string; problem: string }[] {
  return Object.keys(envSchema.shape)
    .filter((key) => /^\s*@Microsoft\.KeyVault\(/i.test(env[key] ?? ''))
    .map((key) => ({
      key,
      problem:
        'is an unresolved Key Vault reference: App Service could not read the secret (does it exist, may the identity read it, can the app reach the vault?)',
    }));
}

function checkCredentials(env: RawEnv, ctx: z.RefinementCtx): void {
  const appId = env.MicrosoftAppId ?? env.BOT_ID;
  const password = env.MicrosoftAppPassword ?? env.BOT_PASSWORD;
  const issue = (key: string, message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message });
  if (!appId) {
    if (password) issue('MicrosoftAppId', 'required when MicrosoftAppPassword is set');
    return;
  }
  if (env.MicrosoftAppType !== 'UserAssignedMSI' && !password)
    issue('MicrosoftAppPassword', `required when MicrosoftAppType is ${env.MicrosoftAppType}`);
  if (env.MicrosoftAppType !== 'MultiTenant' && !env.MicrosoftAppTenantId)
    issue('MicrosoftAppTenantId', `required when MicrosoftAppType is ${env.MicrosoftAppType}`);
}

function checkDatabaseAuth(env: RawEnv, ctx: z.RefinementCtx): void {
  if (env.CHATOPS_DATABASE_AUTH === 'entra' && !env.DATABASE_URL) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['DATABASE_URL'],
      message: 'required when CHATOPS_DATABASE_AUTH is entra',
    });
  }
}

/**
 * Slack is on with both secrets and off with neither; one alone is a mistake worth stopping for. The
 * messages name the keys and what is expected, never a value.
 */
function checkSlack(env: RawEnv, ctx: z.RefinementCtx): void {
  const issue = (key: string, message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message });
  const secret = env.SLACK_SIGNING_SECRET;
  const token = env.SLACK_BOT_TOKEN;
  if (secret && !token) issue('SLACK_BOT_TOKEN', 'required when SLACK_SIGNING_SECRET is set (Slack needs both)');
  if (token && !secret) issue('SLACK_SIGNING_SECRET', 'required when SLACK_BOT_TOKEN is set (Slack needs both)');
  if (token && !/^xoxb-[\w-]+$/.test(token)) issue('SLACK_BOT_TOKEN', 'expected a bot token (xoxb-…)');
  if (secret && secret.length < 16) issue('SLACK_SIGNING_SECRET', 'must be at least 16 characters');
  if (!/^https?:\/\//i.test(env.SLACK_API_URL)) issue('SLACK_API_URL', 'expected an http(s) URL');
}

/** zod messages for enums quote the received value: rebuild them so no value (maybe a secret) leaks. */
function describeIssue(issue: z.ZodIssue): { key: string; problem: string } {
  const key = issue.path.join('.') || '(root)';
  let problem = issue.message;
  if (issue.code === z.ZodIssueCode.invalid_enum_value) problem = `expected one of ${issue.options.join(', ')}`;
  else if ((SECRET_KEYS as readonly string[]).includes(key) && issue.code !== z.ZodIssueCode.custom)
    problem = 'invalid value';
  return { key, problem };
}

function toAppConfig(env: RawEnv): AppConfig {
  const appId = env.MicrosoftAppId ?? env.BOT_ID;
  // The platform's PORT is where App Service forwards traffic, from outside the container: all interfaces,
  // but only with bot credentials (a stray PORT in a developer's shell must not expose the unauthenticated local mode).
  const platformPort = env.CHATOPS_PORT === undefined ? env.PORT : undefined;
  return {
    port: env.CHATOPS_PORT ?? platformPort ?? 3978,
    host: env.CHATOPS_HOST ?? (platformPort !== undefined && appId ? '0.0.0.0' : '127.0.0.1'),
    logLevel: env.CHATOPS_LOG_LEVEL,
    dataDir: env.CHATOPS_DATA_DIR,
    knowledgeDir: env.CHATOPS_KNOWLEDGE_DIR,
    defaultLang: env.CHATOPS_DEFAULT_LANG,
    fallbackLangs: env.CHATOPS_FALLBACK_LANGS,
    bodyLimitInBytes: env.CHATOPS_BODY_LIMIT_BYTES,
    shutdownTimeoutInMs: env.CHATOPS_SHUTDOWN_TIMEOUT_MS,
    feedbackHashKey: env.CHATOPS_FEEDBACK_HASH_KEY,
    databaseUrl: env.DATABASE_URL,
    databaseAuth: env.CHATOPS_DATABASE_AUTH,
    azureClientId: env.AZURE_CLIENT_ID,
    metrics: env.CHATOPS_METRICS_TOKEN
      ? { access: 'token', token: env.CHATOPS_METRICS_TOKEN }
      : appId
        ? { access: 'off' }
        : { access: 'open' },
    policyFile: env.CHATOPS_POLICY_FILE,
    publicUrl: env.CHATOPS_PUBLIC_URL?.replace(/\/+$/, ''),
    executionLeaseInMs: env.CHATOPS_EXECUTION_LEASE_MS,
    expirySweepInMs: env.CHATOPS_EXPIRY_SWEEP_MS,
    retentionDays: env.CHATOPS_RETENTION_DAYS,
    // Unauthenticated Teams traffic is for local development; a Slack deployment without Teams credentials
    // must not open an endpoint where anyone could speak as anyone.
    teamsEnabled:
      env.CHATOPS_TEAMS !== undefined
        ? env.CHATOPS_TEAMS === 'on'
        : Boolean(appId) || !(env.SLACK_SIGNING_SECRET && env.SLACK_BOT_TOKEN),
    teams: appId
      ? {
          appId,
          appPassword: env.MicrosoftAppPassword ?? env.BOT_PASSWORD,
          appType: env.MicrosoftAppType,
          tenantId: env.MicrosoftAppTenantId,
        }
      : undefined,
    slack:
      env.SLACK_SIGNING_SECRET && env.SLACK_BOT_TOKEN
        ? {
            signingSecret: env.SLACK_SIGNING_SECRET,
            botToken: env.SLACK_BOT_TOKEN,
            // WebClient appends the method name to the base URL.
            apiUrl: env.SLACK_API_URL.endsWith('/') ? env.SLACK_API_URL : `${env.SLACK_API_URL}/`,
          }
        : undefined,
    registries: env.CHATOPS_REGISTRIES ?? [],
    alerts: {
      acrWebhookSecret: env.CHATOPS_ALERTS_ACR_SECRET,
      acrSecretHeader: env.CHATOPS_ALERTS_ACR_SECRET_HEADER.toLowerCase(),
      eventGridKey: env.CHATOPS_ALERTS_EVENTGRID_KEY,
      monitorToken: env.CHATOPS_ALERTS_MONITOR_TOKEN,
      maxQueuedEvents: env.CHATOPS_ALERTS_MAX_QUEUED_EVENTS,
      watchIntervalInMs: env.CHATOPS_ALERTS_WATCH_INTERVAL_MS,
    },
  };
}

/** A loggable view of the config: secrets replaced by "[redacted]". */
export function describeConfig(config: AppConfig): Record<string, unknown> {
  const { databaseUrl, teams, feedbackHashKey, alerts, metrics, slack, ...rest } = config;
  const redacted = (secret: string | undefined) => (secret ? '[redacted]' : 'unset (endpoint answers 404)');
  return {
    ...rest,
    alerts: {
      ...alerts,
      acrWebhookSecret: redacted(alerts.acrWebhookSecret),
      eventGridKey: redacted(alerts.eventGridKey),
      monitorToken: redacted(alerts.monitorToken),
    },
    database: databaseUrl ? `postgres ([redacted] URL, ${config.databaseAuth} sign-in)` : 'pglite (embedded)',
    metrics: metrics.access,
    feedbackHashKey: feedbackHashKey ? '[redacted]' : 'default',
    slack: slack
      ? { apiUrl: slack.apiUrl, signingSecret: '[redacted]', botToken: '[redacted]' }
      : 'off (SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN unset)',
    ...(teams
      ? {
          teams: {
            appId: teams.appId,
            appType: teams.appType,
            tenantId: teams.tenantId,
            appPassword: teams.appPassword ? '[redacted]' : 'none',
          },
        }
      : { teams: 'no credentials (local development)' }),
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
