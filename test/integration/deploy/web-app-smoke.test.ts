/**
 * Deploy-shaped smoke test: the compiled bot started the way the Web App in infra/main.bicep starts it.
 * - the package `atk deploy` ships (scripts/stage-webapp.mjs: dist/, knowledge/, package files),
 * - the template's start command (`node <flags> dist/src/main.js`) with `node` alone on the PATH (no npm),
 * - the template's app settings as the whole environment (Key Vault references resolved), plus what App
 *   Service adds: PORT and the managed-identity endpoint (IDENTITY_ENDPOINT / IDENTITY_HEADER),
 * - the REAL PostgreSQL of the test harness, signed in with Entra tokens. The identity endpoint is a FAKE
 *   (no Entra offline): it issues tokens the server accepts as the identity role's password.
 * Azure-only values (host names, ids) are the samples of test/helpers/bicep.ts; DATABASE_URL keeps the
 * template's user and database but points at the harness server (host, port, no TLS).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { appSettingsAsEnvironment, resourceBlock, SAMPLE_DEPLOYMENT_VALUES } from '../../helpers/bicep.js';
import { PostgresTokenIssuer, type AppServiceIdentityEndpoint } from '../../helpers/entra-postgres.js';
import { freePort, startTestPostgres, type TestPostgres } from '../../helpers/postgres.js';

const ACR_SECRET = 'resolved-acr-webhook-secret-0123456789';
let server: TestPostgres;
let issuer: PostgresTokenIssuer;
let identity: AppServiceIdentityEndpoint;
let databaseUrl: string;
let work: string;

beforeAll(async () => {
  const build = spawnSync('npm', ['run', '--silent', 'build'], { encoding: 'utf8' });
  expect(build.status).toBe(0);
  work = mkdtempSync(join(tmpdir(), 'chatops-webapp-'));
  const stage = spawnSync(process.execPath, ['scripts/stage-webapp.mjs', join(work, 'webapp')], { encoding: 'utf8' });
  expect(stage.status).toBe(0);
  // `npm ci --omit=dev` would download; the checkout's dependencies stand in for the production ones.
  symlinkSync(realpathSync('node_modules'), join(work, 'webapp', 'node_modules'));
  // The start command's `node`, and nothing else: the Web App needs no npm to start.
  symlinkSync(process.execPath, join(work, 'node'));

  server = await startTestPostgres();
  databaseUrl = await server.createDatabase();
  issuer = await PostgresTokenIssuer.create(server, databaseUrl, { lifetimeInMs: 60 * 60_000 });
  identity = await issuer.serveAppServiceIdentity();
}, 180_000);

afterAll(async () => {
  await identity?.close();
  await issuer?.close();
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The environment App Service gives the process: app settings (resolved) + PORT + identity endpoint + PATH. */
function webAppEnvironment(port: number, overrides: Record<string, string> = {}): Record<string, string> {
  const harness = new URL(databaseUrl);
  const settings = appSettingsAsEnvironment({
    ...SAMPLE_DEPLOYMENT_VALUES,
    'identity.name': issuer.role,
    'database.name': harness.pathname.slice(1),
  });
  const url = new URL(settings.DATABASE_URL);
  expect({ user: url.username, password: url.password }).toEqual({ user: issuer.role, password: '' }); // no password: Entra tokens
  url.host = harness.host; // the harness server: 127.0.0.1:<port>, without TLS
  url.search = '';
  const resolved = Object.fromEntries(
    Object.entries(settings).map(([name, value]) => [
      name,
      value.startsWith('@Microsoft.KeyVault(')
        ? name === 'CHATOPS_ALERTS_ACR_SECRET'
          ? ACR_SECRET
          : `resolved-${name}-0123456789`
        : value,
    ]),
  );
  return {
    ...resolved,
    DATABASE_URL: url.toString(),
    PORT: String(port),
    IDENTITY_ENDPOINT: identity.endpoint,
    IDENTITY_HEADER: identity.header,
    PATH: work,
    ...overrides,
  };
}

