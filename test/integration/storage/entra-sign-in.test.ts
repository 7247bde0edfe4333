import pg from 'pg';
import { entraPassword, EntraTokenError, openDatabase, type SqlDatabase } from '../../../src/storage/index.js';
import { PostgresTokenIssuer } from '../../helpers/entra-postgres.js';
import { startTestPostgres, type TestPostgres } from '../../helpers/postgres.js';

// Entra sign-in to a REAL PostgreSQL: the issuer is a fake of Entra (none runs offline) whose tokens the
// server accepts as the role's password until they expire (then the server refuses them).
let server: TestPostgres;
let databaseUrl: string;
const open: { db?: SqlDatabase; issuer?: PostgresTokenIssuer }[] = [];

beforeAll(async () => {
  server = await startTestPostgres();
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

afterEach(async () => {
  for (const { db, issuer } of open.splice(0)) {
    await db?.close();
    await issuer?.close();
  }
});

async function setUp(lifetimeInMs: number, refreshBeforeExpiryInMs: number) {
  databaseUrl = await server.createDatabase();
  const issuer = await PostgresTokenIssuer.create(server, databaseUrl, { lifetimeInMs: 60_000 });
  // Migrate first (signed in with Entra too), so a slow machine cannot stretch the short token lifetimes below.
  const migrated = await openDatabase({
    databaseUrl: issuer.roleUrl(databaseUrl),
    password: entraPassword({ credential: issuer }),
  });
  await migrated.close();
  issuer.lifetimeInMs = lifetimeInMs;
  issuer.issued = 0;
  const db = await openDatabase({
    databaseUrl: issuer.roleUrl(databaseUrl),
    password: entraPassword({ credential: issuer, refreshBeforeExpiryInMs }),
    maxConnections: 4,
    migrate: false,
    onPoolError: () => undefined, // the sessions the tests end
  });
  open.push({ db, issuer });
  return { db, issuer };
}

async function signInWith(issuer: PostgresTokenIssuer, password: string): Promise<void> {
  const url = new URL(databaseUrl);
  const client = new pg.Client({
    host: url.hostname,
    port: Number(url.port),
    database: url.pathname.slice(1),
    user: issuer.role,
    password,
  });
  try {
    await client.connect();
  } finally {
    await client.end().catch(() => undefined);
  }
}

test('the pool signs in as the identity with a token (migrations too) and shares one token across connections', async () => {
  const { db, issuer } = await setUp(60_000, 5_000);
  const rows = await Promise.all(
    [1, 2, 3, 4].map(() =>
      db.query<{ who: string; pid: number }>('SELECT current_user AS who, pg_backend_pid() AS pid FROM pg_sleep(0.2)'),
    ),
  );
  expect(new Set(rows.map((r) => r.rows[0].who))).toEqual(new Set([issuer.role]));
  expect(new Set(rows.map((r) => r.rows[0].pid)).size).toBeGreaterThan(1); // several connections …
  expect(issuer.issued).toBe(1); // … one token
  expect((await db.query<{ n: number }>('SELECT count(*) AS n FROM schema_migrations')).rows[0].n).toBeGreaterThan(0);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a token that expires mid-run: refreshed before expiry for new connections; the server refuses the expired one; open connections carry on', async () => {
  // Tokens live 1.5 s; the pool fetches a new one 0.5 s before expiry.
  const { db, issuer } = await setUp(1_500, 500);
  await db.query('SELECT 1');
  expect(issuer.issued).toBe(1);

  await sleep(1_100); // inside the refresh window, still valid: a new connection gets a new token
  await issuer.endSessions();
  await db.query('SELECT 1');
  expect(issuer.issued).toBe(2);
  const second = issuer.currentToken!;

  await sleep(1_600); // the second token has expired: the server refuses it now …
  expect(issuer.currentToken).toBeUndefined();
  await issuer.expiryApplied();
  await expect(signInWith(issuer, second)).rejects.toThrow(/password authentication failed/);
  await db.query('SELECT 1'); // … an open connection is not signed in again (as in Azure) …
  expect(issuer.issued).toBe(2);
  await issuer.endSessions(); // … and a new connection fetches a fresh token instead of the expired one.
  expect((await db.query<{ who: string }>('SELECT current_user AS who')).rows[0].who).toBe(issuer.role);
  expect(issuer.issued).toBe(3);
}, 20_000);

test('token endpoint outage: a still-valid token keeps working; without one the query fails with a clear error and no token', async () => {
  const { db, issuer } = await setUp(1_500, 1_000);
  await db.query('SELECT 1');
  issuer.failing = true;
  await sleep(600); // in the refresh window: the refresh fails, the valid token is used
  await issuer.endSessions();
  await expect(db.query('SELECT 1')).resolves.toBeDefined();

  await sleep(1_100); // expired, and still no new token
  await issuer.endSessions();
  const error = await db.query('SELECT 1').then(
    () => undefined,
    (e: Error) => e,
  );
  expect(error).toBeInstanceOf(EntraTokenError);
  expect(error!.message).toMatch(
    /could not get a Microsoft Entra token for https:\/\/ossrdbms-aad\.database\.windows\.net\/\.default: token endpoint unavailable/,
  );

  issuer.failing = false; // the endpoint is back: the next connection signs in again
  await expect(db.query('SELECT 1')).resolves.toBeDefined();
}, 20_000);
