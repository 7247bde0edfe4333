/**
 * Authentication for the Distribution API: anonymous, HTTP Basic, and the bearer-token challenge of the
 * Docker token spec (401 + `WWW-Authenticate: Bearer realm,service,scope` → GET realm → token).
 * Tokens are cached per scope until shortly before they expire; concurrent requests share one fetch.
 */
import { RegistryError, parseRegistryErrorBody, redactUrl } from '../errors.js';
import { timedFetch, type FetchLike } from './http.js';
import type { AuthChallenge } from './www-authenticate.js';

export interface BasicCredentials {
  username: string;
  password: string;
}

export interface OciAuthOptions {
  /** Sent as HTTP Basic, or to the token realm; absent means anonymous. */
  credentials?: BasicCredentials;
  fetch: FetchLike;
  timeoutInMs: number;
  /** Seconds a token is assumed valid when the token server gives no `expires_in` (spec: 60). */
  defaultTokenLifetimeInSeconds?: number;
  now?: () => number;
}

interface CachedToken {
  token: string;
  expiresAtInMs: number;
}

export interface TokenResult {
  token: string;
  expiresInSeconds: number;
}

export class OciAuthenticator {
  private scheme: 'none' | 'basic' | 'bearer' = 'none';
  private bearerChallenge?: AuthChallenge;
  private readonly tokens = new Map<string, CachedToken>();
  private readonly pending = new Map<string, Promise<string>>();
  private readonly now: () => number;

  constructor(private readonly options: OciAuthOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The Authorization header to send pre-emptively for this scope, if the scheme is already known. */
  async authorizationFor(scope: string, abortSignal?: AbortSignal): Promise<string | undefined> {
    if (this.scheme === 'basic') return this.basicHeader();
    if (this.scheme === 'bearer') {
      const cached = this.tokens.get(scope);
      if (cached && cached.expiresAtInMs > this.now()) return `Bearer ${cached.token}`;
      if (this.bearerChallenge) return `Bearer ${await this.fetchToken(scope, this.bearerChallenge, abortSignal)}`;
    }
    return undefined;
  }

  /**
   * Handles a 401 challenge. Returns the Authorization header to retry with, or undefined when there is
   * nothing more we can do (caller then reports the 401).
   */
  async answerChallenge(
    challenges: AuthChallenge[],
    scope: string,
    abortSignal?: AbortSignal,
  ): Promise<string | undefined> {
    const bearer = challenges.find((c) => c.scheme === 'bearer');
    if (bearer?.params.realm) {
      this.scheme = 'bearer';
      this.bearerChallenge = bearer;
      this.tokens.delete(scope);
      // The challenge's scope names exactly what this request needs; prefer it over our guess.
      const token = await this.fetchToken(scope, bearer, abortSignal, bearer.params.scope);
      return `Bearer ${token}`;
    }
    if (challenges.some((c) => c.scheme === 'basic') && this.options.credentials && this.scheme !== 'basic') {
      this.scheme = 'basic';
      return this.basicHeader();
    }
    return undefined;
  }

  private basicHeader(): string | undefined {
    const c = this.options.credentials;
    if (!c) return undefined;
    return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
  }

  private fetchToken(
    cacheKey: string,
    challenge: AuthChallenge,
    abortSignal?: AbortSignal,
    challengeScope?: string,
  ): Promise<string> {
    const inFlight = this.pending.get(cacheKey);
    if (inFlight) return inFlight;
    const promise = this.requestToken(challenge, challengeScope ?? cacheKey, abortSignal)
      .then((result) => {
        // Renew 10 % early (at least 5 s) so a token does not expire between check and use.
        const lifetimeInMs = result.expiresInSeconds * 1000;
        this.tokens.set(cacheKey, {
          token: result.token,
          expiresAtInMs: this.now() + lifetimeInMs - Math.max(5000, lifetimeInMs / 10),
        });
        return result.token;
      })
      .finally(() => this.pending.delete(cacheKey));
    this.pending.set(cacheKey, promise);
    return promise;
  }

  /** GET realm?service=…&scope=… with Basic credentials when we have them (Docker token spec). */
  async requestToken(
    challenge: AuthChallenge,
    scope: string | undefined,
    abortSignal?: AbortSignal,
  ): Promise<TokenResult> {
    const realm = new URL(challenge.params.realm);
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(realm.hostname);
    if (realm.protocol !== 'https:' && !loopback && this.options.credentials) {
      throw new RegistryError(
        `refusing to send credentials to a token realm over plain http (${redactUrl(realm.toString())})`,
        { code: 'INSECURE_REALM' },
      );
    }
    if (challenge.params.service) realm.searchParams.set('service', challenge.params.service);
    if (scope) realm.searchParams.set('scope', scope);
    const headers: Record<string, string> = { Accept: 'application/json' };
    const basic = this.basicHeader();
    if (basic) headers.Authorization = basic;
    const response = await timedFetch(realm.toString(), { method: 'GET', headers }, { ...this.options, abortSignal });
    const text = await response.text();
    if (!response.ok) {
      const details = parseRegistryErrorBody(text);
      throw new RegistryError(`token request to ${redactUrl(realm.toString())} failed with HTTP ${response.status}`, {
        status: response.status,
        code: details[0]?.code ?? (response.status === 401 ? 'UNAUTHORIZED' : 'TOKEN_ERROR'),
        details,
      });
    }
    let body: { token?: string; access_token?: string; expires_in?: number };
    try {
      body = JSON.parse(text);
    } catch {
      throw new RegistryError(`token response from ${redactUrl(realm.toString())} is not JSON`, {
        status: response.status,
        code: 'TOKEN_ERROR',
      });
    }
    const token = body.token ?? body.access_token;
    if (!token)
      throw new RegistryError(`token response from ${redactUrl(realm.toString())} has no token`, {
        code: 'TOKEN_ERROR',
      });
    const expiresInSeconds =
      typeof body.expires_in === 'number' && body.expires_in > 0
        ? body.expires_in
        : (this.options.defaultTokenLifetimeInSeconds ?? 60);
    return { token, expiresInSeconds };
  }
}
