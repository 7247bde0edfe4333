/**
 * Two complete bot processes' worth of wiring (two startBot instances, two HTTP servers, two
 * dispatchers and watcher schedulers) on one REAL PostgreSQL, posting into a local stand-in for the Bot
 * Framework connector (the activities' serviceUrl). A channel subscribes through instance A; webhooks
 * arrive at A, at B and some at both (a sender retrying elsewhere): every alert card reaches the
 * channel exactly once. The quota watcher (its Resource Manager reader is a FAKE: no Azure here) polls
 * on one instance only, its card offers "Preview cleanup", and that click is answered exactly as the
 * typed `purge --untagged --registry myregistry` is.
 */
import { jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RegistryManagementReader } from '../../../src/features/alerts/watchers/types.js';
import { loadConfig } from '../../../src/config/index.js';
import { startBot, type RunningBot } from '../../../src/main.js';
import { fixture } from '../../helpers/alerts.js';
import { FakeMatcher } from '../../helpers/bot-fakes.js';
import { LocalConnector, teamsMessage, type ReceivedActivity } from '../../helpers/local-connector.js';
import { startTestPostgres, type TestPostgres } from '../../helpers/postgres.js';

jest.setTimeout(100_000);

const SECRET = 'two-bots-webhook-secret-123456';
const CHANNEL = '19:alerts-general@thread.tacv2';

/** Resource Manager stand-in: storage usage the test controls, and how often each instance asked. */
class FakeArmReader implements RegistryManagementReader {
  usedPercent = 40;
  usageCalls = 0;
  async getUsage() {
    this.usageCalls++;
    return { usedInBytes: this.usedPercent * 10 * 1024 ** 3, quotaInBytes: 1000 * 1024 ** 3 };
  }
  async listTaskRuns() {
    return [];
  }
  async getRegistry() {
    return { adminUserEnabled: false };
  }
}

let postgres: TestPostgres;
let connector: LocalConnector;
let workDir: string;
const bots: RunningBot[] = [];
const readers = [new FakeArmReader(), new FakeArmReader()];

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'chatops-two-bots-'));
  [postgres, connector] = await Promise.all([startTestPostgres(), new LocalConnector().start()]);
  const databaseUrl = await postgres.createDatabase();
  for (const [index, reader] of readers.entries()) {
    const config = loadConfig({
      env: {
        CHATOPS_PORT: '0',
        CHATOPS_DATA_DIR: join(workDir, `data-${index}`),
        CHATOPS_LOG_LEVEL: 'warn',
        DATABASE_URL: databaseUrl,
        CHATOPS_ALERTS_ACR_SECRET: SECRET,
        CHATOPS_ALERTS_WATCH_INTERVAL_MS: '1000',
      },
      dotenvPath: null,
    });
    // Limits high enough that every alert goes out alone: a double send would show as a duplicate card.
    const unlimited = { capacity: 10_000, refillPerSecond: 10_000 };
    bots.push(
      await startBot(config, {
        matcher: new FakeMatcher(),
        alerts: {
          registries: [{ name: 'myregistry', management: reader }],
          dispatcher: { perConversation: unlimited, global: unlimited, pollIntervalInMs: 200 },
          instanceId: `bot-${index}`,
        },
      }),
    );
  }
}, 60_000);

afterAll(async () => {
  for (const bot of bots) await bot.close();
  await connector?.stop();
  await postgres?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
}, 30_000);

function channelMessage(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return teamsMessage(connector.url, CHANNEL, `<at>ACR bot</at> ${text}`, {
    conversation: { id: CHANNEL, conversationType: 'channel', tenantId: 'tenant-1' },
    channelData: { team: { id: '19:team@thread.tacv2' }, channel: { id: CHANNEL }, tenant: { id: 'tenant-1' } },
    entities: [{ type: 'mention', text: '<at>ACR bot</at>', mentioned: { id: 'bot-1', name: 'ACR bot' } }],
    ...extra,
  });
}

