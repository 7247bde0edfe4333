import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import type { AppConfig } from './schema.js';

/**
 * Paths pino censors wherever they appear in a log record (one level of wildcard: pino's redact
 * syntax). Covers HTTP auth headers, our config keys and the usual secret-ish field names.
 */
export const REDACT_PATHS = [
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'password',
  '*.password',
  'appPassword',
  '*.appPassword',
  'MicrosoftAppPassword',
  '*.MicrosoftAppPassword',
  'BOT_PASSWORD',
  '*.BOT_PASSWORD',
  'DATABASE_URL',
  '*.DATABASE_URL',
  'databaseUrl',
  '*.databaseUrl',
  'feedbackHashKey',
  '*.feedbackHashKey',
  'CHATOPS_FEEDBACK_HASH_KEY',
  '*.CHATOPS_FEEDBACK_HASH_KEY',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'secret',
  '*.secret',
  'clientSecret',
  '*.clientSecret',
  'signingSecret',
  '*.signingSecret',
  'botToken',
  '*.botToken',
  'SLACK_SIGNING_SECRET',
  '*.SLACK_SIGNING_SECRET',
  'SLACK_BOT_TOKEN',
  '*.SLACK_BOT_TOKEN',
];

export interface CreateLoggerOptions {
  level?: AppConfig['logLevel'];
  /** Where records go (default stdout). Tests pass a stream to read them back. */
  destination?: DestinationStream;
  /** Values (e.g. the app password) censored even where they appear inside strings. */
  secretValues?: readonly (string | undefined)[];
}

/** Structured JSON logs with secrets redacted by path and by value. */
export function createLogger(options: CreateLoggerOptions = {}): PinoLogger {
  const secrets = (options.secretValues ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 4);
  const scrub = (text: string) => secrets.reduce((acc, s) => acc.split(s).join('[redacted]'), text);
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'acr-chatops' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // A secret can hide inside an error message or URL: scrub the serialized line as the last step.
      ...(secrets.length > 0 ? { hooks: { streamWrite: scrub } } : {}),
    },
    options.destination,
  );
}
