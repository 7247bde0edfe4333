/**
 * No message is lost silently when storage fails: the running bot (real HTTP server, real botbuilder,
 * replies caught by a local connector) with its database taken away — the embedded database process
 * SIGKILLed, or a real PostgreSQL refusing connections. A message is answered with the localized
 * "temporarily unavailable, try again"; when even that cannot be sent, or for a card click, the HTTP
 * request fails (503) so the channel retries. Never 200 and nothing.
 */
import { jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../../src/config/index.js';
import { t } from '../../../src/core/messages/index.js';
import { startBot, type RunningBot } from '../../../src/main.js';
import { PgliteServerDatabase } from '../../../src/storage/pglite-server.js';
import { FakeMatcher, MemoryLogger } from '../../helpers/bot-fakes.js';
import { LocalConnector, teamsMessage } from '../../helpers/local-connector.js';
import { startTestPostgres, type TestPostgres } from '../../helpers/postgres.js';

jest.setTimeout(120_000);

interface Outage {
  cut(): Promise<void>;
  restore(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => Promise<boolean>, timeoutInMs: number): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(50);
  }
}

const engines: [
  string,
  () => Promise<{ env: Record<string, string>; outage: (bot: RunningBot) => Outage; stop(): Promise<void> }>,
][] = [
  [
    'the embedded database process (SIGKILL)',
    async () => ({
      env: {},
      outage: (bot) => ({
        // Killed again whenever it comes back, until restore(): the outage lasts as long as the test needs.
        cut: async () => {
          const db = bot.db as PgliteServerDatabase;
          const killer = setInterval(() => {
            if (db.processId) {
              try {
                process.kill(db.processId, 'SIGKILL');
              } catch {
                // already gone
              }
            }
          }, 20);
          (bot as unknown as { killer: NodeJS.Timeout }).killer = killer;
          await until(
            () =>
              bot.db.query('SELECT 1').then(
                () => false,
                () => true,
              ),
            10_000,
          );
        },
        restore: async () => {
          clearInterval((bot as unknown as { killer: NodeJS.Timeout }).killer);
          await until(
            () =>
              bot.db.query('SELECT 1').then(
                () => true,
                () => false,
              ),
            60_000,
          );
        },
      }),
      stop: async () => undefined,
    }),
  ],
  [
    'PostgreSQL (refusing connections)',
    async () => {
      const server: TestPostgres = await startTestPostgres();
      const url = await server.createDatabase();
      const name = new URL(url).pathname.slice(1);
      const admin = new pg.Client({ connectionString: url.replace(/\/[^/?]+(\?|$)/, '/postgres$1') });
      await admin.connect();
      return {
        env: { DATABASE_URL: url },
        outage: (bot) => ({
          cut: async () => {
            await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
            await admin.query(
              'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
              [name],
            );
            await until(
              () =>
                bot.db.query('SELECT 1').then(
                  () => false,
                  () => true,
                ),
              10_000,
            );
          },
          restore: async () => {
            await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
            await until(
              () =>
                bot.db.query('SELECT 1').then(
                  () => true,
                  () => false,
                ),
              30_000,
            );
          },
        }),
        stop: async () => {
          await admin.end();
          await server.stop();
        },
      };
    },
  ],
];

describe.each(engines)('with %s', (_name, makeEngine) => {
  let dir: string;
  let engine: Awaited<ReturnType<typeof makeEngine>>;
  let connector: LocalConnector;
  let bot: RunningBot;
  let outage: Outage;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'storage-outage-'));
    engine = await makeEngine();
    connector = await new LocalConnector().start();
    const config = loadConfig({
      env: { CHATOPS_PORT: '0', CHATOPS_DATA_DIR: join(dir, 'data'), CHATOPS_LOG_LEVEL: 'silent', ...engine.env },
      dotenvPath: null,
    });
    bot = await startBot(config, { matcher: new FakeMatcher(), logger: new MemoryLogger() });
    outage = engine.outage(bot);
  }, 120_000);

  afterAll(async () => {
    await bot?.close();
    await connector?.stop();
    await engine?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const post = (body: object) =>
    fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  test('a message during the outage is answered "temporarily unavailable" in the user\'s language; a click fails with 503; with no way to answer, 503; afterwards all is normal', async () => {
    expect((await post(teamsMessage(connector.url, 'conv-before', 'help'))).status).toBe(200);
    expect(JSON.stringify((await connector.next('conv-before')).activity)).toContain('How to use the ACR assistant');

    await outage.cut();
    try {
      const de = await post(teamsMessage(connector.url, 'conv-down', 'help', { locale: 'de-DE' }));
      expect(de.status).toBe(200);
      expect(JSON.stringify((await connector.next('conv-down')).activity)).toContain(t('de', 'error.unavailable'));

      const click = await post({
        ...teamsMessage(connector.url, 'conv-down', ''),
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: 'help', data: {} }, trigger: 'manual' },
      });
      expect(click.status).toBe(503);
      expect(click.headers.get('retry-after')).toBe('5');

      // The connector cannot be reached either: nothing could be said, so the channel must retry.
      const unanswerable = await post(teamsMessage('http://127.0.0.1:9/', 'conv-nowhere', 'help'));
      expect(unanswerable.status).toBe(503);
      expect(await unanswerable.json()).toEqual({ error: 'temporarily unavailable' });
    } finally {
      await outage.restore();
    }

    expect((await post(teamsMessage(connector.url, 'conv-after', 'help', { locale: 'ja-JP' }))).status).toBe(200);
    expect(JSON.stringify((await connector.next('conv-after')).activity)).not.toContain(t('ja', 'error.unavailable'));
    const health = await fetch(`${bot.url}/healthz`);
    expect(health.status).toBe(200);
  });
});
