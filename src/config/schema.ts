import type { TeamsCredentials } from '../core/ports.js';
import { z } from 'zod';
import { SUPPORTED_LANGS, type Lang } from '../core/lang.js';

/** Keys whose values are secrets: never logged, never echoed in errors. */
export const SECRET_KEYS = [
  'MicrosoftAppPassword',
  'BOT_PASSWORD',
  'DATABASE_URL',
  'CHATOPS_FEEDBACK_HASH_KEY',
  'CHATOPS_ALERTS_ACR_SECRET',
  'CHATOPS_ALERTS_EVENTGRID_KEY',
  'CHATOPS_ALERTS_MONITOR_TOKEN',
  'CHATOPS_METRICS_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_BOT_TOKEN',
] as const;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const APP_TYPES = [
  'MultiTenant',
  'SingleTenant',
  'UserAssignedMSI',
] as const satisfies readonly TeamsCredentials['appType'][];
const DATABASE_AUTH = ['password', 'entra'] as const;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());

const langList = z.string().transform((raw, ctx) => {
  const langs = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = langs.filter((l) => !(SUPPORTED_LANGS as readonly string[]).includes(l));
  if (unknown.length > 0 || langs.length === 0) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `expected a comma-separated list of ${SUPPORTED_LANGS.join(', ')}`,
    });
    return z.NEVER;
  }
  return langs as Lang[];
});

/** Slack's own Web API (WebClient's default); SLACK_API_URL replaces it (the local fake in tests). */
export const SLACK_API_URL_DEFAULT = 'https://slack.com/api/';

/** Short registry name as alerts and chat use it ("myregistry"). */
const REGISTRY_NAME = /^[a-z0-9][a-z0-9-]{1,49}$/;

/** CHATOPS_REGISTRIES: `name=acr:registryname,name2=https://host` → [{ name, reference }]. */
const registryList = z.string().transform((raw, ctx) => {
  const registries: ConfiguredRegistry[] = [];
  for (const [index, item] of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .entries()) {
    const eq = item.indexOf('=');
    const name = item.slice(0, eq).trim().toLowerCase();
    const reference = item.slice(eq + 1).trim();
    const problem =
      eq < 0
        ? `entry ${index + 1} is not name=reference`
        : !REGISTRY_NAME.test(name)
          ? `"${name}" is not a registry name (2–50 lower-case letters, digits, dashes)`
          : !/^acr:[a-zA-Z0-9]{5,50}$/.test(reference) && !/^https?:\/\/[^\s/@]+\/?$/.test(reference)
            ? `"${name}": expected acr:NAME or an http(s) URL without credentials or path`
            : registries.some((r) => r.name === name)
              ? `"${name}" is listed twice`
              : undefined;
    if (problem) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
      return z.NEVER;
    }
    registries.push({ name, reference });
  }
  return registries;
});

/** Raw environment shape: one entry per variable, defaults documented in README (section:bot). */
export const envSchema = z.object({
  // Unset: PORT (set by App Service / Container Apps, then bound on 0.0.0.0), else 3978 on loopback.
  CHATOPS_PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).optional()),
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(65535).optional()),
  CHATOPS_HOST: z.preprocess(emptyToUndefined, z.string().min(1).optional()),
  CHATOPS_LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  CHATOPS_DATA_DIR: z.string().min(1).default('./data'),
  CHATOPS_KNOWLEDGE_DIR: optionalString,
  CHATOPS_DEFAULT_LANG: z.enum(SUPPORTED_LANGS).default('en'),
  CHATOPS_FALLBACK_LANGS: z.preprocess(emptyToUndefined, langList.optional()),
  CHATOPS_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10 * 1024 * 1024)
    .default(256 * 1024),
  CHATOPS_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  CHATOPS_FEEDBACK_HASH_KEY: z.preprocess(
    emptyToUndefined,
    z.string().min(16, 'must be at least 16 characters').optional(),
  ),
  CHATOPS_REGISTRIES: z.preprocess(emptyToUndefined, registryList.optional()),
  CHATOPS_POLICY_FILE: optionalString,
  CHATOPS_PUBLIC_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
  CHATOPS_EXECUTION_LEASE_MS: z.coerce.number().int().min(500).max(3_600_000).default(30_000),
  CHATOPS_EXPIRY_SWEEP_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  CHATOPS_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(30),
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL')
      .optional(),
  ),
  // entra: the pool signs in with a Microsoft Entra token of the managed identity instead of a password.
  CHATOPS_DATABASE_AUTH: z.preprocess(emptyToUndefined, z.enum(DATABASE_AUTH).default('password')),
  // Client id of the user-assigned managed identity (also read by @azure/identity itself).
  AZURE_CLIENT_ID: optionalString,
  // Read by src/registry/factory.ts: usage, task runs and the admin-user watcher go through Resource Manager.
  CHATOPS_AZURE_SUBSCRIPTION_ID: z.preprocess(
    emptyToUndefined,
    z.string().regex(GUID, 'expected a subscription id (GUID)').optional(),
  ),
  CHATOPS_AZURE_RESOURCE_GROUP: optionalString,
  // Set: GET /metrics needs "Authorization: Bearer <token>". Unset: open locally, off (404) with bot credentials.
  CHATOPS_METRICS_TOKEN: z.preprocess(
    emptyToUndefined,
    z.string().min(16, 'must be at least 16 characters').optional(),
  ),
  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  MicrosoftAppType: z.preprocess(emptyToUndefined, z.enum(APP_TYPES).default('MultiTenant')),
  MicrosoftAppTenantId: optionalString,
  BOT_ID: optionalString,
  BOT_PASSWORD: optionalString,
  // Alert receivers: an endpoint whose secret is unset answers 404.
  CHATOPS_ALERTS_ACR_SECRET: z.preprocess(
    emptyToUndefined,
    z.string().min(16, 'must be at least 16 characters').optional(),
  ),
  CHATOPS_ALERTS_ACR_SECRET_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/, 'expected an HTTP header name')
    .default('x-acr-webhook-secret'),
  CHATOPS_ALERTS_EVENTGRID_KEY: z.preprocess(
    emptyToUndefined,
    z.string().min(16, 'must be at least 16 characters').optional(),
  ),
  CHATOPS_ALERTS_MONITOR_TOKEN: z.preprocess(
    emptyToUndefined,
    z.string().min(16, 'must be at least 16 characters').optional(),
  ),
  // Teams' /api/messages: `on` (default, except below), `off`; without Bot Framework credentials it has no JWT
  // check (local development), so with Slack configured and no credentials it is off unless set `on`.
  CHATOPS_TEAMS: z.preprocess(emptyToUndefined, z.enum(['on', 'off']).optional()),
  // Slack (src/channels/slack): off unless both secrets are set; one without the other is a start-up error.
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_BOT_TOKEN: optionalString,
  // The Web API base URL; tests point it at the local fake (test/helpers/slack).
  SLACK_API_URL: z.preprocess(emptyToUndefined, z.string().url().default(SLACK_API_URL_DEFAULT)),
  CHATOPS_ALERTS_MAX_QUEUED_EVENTS: z.coerce.number().int().min(1).max(10_000_000).default(10_000),
  CHATOPS_ALERTS_WATCH_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(5 * 60_000),
});

