/**
 * Typed registry errors. Messages never contain credentials, tokens or Authorization headers:
 * only the HTTP method, the path and what the registry said.
 */

/** One entry of the Distribution API's `{"errors":[{code,message,detail}]}` body. */
export interface RegistryErrorDetail {
  code: string;
  message?: string;
}

export interface RegistryErrorOptions {
  status?: number;
  /** First error code of the registry's JSON body, e.g. MANIFEST_UNKNOWN, UNAUTHORIZED, DENIED. */
  code?: string;
  details?: RegistryErrorDetail[];
  /** Seconds from a Retry-After header (429/503), when present. */
  retryAfterInSeconds?: number;
  cause?: unknown;
}

export class RegistryError extends Error {
  readonly status?: number;
  readonly code?: string;
  readonly details: RegistryErrorDetail[];
  readonly retryAfterInSeconds?: number;

  constructor(message: string, options: RegistryErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RegistryError';
    this.status = options.status;
    this.code = options.code;
    this.details = options.details ?? [];
    this.retryAfterInSeconds = options.retryAfterInSeconds;
  }

  /** 429 and 5xx, and network failures (no status), are worth retrying. */
  get retryable(): boolean {
    return this.status === undefined || this.status === 429 || this.status >= 500;
  }
}

/** Parses the Distribution API error body; tolerates anything else (HTML error pages, empty bodies). */
export function parseRegistryErrorBody(text: string): RegistryErrorDetail[] {
  if (!text) return [];
  try {
    const body = JSON.parse(text) as { errors?: unknown };
    if (!Array.isArray(body.errors)) return [];
    return body.errors
      .filter((e): e is { code: unknown; message?: unknown } => typeof e === 'object' && e !== null && 'code' in e)
      .map((e) => ({ code: String(e.code), message: typeof e.message === 'string' ? e.message : undefined }));
  } catch {
    return [];
  }
}

/** Removes userinfo and query strings (which may hold tokens) from a URL before it goes into a message. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    const path = u.pathname;
    return `${u.origin}${path}${u.search ? '?…' : ''}`;
  } catch {
    return '(invalid url)';
  }
}

export function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, (date - Date.now()) / 1000);
}
