/**
 * The Alerts step of the README tour against the running bot (real HTTP server, real PGlite): a chat
 * subscribes to pushes in `local` (CHATOPS_REGISTRIES=local=http://127.0.0.1:5000), then the sample webhook
 * whose `request.host` is that registry's login server arrives, and the alert card reaches the chat.
 * An event for a registry that is not configured, or that no subscription wants, is counted in /metrics.
 * The Teams connector is the LocalConnector stand-in (it records what the bot posts); nothing else is faked.
 */
import { jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/index.js';
import { startBot, type RunningBot } from '../../../src/main.js';
import { ActBotClient, cardText } from '../../helpers/act-bot.js';
import { FakeMatcher, MemoryLogger } from '../../helpers/bot-fakes.js';
import { LocalConnector } from '../../helpers/local-connector.js';

jest.setTimeout(90_000);

const SECRET = 'tour-secret-123456';
const USER = { id: 'user-tour', name: 'Tour' };
const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'alerts', name), 'utf8');

let dir: string;
let connector: LocalConnector;
let bot: RunningBot;
let logger: MemoryLogger;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'alerts-tour-'));
  connector = await new LocalConnector().start();
  const config = loadConfig({
    env: {
      CHATOPS_PORT: '0',
      CHATOPS_DATA_DIR: join(dir, 'data'),
      CHATOPS_LOG_LEVEL: 'silent',
      // Nothing listens there: subscribing and delivering an alert need no registry traffic.
      CHATOPS_REGISTRIES: 'local=http://127.0.0.1:5000',
      CHATOPS_ALERTS_ACR_SECRET: SECRET,
    },
    dotenvPath: null,
  });
  logger = new MemoryLogger();
  bot = await startBot(config, {
    matcher: new FakeMatcher(),
    logger,
    alerts: { dispatcher: { pollIntervalInMs: 100 } },
  });
}, 60_000);

afterAll(async () => {
  await bot?.close();
  await connector?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const postWebhook = (body: string) =>
  fetch(`${bot.url}/api/alerts/acr`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-acr-webhook-secret': SECRET },
    body,
  });

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${bot.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(name));
  return line ? Number(line.split(' ').pop()) : 0;
}

async function until(condition: () => Promise<boolean>, timeoutInMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('subscribe to pushes in local, post the sample webhook for 127.0.0.1:5000: the alert card arrives', async () => {
  const client = new ActBotClient(bot.url, connector, 'conv-tour');
  await client.say(USER, 'subscribe this channel to pushes in local for app/*');
  const confirmation = await connector.next('conv-tour');
  expect(cardText(confirmation.activity)).toContain('local/app/\\*'); // Adaptive Card markdown: shows as local/app/*

  const res = await postWebhook(fixture('acr-push-local.json'));
  expect(res.status).toBe(202);
  const alert = await connector.next('conv-tour', 15_000);
  const text = cardText(alert.activity);
  expect(text).toContain('app/web');
  expect(text).toContain('v1');
  expect(await metric('chatops_alerts_unmatched_total{reason="registry"}')).toBe(0);
});

test('an event for a registry that is not configured is stored, logged and counted, and reaches no one', async () => {
  const before = await metric('chatops_alerts_unmatched_total{reason="subscription"}');
  const res = await postWebhook(fixture('acr-push.json')); // myregistry.azurecr.io: not in CHATOPS_REGISTRIES
  expect(res.status).toBe(202);
  expect(await metric('chatops_alerts_unmatched_total{reason="registry"}')).toBe(1);
  expect(
    logger.records.some(
      (r) =>
        /no configured registry/.test(r.msg ?? '') &&
        (r.obj as { loginServer?: string }).loginServer === 'myregistry.azurecr.io',
    ),
  ).toBe(true);
  await until(async () => (await metric('chatops_alerts_unmatched_total{reason="subscription"}')) === before + 1);
  expect(connector.received.filter((r) => r.conversationId === 'conv-tour')).toEqual([]);
});