/** The template's start command, run in the staged package. */
function startWebApp(env: Record<string, string>): ChildProcess {
  const command = /appCommandLine: '([^']+)'/.exec(resourceBlock('app'))![1].split(' ');
  expect(command[0]).toBe('node');
  return spawn(join(work, 'node'), command.slice(1), {
    cwd: join(work, 'webapp'),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function output(child: ChildProcess): { text: () => string; exited: Promise<number | null> } {
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { text: () => text, exited: new Promise((done) => child.once('exit', done)) };
}

test('the packaged bot starts like the Web App: PORT on all interfaces, PostgreSQL with Entra tokens, healthy, refuses unauthenticated traffic, accepts an authenticated alert', async () => {
  const port = await freePort();
  const bot = startWebApp(webAppEnvironment(port));
  const log = output(bot);
  try {
    await new Promise<void>((ready, fail) => {
      const timer = setInterval(() => {
        if (/"msg":"listening"/.test(log.text())) ready();
      }, 50);
      void log.exited
        .then((code) => fail(new Error(`the bot exited with ${code}: ${log.text()}`)))
        .finally(() => clearInterval(timer));
    });
    expect(log.text()).toContain(`"url":"http://0.0.0.0:${port}"`);
    const base = `http://127.0.0.1:${port}`;

    const health = await fetch(`${base}/healthz`);
    expect({ status: health.status, body: await health.json() }).toMatchObject({
      status: 200,
      body: { status: 'ready', checks: { database: { ok: true, detail: 'postgres' }, knowledge: { ok: true } } },
    });
    expect(identity.clientIds).toContain(SAMPLE_DEPLOYMENT_VALUES['identity.properties.clientId']); // the user-assigned identity (AZURE_CLIENT_ID)
    expect(issuer.issued).toBeGreaterThanOrEqual(1);

    // Bot Framework auth is on (UserAssignedMSI): an activity without a token is refused, without internals.
    const activity = {
      type: 'message',
      id: 'm1',
      channelId: 'msteams',
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      from: { id: 'u1' },
      conversation: { id: 'c1' },
      recipient: { id: 'b1' },
      text: 'help',
    };
    const message = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    expect(message.status).toBe(401);
    expect(await message.text()).not.toMatch(/at \w+ \(|node_modules/);

    // The ACR webhook endpoint is on (its secret came from Key Vault) and stores into PostgreSQL.
    const push = readFileSync(resolve('test/fixtures/alerts/acr-push.json'), 'utf8');
    const alert = (secret?: string) =>
      fetch(`${base}/api/alerts/acr`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(secret ? { 'x-acr-webhook-secret': secret } : {}) },
        body: push,
      });
    expect((await alert()).status).toBe(401);
    expect((await alert(`${ACR_SECRET}x`)).status).toBe(401);
    const accepted = await alert(ACR_SECRET);
    expect({ status: accepted.status, body: await accepted.json() }).toMatchObject({
      status: 202,
      body: { accepted: 1 },
    });
    const admin = new pg.Client({ connectionString: databaseUrl }); // the harness's superuser, on the bot's database
    await admin.connect();
    const stored = await admin
      .query<{ n: number }>('SELECT count(*)::int AS n FROM alert_events')
      .finally(() => admin.end());
    expect(stored.rows[0].n).toBe(1);

    expect((await fetch(`${base}/metrics`)).status).toBe(404); // production without CHATOPS_METRICS_TOKEN

    bot.kill('SIGTERM');
    expect(await log.exited).toBe(0);
    expect(log.text()).not.toContain(ACR_SECRET);
  } finally {
    if (bot.exitCode === null) bot.kill('SIGKILL');
  }
}, 60_000);

test('a Key Vault reference App Service could not resolve stops the start with the setting named (exit 78), never its text', async () => {
  const unresolved = appSettingsAsEnvironment({ ...SAMPLE_DEPLOYMENT_VALUES }).CHATOPS_ALERTS_ACR_SECRET;
  expect(unresolved).toMatch(/^@Microsoft\.KeyVault\(VaultName=acropskvabc12345;SecretName=acr-webhook-secret\)$/);
  const bot = startWebApp(webAppEnvironment(await freePort(), { CHATOPS_ALERTS_ACR_SECRET: unresolved }));
  const log = output(bot);
  expect(await log.exited).toBe(78);
  expect(log.text()).toContain('CHATOPS_ALERTS_ACR_SECRET: is an unresolved Key Vault reference');
  expect(log.text()).not.toMatch(/acropskvabc12345|acr-webhook-secret/);
}, 30_000);
