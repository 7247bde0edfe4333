/**
 * Microsoft Entra in front of the test PostgreSQL, as a FAKE (no Entra runs offline): it issues
 * "tokens" that the real server accepts as the password of one login role, and revokes each token when
 * it expires, so a client that keeps using an expired token is refused exactly as Azure would refuse it.
 * Usable as a TokenCredential (in-process tests) or over HTTP as the App Service managed-identity
 * endpoint that @azure/identity calls (IDENTITY_ENDPOINT / IDENTITY_HEADER), for a bot in a child process.
 */
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestPostgres } from './postgres.js';

export const POSTGRES_SCOPE = 'https://ossrdbms-aad.database.windows.net/.default';

export interface AppServiceIdentityEndpoint {
  /** IDENTITY_ENDPOINT */
  endpoint: string;
  /** IDENTITY_HEADER */
  header: string;
  /** Client ids the bot asked tokens for. */
  clientIds: string[];
  close(): Promise<void>;
}

export class PostgresTokenIssuer implements TokenCredential {
  private current?: string;
  private revocation: Promise<void> = Promise.resolve();
  private readonly timers = new Set<NodeJS.Timeout>();
  private changes: Promise<unknown> = Promise.resolve();
  /** How many tokens were issued. */
  issued = 0;
  /** Make getToken fail (an outage of the token endpoint). */
  failing = false;

  private constructor(
    private readonly pg: TestPostgres,
    readonly role: string,
    /** Lifetime of the tokens issued from now on. */
    public lifetimeInMs: number,
  ) {}

  /** Creates a login role without a password that owns the database at `databaseUrl` (PostgreSQL 15+: may create tables in public). */
  static async create(
    pg: TestPostgres,
    databaseUrl: string,
    options: { lifetimeInMs: number },
  ): Promise<PostgresTokenIssuer> {
    const role = `entra_bot_${randomBytes(4).toString('hex')}`;
    const database = new URL(databaseUrl).pathname.slice(1);
    await pg.asAdmin(async (client) => {
      await client.query(`CREATE ROLE ${role} LOGIN`);
      await client.query(`ALTER DATABASE ${database} OWNER TO ${role}`);
    });
    return new PostgresTokenIssuer(pg, role, options.lifetimeInMs);
  }

  /** Resolves once the server applied the latest expiry (on a loaded machine that takes a moment). */
  async expiryApplied(): Promise<void> {
    await this.revocation;
  }

  /** The token the server accepts now (undefined before the first one and after it expired). */
  get currentToken(): string | undefined {
    return this.current;
  }

  /** `databaseUrl` with this role as the user and no password (the token is the password). */
  roleUrl(databaseUrl: string): string {
    const url = new URL(databaseUrl);
    url.username = this.role;
    url.password = '';
    return url.toString();
  }

  async getToken(scopes: string | string[]): Promise<AccessToken> {
    const scope = Array.isArray(scopes) ? scopes[0] : scopes;
    if (this.failing) throw new Error('token endpoint unavailable (simulated)');
    if (scope !== POSTGRES_SCOPE) throw new Error(`this fake issues tokens for ${POSTGRES_SCOPE} only, not ${scope}`);
    const token = `eyJ${randomBytes(48).toString('base64url')}`;
    const expiresOnTimestamp = Date.now() + this.lifetimeInMs;
    this.current = token; // before any await: an expiry of the previous token must not revoke this one
    this.issued += 1;
    await this.setPassword(token);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.current !== token) return;
      this.current = undefined;
      this.revocation = this.setPassword(null).then(
        () => undefined,
        () => undefined,
      );
    }, this.lifetimeInMs);
    timer.unref();
    this.timers.add(timer);
    return { token, expiresOnTimestamp };
  }

  /** Serves the App Service managed-identity protocol (api-version 2019-08-01) on 127.0.0.1. */
  async serveAppServiceIdentity(): Promise<AppServiceIdentityEndpoint> {
    const header = randomBytes(16).toString('hex');
    const clientIds: string[] = [];
    const server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const resource = url.searchParams.get('resource') ?? '';
      if (req.headers['x-identity-header'] !== header || url.searchParams.get('api-version') !== '2019-08-01') {
        res.writeHead(401).end();
        return;
      }
      clientIds.push(url.searchParams.get('client_id') ?? '');
      this.getToken(`${resource.replace(/\/$/, '')}/.default`).then(
        (token) => {
          res.setHeader('content-type', 'application/json');
          res.end(
            JSON.stringify({
              access_token: token.token,
              expires_on: String(Math.floor(token.expiresOnTimestamp / 1000)),
              resource,
              token_type: 'Bearer',
            }),
          );
        },
        (error: Error) =>
          res
            .writeHead(400, { 'content-type': 'application/json' })
            .end(JSON.stringify({ error: 'invalid_resource', error_description: error.message })),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/msi/token`,
      header,
      clientIds,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }

  /** Stops revocation timers and drops the role's sessions (the database is dropped by the harness). */
  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.endSessions();
  }

  /**
   * Ends every session of the role and waits until they are gone (and the clients had time to notice),
   * so the next query must open a new connection and sign in again.
   */
  async endSessions(): Promise<void> {
    const sessions = 'FROM pg_stat_activity WHERE usename = $1';
    await this.pg.asAdmin(async (client) => {
      await client.query(`SELECT pg_terminate_backend(pid) ${sessions}`, [this.role]);
      for (let i = 0; i < 100 && (await client.query(`SELECT 1 ${sessions}`, [this.role])).rowCount; i++)
        await new Promise((r) => setTimeout(r, 20));
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  /** Password changes apply in the order they were asked for (issue, expiry), one at a time. */
  private setPassword(token: string | null): Promise<unknown> {
    const change = this.changes.then(() =>
      this.pg.asAdmin((client) =>
        client.query(`ALTER ROLE ${this.role} PASSWORD ${token === null ? 'NULL' : client.escapeLiteral(token)}`),
      ),
    );
    this.changes = change.catch(() => undefined);
    return change;
  }
}
