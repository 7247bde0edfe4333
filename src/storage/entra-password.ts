/**
 * PostgreSQL sign-in with Microsoft Entra: the password of each new connection is an access token for
 * Azure Database for PostgreSQL, obtained through @azure/identity (the managed identity in Azure).
 * The token is checked only when a connection opens, so it is cached and fetched again shortly before
 * it expires; connections already open keep working after that.
 */
import type { AccessToken, TokenCredential } from '@azure/core-auth';

/** The scope Azure Database for PostgreSQL accepts tokens for (all clouds use this audience name). */
export const POSTGRES_ENTRA_SCOPE = 'https://ossrdbms-aad.database.windows.net/.default';

export interface EntraPasswordOptions {
  credential: TokenCredential;
  /** Fetch a new token this long before the cached one expires; default 5 minutes. */
  refreshBeforeExpiryInMs?: number;
  scope?: string;
  /** Clock (tests). */
  now?: () => number;
}

/** Thrown when no token could be obtained; names the scope, never a token. */
export class EntraTokenError extends Error {
  override name = 'EntraTokenError';
}

/** A `pg` password callback: returns a valid token, fetching one only when the cached one is about to expire. */
export function entraPassword(options: EntraPasswordOptions): () => Promise<string> {
  const scope = options.scope ?? POSTGRES_ENTRA_SCOPE;
  const marginInMs = options.refreshBeforeExpiryInMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  let cached: AccessToken | undefined;
  let inFlight: Promise<AccessToken> | undefined;

  const fresh = (token: AccessToken | undefined): token is AccessToken =>
    token !== undefined &&
    now() < token.expiresOnTimestamp - marginInMs &&
    (token.refreshAfterTimestamp === undefined || now() < token.refreshAfterTimestamp);

  const fetchToken = async (): Promise<AccessToken> => {
    let token: AccessToken | null;
    try {
      token = await options.credential.getToken(scope);
    } catch (error) {
      throw new EntraTokenError(`could not get a Microsoft Entra token for ${scope}: ${(error as Error).message}`);
    }
    if (!token) throw new EntraTokenError(`the credential returned no token for ${scope}`);
    return token;
  };

  return async () => {
    if (fresh(cached)) return cached.token;
    // Connections opened together share one request.
    inFlight ??= fetchToken().finally(() => (inFlight = undefined));
    try {
      cached = await inFlight;
    } catch (error) {
      // A brief outage of the token endpoint must not stop new connections while the old token is still valid.
      if (cached && now() < cached.expiresOnTimestamp) return cached.token;
      throw error;
    }
    return cached.token;
  };
}
