/**
 * Bot Framework token signing keys, fetched from the OpenID metadata document and cached.
 *
 * botbuilder's own cache throws once its keys are 24 h old and the metadata cannot be fetched, which
 * stops valid traffic during a metadata outage, and its failures surface as a 500 carrying the
 * internal error text. This cache keeps serving the keys it has while a refresh fails, refreshes at
 * most every few minutes for an unknown key id (forged tokens cannot make us fetch on every request),
 * and says "unavailable" (→ 503) only when it has no key to check a token with. It is installed as
 * botbuilder's metadata for the URL, so both the pre-check below and botbuilder's full validation use it.
 */
import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { AuthenticationConstants } from 'botframework-connector';
// Not re-exported by the package index; its static per-URL metadata cache is what we replace.
import { JwtTokenExtractor } from 'botframework-connector/lib/auth/jwtTokenExtractor.js';

/** The signing keys cannot be had right now: answer 503 so the channel retries; nothing internal in it. */
export class SigningKeysUnavailableError extends Error {
  constructor(readonly reason: string) {
    super('bot framework signing keys unavailable');
    this.name = 'SigningKeysUnavailableError';
  }
}

/** A token that fails the pre-check: 401. `reason` is for the log only. */
export class TokenRejectedError extends Error {
  constructor(readonly reason: string) {
    super('token rejected');
    this.name = 'TokenRejectedError';
  }
}

export interface SigningKeysOptions {
  /** OpenID metadata document; default the Bot Framework channel's. */
  metadataUrl?: string;
  /** Keys older than this are refreshed (kept when the refresh fails); default 24 h. */
  refreshIntervalInMs?: number;
  /** An unknown key id triggers a refresh at most this often; default 5 min. */
  minRefreshIntervalInMs?: number;
  timeoutInMs?: number;
  now?: () => number;
  fetch?: typeof fetch;
}

interface CachedKey {
  key: string;
  endorsements?: string[];
}

interface Jwk extends JsonWebKey {
  kid?: string;
  endorsements?: string[];
}

export class BotFrameworkSigningKeys {
  readonly metadataUrl: string;
  private keys = new Map<string, CachedKey>();
  private refreshedAt = 0;
  private attemptedAt = Number.NEGATIVE_INFINITY;
  private lastFailure?: string;
  private inflight?: Promise<void>;

  constructor(private readonly options: SigningKeysOptions = {}) {
    this.metadataUrl = options.metadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl;
  }

  /** Makes botbuilder's JWT validation use this cache for its metadata URL. */
  installInBotbuilder(): this {
    (JwtTokenExtractor as unknown as { openIdMetadataCache: Map<string, unknown> }).openIdMetadataCache.set(
      this.metadataUrl,
      this,
    );
    return this;
  }

  /** botbuilder's OpenIdMetadata contract: the PEM key for `keyId`, null when there is none. */
  async getKey(keyId: string): Promise<CachedKey | null> {
    const now = this.now();
    const stale = now - this.refreshedAt > (this.options.refreshIntervalInMs ?? 24 * 3_600_000);
    const unknown = !this.keys.has(keyId);
    const mayRefresh =
      this.keys.size === 0 || now - this.attemptedAt > (this.options.minRefreshIntervalInMs ?? 5 * 60_000);
    if ((stale || unknown) && mayRefresh) await this.refresh();
    const found = this.keys.get(keyId);
    if (found) return found;
    // No key to decide with and the metadata is failing: a real sender must retry, not be refused.
    if (this.lastFailure) throw new SigningKeysUnavailableError(this.lastFailure);
    return null;
  }

  private refresh(): Promise<void> {
    this.inflight ??= this.load().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async load(): Promise<void> {
    this.attemptedAt = this.now();
    try {
      const config = (await this.getJson(this.metadataUrl)) as { jwks_uri?: unknown };
      if (typeof config.jwks_uri !== 'string') throw new Error('metadata has no jwks_uri');
      const { keys } = (await this.getJson(config.jwks_uri)) as { keys?: Jwk[] };
      const next = new Map<string, CachedKey>();
      for (const jwk of keys ?? []) {
        if (!jwk.kid || jwk.kty !== 'RSA' || !jwk.n || !jwk.e) continue;
        const key = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' })
          .export({ type: 'spki', format: 'pem' })
          .toString();
        next.set(jwk.kid, { key, ...(jwk.endorsements ? { endorsements: jwk.endorsements } : {}) });
      }
      if (next.size === 0) throw new Error('metadata lists no RSA signing key');
      this.keys = next;
      this.refreshedAt = this.attemptedAt;
      this.lastFailure = undefined;
    } catch (err) {
      // Keep the keys we have: an outage of the metadata must not stop valid traffic.
      this.lastFailure = err instanceof Error ? err.message : String(err);
    }
  }

  private async getJson(url: string): Promise<unknown> {
    const res = await (this.options.fetch ?? fetch)(url, {
      signal: AbortSignal.timeout(this.options.timeoutInMs ?? 5000),
    });
    if (!res.ok) throw new Error(`GET ${url} → HTTP ${res.status}`);
    return res.json();
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

const decodeSegment = (segment: string): Record<string, unknown> => {
  const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
  return value as Record<string, unknown>;
};

/**
 * Checks the bearer token's RS256 signature and expiry before botbuilder sees it, so a forged, tampered
 * or expired token is refused quietly (botbuilder prints such failures, with the key, to stderr).
 * botbuilder still does the full validation (issuer, audience, endorsements, serviceUrl) afterwards.
 */
export async function precheckBearerToken(
  authorization: string,
  keys: BotFrameworkSigningKeys,
  now = Date.now(),
): Promise<void> {
  const match = /^Bearer ([\w-]+)\.([\w-]+)\.([\w-]+)$/.exec(authorization.trim());
  if (!match) throw new TokenRejectedError('no bearer JWT');
  const [, headerPart, payloadPart, signaturePart] = match;
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    header = decodeSegment(headerPart);
    payload = decodeSegment(payloadPart);
  } catch {
    throw new TokenRejectedError('undecodable JWT');
  }
  if (header.alg !== 'RS256' || typeof header.kid !== 'string') throw new TokenRejectedError('unsupported JWT header');
  const key = await keys.getKey(header.kid);
  if (!key) throw new TokenRejectedError('unknown signing key');
  const signed = verify(
    'RSA-SHA256',
    Buffer.from(`${headerPart}.${payloadPart}`),
    key.key,
    Buffer.from(signaturePart, 'base64url'),
  );
  if (!signed) throw new TokenRejectedError('bad signature');
  // botbuilder allows 5 minutes of clock skew; so do we.
  if (typeof payload.exp !== 'number' || payload.exp * 1000 < now - 5 * 60_000) throw new TokenRejectedError('expired');
}
