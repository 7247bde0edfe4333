/** One HTTP exchange with a timeout and the caller's AbortSignal, mapped to typed errors. */
import { RegistryError, redactUrl } from '../errors.js';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface TimedFetchOptions {
  fetch: FetchLike;
  timeoutInMs: number;
  abortSignal?: AbortSignal;
}

export async function timedFetch(url: string, init: RequestInit, options: TimedFetchOptions): Promise<Response> {
  const timeout = AbortSignal.timeout(options.timeoutInMs);
  const signal = options.abortSignal ? AbortSignal.any([options.abortSignal, timeout]) : timeout;
  try {
    return await options.fetch(url, { ...init, signal, redirect: init.redirect ?? 'follow' });
  } catch (error) {
    const method = init.method ?? 'GET';
    if (options.abortSignal?.aborted)
      throw new RegistryError(`${method} ${redactUrl(url)} was cancelled`, { code: 'ABORTED', cause: error });
    if (timeout.aborted) {
      throw new RegistryError(`${method} ${redactUrl(url)} timed out after ${options.timeoutInMs} ms`, {
        code: 'TIMEOUT',
        cause: error,
      });
    }
    // undici wraps the socket error (ECONNREFUSED, ECONNRESET, certificate errors) in `cause`.
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new RegistryError(`${method} ${redactUrl(url)} failed: ${reason}`, {
      code: cause?.code ?? 'NETWORK',
      cause: error,
    });
  }
}
