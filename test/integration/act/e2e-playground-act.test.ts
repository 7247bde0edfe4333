/**
 * Act end to end with real parts only: the bot (real PGlite, real knowledge base) and a REAL docker-registry,
 * the Microsoft 365 Agents Playground as the Teams client, its web UI in headless Chromium for user A and
 * its HTTP API for user B (another `from`), in the Playground's group chat where both are members. A asks for a purge in chat and sees the preview card;
 * A's own Approve is refused; B approves; the tags are really gone; the card becomes the report for
 * everyone; an expired request cannot be approved. Saves test-artifacts/act-preview-card.png and
 * act-report-card.png.
 */
import { jest } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startPlayground, type RunningPlayground } from '../../../scripts/lib/playground.js';
import { loadConfig } from '../../../src/config/index.js';
import { startBot, type RunningBot } from '../../../src/main.js';
import { OciRegistryClient } from '../../../src/registry/oci/index.js';
import { cardText, pushActImages, writeTestPolicy } from '../../helpers/act-bot.js';
import type { PushedManifest } from '../../helpers/registry/image-pusher.js';
import { startLocalRegistry, type LocalRegistry } from '../../helpers/registry/local-registry.js';
import { freePort } from '../../helpers/registry/ports.js';

jest.setTimeout(110_000);

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const artifacts = join(repoRoot, 'test-artifacts');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let workDir: string;
let registry: LocalRegistry;
let images: { dev: PushedManifest[]; kept: PushedManifest[] };
let bot: RunningBot;
let playground: RunningPlayground;
let context: BrowserContext | undefined;
let browserStarting: Promise<BrowserContext> | undefined;
let page: Page;
let conversation: { id: string };
type PlaygroundUser = { id: string; name: string; aadObjectId?: string };
let userA: PlaygroundUser;
let userB: PlaygroundUser;
let botAccount: { id: string; name: string };

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'act-e2e-'));
  browserStarting = chromium.launchPersistentContext(join(workDir, 'chromium-profile'), { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 2000 } });
  registry = await startLocalRegistry();
  images = await pushActImages(registry.url, 12);
  const [botPort, playgroundPort] = await Promise.all([freePort(), freePort()]);
  const config = loadConfig({
    env: {
      CHATOPS_PORT: String(botPort),
      CHATOPS_DATA_DIR: join(workDir, 'data'),
      CHATOPS_LOG_LEVEL: 'warn',
      CHATOPS_REGISTRIES: `local=${registry.url}`,
      CHATOPS_POLICY_FILE: writeTestPolicy(workDir),
    },
    dotenvPath: null,
  });
  bot = await startBot(config);
  playground = await startPlayground({ botEndpoint: `http://localhost:${botPort}/api/messages`, port: playgroundPort, repoRoot, cwd: workDir });
  // The Playground's own users: A is the one typing in the web UI, B another user of the tenant.
  const { config: settings } = (await (await fetch(`${playground.url}/_internal/v1/config`)).json()) as {
    config: { groupChats: { id: string; name: string }[]; currentUser: PlaygroundUser; users: PlaygroundUser[]; bot: { id: string; name: string } };
  };
  botAccount = settings.bot;
  // A group chat: B is a member there (the personal chat has only A and the bot).
  conversation = { id: settings.groupChats[0].id };
  userA = settings.currentUser;
  userB = settings.users[0];
  context = await browserStarting;
  page = context.pages()[0] ?? (await context.newPage());
  await page.goto(playground.url);
  await page.getByText(settings.groupChats[0].name, { exact: true }).first().click();
  await composer().waitFor({ state: 'visible', timeout: 30_000 });
}, 100_000);

