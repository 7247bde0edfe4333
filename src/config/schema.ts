import { z } from 'zod';
import { SUPPORTED_LANGS, type Lang } from '../knowledge/types.js';

/** Keys whose values are secrets: never logged, never echoed in errors. */
export const SECRET_KEYS = ['MicrosoftAppPassword', 'BOT_PASSWORD', 'DATABASE_URL', 'CHATOPS_FEEDBACK_HASH_KEY'] as const;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());

const langList = z.string().transform((raw, ctx) => {
  const langs = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = langs.filter((l) => !(SUPPORTED_LANGS as readonly string[]).includes(l));
  if (unknown.length > 0 || langs.length === 0) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `expected a comma-separated list of ${SUPPORTED_LANGS.join(', ')}` });
    return z.NEVER;
  }
  return langs as Lang[];
});

/** `name=reference,…` (reference: acr:NAME or a registry URL); checked again when clients are built. */
const registryList = z.string().transform((raw, ctx) => {
  const entries = raw.split(',').map((s) => s.trim()).filter(Boolean).map((pair) => {
    const eq = pair.indexOf('=');
    return { name: eq > 0 ? pair.slice(0, eq).trim().toLowerCase() : '', reference: eq > 0 ? pair.slice(eq + 1).trim() : '' };
  });
  const bad = entries.filter((e) => !/^[a-z0-9][a-z0-9-]{0,49}$/.test(e.name) || e.reference === '');
  const names = entries.map((e) => e.name);
  if (entries.length === 0 || bad.length > 0 || new Set(names).size !== names.length) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'expected name=acr:REGISTRY or name=URL, comma-separated, with distinct names' });
    return z.NEVER;
  }
  return entries;
});

/** Raw environment shape: one entry per variable, defaults documented in README (section:bot). */
export const envSchema = z.object({
  CHATOPS_PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  CHATOPS_HOST: z.string().min(1).default('127.0.0.1'),
  CHATOPS_LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  CHATOPS_DATA_DIR: z.string().min(1).default('./data'),
  CHATOPS_KNOWLEDGE_DIR: optionalString,
  CHATOPS_DEFAULT_LANG: z.enum(SUPPORTED_LANGS).default('en'),
  CHATOPS_FALLBACK_LANGS: z.preprocess(emptyToUndefined, langList.optional()),
  CHATOPS_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(10 * 1024 * 1024).default(256 * 1024),
  CHATOPS_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  CHATOPS_FEEDBACK_HASH_KEY: z.preprocess(emptyToUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  CHATOPS_REGISTRIES: z.preprocess(emptyToUndefined, registryList.optional()),
  CHATOPS_POLICY_FILE: optionalString,
  CHATOPS_PUBLIC_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
  CHATOPS_EXECUTION_LEASE_MS: z.coerce.number().int().min(500).max(3_600_000).default(30_000),
  CHATOPS_EXPIRY_SWEEP_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  DATABASE_URL: z.preprocess(emptyToUndefined, z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL').optional()),
  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  MicrosoftAppType: z.preprocess(emptyToUndefined, z.enum(APP_TYPES).default('MultiTenant')),
  MicrosoftAppTenantId: optionalString,
  BOT_ID: optionalString,
  BOT_PASSWORD: optionalString,
});

export type RawEnv = z.infer<typeof envSchema>;

export interface BotCredentials {
  appId: string;
  /** Absent for UserAssignedMSI. */
  appPassword?: string;
  appType: (typeof APP_TYPES)[number];
  tenantId?: string;
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
  /** Bot Framework credentials; absent = local development without JWT auth (Agents Playground). */
  bot?: BotCredentials;
  /** Registries chat actions may use, by short name; the first is the default. */
  registries?: readonly { name: string; reference: string }[];
  /** Approval policy YAML; default: src/approvals/policy.default.yaml. */
  policyFile?: string;
  /** Base URL people's browsers reach the bot at (report download links); default: the listen URL. */
  publicUrl?: string;
  /** How long an execution claim holds without renewal (a crashed worker's run resumes after it). */
  executionLeaseInMs: number;
  /** How often expired requests are swept and orphaned executions are picked up. */
  expirySweepInMs: number;
}
