/**
 * Which registry failures are worth retrying and for how long to wait: 429 and most 5xx, connection
 * resets and timeouts; `Retry-After` (seconds or an HTTP date) is honoured; otherwise exponential
 * backoff with full jitter (a random wait between 0 and base·2^attempt, capped).
 */

export type FailureKind = 'throttled' | 'transient' | 'permanent' | 'aborted';

export interface ClassifiedFailure {
  kind: FailureKind;
  statusCode?: number;
  retryAfterInMs?: number;
  /** Short, secret-free description for reports. */
  description: string;
}

const transientCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

type Loose = Record<string, unknown> & { cause?: unknown; response?: Record<string, unknown> };

function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? String(value[0]) : String(value);
  }
  return undefined;
}

/** `Retry-After: 7` or `Retry-After: Wed, 21 Oct 2015 07:28:00 GMT` → milliseconds from now. */
export function parseRetryAfterInMs(value: string | undefined, nowInMs = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowInMs);
}

function statusOf(error: Loose): number | undefined {
  for (const candidate of [error.statusCode, error.status, error.response?.status, error.response?.statusCode]) {
    if (typeof candidate === 'number') return candidate;
  }
  return undefined;
}

function codeOf(error: Loose): string | undefined {
  for (let current: unknown = error, depth = 0; current && typeof current === 'object' && depth < 4; depth++) {
    const code = (current as Loose).code;
    if (typeof code === 'string' && transientCodes.has(code)) return code;
    current = (current as Loose).cause;
  }
  return undefined;
}

export function classifyFailure(error: unknown, nowInMs = Date.now()): ClassifiedFailure {
  if (!error || typeof error !== 'object') return { kind: 'permanent', description: String(error) };
  const loose = error as Loose;
  if (loose.name === 'AbortError' || loose.code === 'ABORT_ERR' || loose.code === 'ABORTED')
    return { kind: 'aborted', description: 'aborted' };
  const statusCode = statusOf(loose);
  if (statusCode !== undefined) {
    const retryAfterInMs =
      typeof loose.retryAfterInMs === 'number'
        ? loose.retryAfterInMs
        : typeof loose.retryAfterInSeconds === 'number'
          ? Math.round(loose.retryAfterInSeconds * 1000)
          : parseRetryAfterInMs(
              headerValue(loose.headers, 'retry-after') ?? headerValue(loose.response?.headers, 'retry-after'),
              nowInMs,
            );
    const description = `HTTP ${statusCode}`;
    if (statusCode === 429) return { kind: 'throttled', statusCode, retryAfterInMs, description };
    if (statusCode === 408 || (statusCode >= 500 && statusCode !== 501 && statusCode !== 505)) {
      return { kind: 'transient', statusCode, retryAfterInMs, description };
    }
    return { kind: 'permanent', statusCode, description };
  }
  const code = codeOf(loose);
  if (code) return { kind: 'transient', description: code };
  // Providers that know better say so (RegistryError: a network failure without status is retryable).
  if (loose.retryable === true)
    return { kind: 'transient', description: error instanceof Error ? error.message.slice(0, 200) : 'network error' };
  const message = error instanceof Error ? error.message : 'unknown error';
  return { kind: 'permanent', description: message.slice(0, 200) };
}

export interface BackoffOptions {
  baseDelayInMs: number;
  maxDelayInMs: number;
  /** A server asking for more than this is not waited for in full. */
  maxRetryAfterInMs: number;
}

/** Wait before retry number `attempt` (1 = first retry). */
export function retryDelayInMs(
  attempt: number,
  failure: ClassifiedFailure,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxDelayInMs, options.baseDelayInMs * 2 ** Math.min(attempt - 1, 30));
  const jittered = Math.floor(random() * ceiling);
  if (failure.retryAfterInMs === undefined) return jittered;
  return Math.max(Math.min(failure.retryAfterInMs, options.maxRetryAfterInMs), jittered);
}