afterAll(async () => {
  await (context ?? (await browserStarting?.catch(() => undefined)))?.close();
  await playground?.stop();
  await bot?.close();
  await registry?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const composer = () => page.locator('[data-lexical-editor="true"][role=textbox]');

/**
 * A writes in the group chat, where the bot only hears messages that @mention it. The web UI's mention
 * picker does not take scripted input reliably, so the message goes through the Playground's own
 * conversation API as user A (what the UI itself calls); A's web UI shows it and the bot's cards.
 */
async function say(text: string): Promise<void> {
  const res = await fetch(`${playground.url}/_conversation/v1/conversations/${encodeURIComponent(conversation.id)}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'text', text: `<at>${botAccount.name}</at> ${text}`, textFormat: 'plain', from: { id: userA.id }, mentions: [{ mentioned: { id: botAccount.id }, text: `<at>${botAccount.name}</at>` }] }),
  });
  if (res.status >= 300) throw new Error(`message → HTTP ${res.status}: ${await res.text()}`);
}

async function waitForText(text: string, count = 1, timeoutInMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  while ((await page.getByText(text, { exact: false }).count()) < count) {
    if (Date.now() > deadline) throw new Error(`"${text}" did not appear ${count}× within ${timeoutInMs} ms`);
    await page.waitForTimeout(200);
  }
}

/** The newest request the bot stored (the test reads the bot's own database). */
async function latestRequest(): Promise<{ id: string; plan_hash: string; card_activity_id: string | null; requester: string }> {
  const { rows } = await bot.db.query<{ id: string; plan_hash: string; card_activity_id: string | null; requester: string }>(
    'SELECT id, plan_hash, card_activity_id, requester FROM approval_requests ORDER BY created_at DESC LIMIT 1',
  );
  return rows[0];
}

/** A click on Approve by `from`, through the Playground's invoke API (as the Teams client would send it). */
async function approveAs(from: PlaygroundUser, request: { id: string; plan_hash: string; card_activity_id: string | null }): Promise<unknown> {
  const res = await fetch(`${playground.url}/_conversation/v1/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'act.approve', data: { requestId: request.id, planHash: request.plan_hash } }, trigger: 'manual' },
      from: { id: from.id, name: from.name },
      conversation,
      replyToId: request.card_activity_id,
    }),
  });
  if (res.status !== 200) throw new Error(`invoke as ${from.id} → HTTP ${res.status}: ${await res.text()}`);
  return res.json();
}

async function devTagsLeft(): Promise<string[]> {
  const left: string[] = [];
  for await (const tag of new OciRegistryClient({ endpoint: registry.url }).listTags('app')) if (tag.startsWith('dev-')) left.push(tag);
  return left;
}

test('A requests a purge, A cannot approve it, B approves, the tags are gone and the card becomes the report', async () => {
  mkdirSync(artifacts, { recursive: true });
  await say('purge app --ago 30d');
  await waitForText('Delete old tags: preview');
  await waitForText('Waiting for approval');
  const previewCard = page.locator('.ac-adaptiveCard', { hasText: 'Delete old tags: preview' }).last();
  await previewCard.screenshot({ path: join(artifacts, 'act-preview-card.png') });
  const request = await latestRequest();
  expect(request.card_activity_id).toBeTruthy();
  expect(request.requester).toBe(`aad:${userA.aadObjectId}`);

  const own = await approveAs(userA, request);
  expect(cardText(own)).toContain('You cannot approve your own request');
  expect(await devTagsLeft()).toHaveLength(12);

  const approved = await approveAs(userB, request);
  expect(cardText(approved)).toContain('Approved');
  await bot.act.runner.idle();
  expect(await devTagsLeft()).toEqual([]);
  const left = new Set<string>();
  for await (const tag of new OciRegistryClient({ endpoint: registry.url }).listTags('app')) left.add(tag);
  for (const m of images.kept.filter((k) => k.repository === 'app')) expect(left.has(m.tags[0])).toBe(true);

  // The request card (the same message) now shows the report, for everyone in the conversation.
  await waitForText('Delete old tags: report', 1, 30_000);
  await waitForText('Finished: 12 done, 0 already gone, 0 skipped, 0 failed.');
  await waitForText(`1 / 1 (${userB.name})`);
  expect(await page.getByText('Delete old tags: preview').count()).toBe(0);
  await page.locator('.ac-adaptiveCard', { hasText: 'Delete old tags: report' }).last().screenshot({ path: join(artifacts, 'act-report-card.png') });
});

test('an expired plan cannot be approved', async () => {
  await say('purge other --ago 30d');
  await waitForText('Delete old tags: preview');
  const request = await latestRequest();
  await bot.db.query("UPDATE approval_requests SET expires_at = now() - interval '1 second' WHERE id = $1", [request.id]);
  const response = await approveAs(userB, request);
  expect(cardText(response)).toContain('This request has expired');
  await waitForText('expired before it was approved');
  const tags: string[] = [];
  for await (const tag of new OciRegistryClient({ endpoint: registry.url }).listTags('other')) tags.push(tag);
  expect(tags.sort()).toEqual(['dev-0', 'dev-1']);
});