export type RawEnv = z.infer<typeof envSchema>;

/** One registry the bot works with: the short name chat and alerts use, and where it is. */
export interface ConfiguredRegistry {
  name: string;
  /** `acr:registryname` or an http(s) registry URL (see src/registry/factory.ts). */
  reference: string;
}

/** One Slack workspace (single-workspace app): where requests are checked and answers go. */
export interface SlackConfig {
  /** Checks the v0 signature of every request Slack sends to /slack/events. */
  signingSecret: string;
  /** The bot token (xoxb-…) for the Web API. */
  botToken: string;
  /** Web API base URL, ending in a slash. */
  apiUrl: string;
}

export interface AlertsConfig {
  /** Value of the ACR webhook's custom header; unset = POST /api/alerts/acr answers 404. */
  acrWebhookSecret?: string;
  acrSecretHeader: string;
  eventGridKey?: string;
  monitorToken?: string;
  maxQueuedEvents: number;
  /** How often the built-in watchers (quota, failed runs, admin user) poll. */
  watchIntervalInMs: number;
}

export interface AppConfig {
  port: number;
  host: string;
  logLevel: (typeof LOG_LEVELS)[number];
  dataDir: string;
  /** Default: knowledge/ of this checkout. */
  knowledgeDir?: string;
  /** Language of the bot's own strings when the client locale is missing or unsupported. */
  defaultLang: Lang;
  /** Order of languages to answer in when the asker's is missing; default: the knowledge base's own. */
  fallbackLangs?: readonly Lang[];
  bodyLimitInBytes: number;
  shutdownTimeoutInMs: number;
  /** HMAC key for user ids in the feedback table (default: the storage module's fixed key). */
  feedbackHashKey?: string;
  /** PostgreSQL when set; embedded PGlite under dataDir otherwise. */
  databaseUrl?: string;
  /** How the PostgreSQL pool signs in: the URL's password, or an Entra token of the managed identity. */
  databaseAuth: (typeof DATABASE_AUTH)[number];
  /** Client id of the user-assigned managed identity (Entra database sign-in). */
  azureClientId?: string;
  /** GET /metrics: open (local development), bearer token, or off. */
  metrics: { access: 'open' } | { access: 'token'; token: string } | { access: 'off' };
  /** Whether /api/messages is served (CHATOPS_TEAMS; see there for the default). */
  teamsEnabled: boolean;
  /** Bot Framework credentials; absent = local development without JWT auth (Agents Playground). */
  teams?: TeamsCredentials;
  /** Slack; absent = Slack off (SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN unset). */
  slack?: SlackConfig;
  /** CHATOPS_REGISTRIES; empty when unset. */
  registries: readonly ConfiguredRegistry[];
  alerts: AlertsConfig;
  /** Approval policy YAML; default: src/features/act/approvals/policy.default.yaml. */
  policyFile?: string;
  /** Base URL people's browsers reach the bot at (report download links); default: the listen URL. */
  publicUrl?: string;
  /** How long an execution claim holds without renewal (a crashed worker's run resumes after it). */
  executionLeaseInMs: number;
  /** How often expired requests are swept and orphaned executions are picked up. */
  expirySweepInMs: number;
  /** Delivered alerts, feedback, ended requests and reports older than this are deleted (never the audit log). */
  retentionDays: number;
}

export type { TeamsCredentials };