async function send(bot: RunningBot, activity: Record<string, unknown>): Promise<ReceivedActivity> {
  const res = await fetch(`${bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  expect(res.status).toBeLessThan(300);
  return connector.next(CHANNEL, 10_000);
}

async function postWebhook(bot: RunningBot, id: string, tag: string): Promise<number> {
  const push = fixture<{ target: Record<string, unknown> }>('acr-push.json');
  const body = JSON.stringify({ ...push, id, timestamp: new Date().toISOString(), target: { ...push.target, tag } });
  const res = await fetch(`${bot.url}/api/alerts/acr`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-acr-webhook-secret': SECRET },
    body,
  });
  return res.status;
}

type Card = { body: { text?: string }[]; actions?: { title: string; data: Record<string, unknown> }[] };
const cardOf = (received: ReceivedActivity) =>
  (received.activity.attachments as { content: Card }[] | undefined)?.[0]?.content;
const titleOf = (received: ReceivedActivity) => cardOf(received)?.body[0]?.text ?? String(received.activity.text ?? '');

test('a channel subscribes on instance A; webhooks to A, B or both reach it exactly once', async () => {
  const [a, b] = bots;
  const confirmation = await send(a, channelMessage('subscribe this channel to pushes in myregistry for app/*'));
  // Markdown: the pattern the user typed is escaped (shown as app/* — see e2e-playground-alerts.test.ts).
  expect(confirmation.activity.text).toBe(
    'Subscribed this conversation to pushes, chart pushes — myregistry/app/\\* (#1).',
  );

  const EVENTS = 30;
  const statuses = await Promise.all(
    Array.from({ length: EVENTS }, async (_, i) => {
      const targets = i % 5 === 0 ? [a, b] : [i % 2 === 0 ? a : b];
      return Promise.all(targets.map((bot) => postWebhook(bot, `two-bots-${i}`, `v${i}`)));
    }),
  );
  expect(statuses.flat().every((s) => s === 202)).toBe(true);

  const titles: string[] = [];
  for (let i = 0; i < EVENTS; i++) titles.push(titleOf(await connector.next(CHANNEL, 15_000)));
  await new Promise((r) => setTimeout(r, 1500)); // anything sent twice would arrive now
  titles.push(...connector.received.filter((r) => r.conversationId === CHANNEL).map(titleOf));
  expect(titles.sort()).toEqual(Array.from({ length: EVENTS }, (_, i) => `Image pushed: app/web:v${i}`).sort());
});

test('the quota watcher polls on one instance; its "Preview cleanup" click is answered as the typed purge request', async () => {
  const [a, b] = bots;
  const confirmation = await send(b, channelMessage('subscribe this channel to quota in myregistry'));
  expect(confirmation.activity.text).toBe('Subscribed this conversation to storage alerts — myregistry/\\*\\* (#2).');
  const before = readers.map((r) => r.usageCalls);
  for (const reader of readers) reader.usedPercent = 92;

  const alert = await connector.next(CHANNEL, 15_000);
  expect(titleOf(alert)).toBe('Registry myregistry uses 92% of its storage');
  const polled = readers.map((r, i) => r.usageCalls - before[i]);
  expect(polled.filter((n) => n > 0)).toHaveLength(1); // the lease holder only

  const button = cardOf(alert)?.actions?.find((x) => x.title === 'Preview cleanup');
  expect(button?.data).toEqual({ verb: 'action.preview', action: 'purge', registry: 'myregistry' });
  const clicked = await send(a, channelMessage('', { text: undefined, entities: [], value: button!.data }));
  const typed = await send(a, channelMessage('purge --untagged --registry myregistry'));
  expect(clicked.activity.attachments ?? clicked.activity.text).toEqual(
    typed.activity.attachments ?? typed.activity.text,
  );
});
