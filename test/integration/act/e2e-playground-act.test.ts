/**
 * Act end to end with real parts only: the bot (real PGlite, real knowledge base) and a REAL docker-registry,
 * the Microsoft 365 Agents Playground as the Teams client, its web UI in headless Chromium for user A and
 * its HTTP API for user B (another `from`), in the Playground's group chat where both are members. A asks for a purge in chat and sees the preview card;
 * A's own Approve is refused; B approves; the tags are really gone; the card becomes the report for
 * everyone; an expired request cannot be approved. Saves test-artifacts/act-preview-card.png and
 * act-report-card.png.
 */
import { jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { OciRegistryClient } from '../../../src/registry/oci/index.js';
import { cardText, pushActImages, writeTestPolicy } from '../../helpers/act-bot.js';
import { usePlaygroundE2e, type PlaygroundUser } from '../../helpers/playground-e2e.js';
import type { PushedManifest } from '../../helpers/registry/image-pusher.js';
import { startLocalRegistry, type LocalRegistry } from '../../helpers/registry/local-registry.js';

jest.setTimeout(110_000);

let registry: LocalRegistry;
let images: { dev: PushedManifest[]; kept: PushedManifest[] };

// The web UI shows the Playground's first group chat: B is a member there (the personal chat has only A and the bot).
const e2e = usePlaygroundE2e({
  workDirPrefix: 'act-e2e-',
  chat: 'group',
  prepare: async ({ workDir, defer }) => {
    registry = await startLocalRegistry();
    defer(() => registry.stop());
    images = await pushActImages(registry.url, 12);
    return { CHATOPS_REGISTRIES: `local=${registry.url}`, CHATOPS_POLICY_FILE: writeTestPolicy(workDir) };
  },
});

let page: Page;
let conversation: { id: string };
let userA: PlaygroundUser;
let userB: PlaygroundUser;
let botAccount: { id: string; name: string };

beforeAll(() => {
  // The Playground's own users: A is the one typing in the web UI, B another user of the tenant.
  ({
    currentUser: userA,
    users: [userB],
    bot: botAccount,
  } = e2e.settings);
  conversation = { id: e2e.settings.groupChats[0].id };
  page = e2e.ui.page;
});

const waitForText = (text: string, count = 1, timeoutInMs?: number) =>
  e2e.ui.waitForText(text, { count, exact: false, timeoutInMs });

/**
 * A writes in the group chat, where the bot only hears messages that @mention it. The web UI's mention
 * picker does not take scripted input reliably, so the message goes through the Playground's own
 * conversation API as user A (what the UI itself calls); A's web UI shows it and the bot's cards.
 */
async function say(text: string): Promise<void> {
  const res = await fetch(
    `${e2e.playgroundUrl}/_conversation/v1/conversations/${encodeURIComponent(conversation.id)}/messages`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'text',
        text: `<at>${botAccount.name}</at> ${text}`,
        textFormat: 'plain',
        from: { id: userA.id },
        mentions: [{ mentioned: { id: botAccount.id }, text: `<at>${botAccount.name}</at>` }],
      }),
    },
  );
  if (res.status >= 300) throw new Error(`message → HTTP ${res.status}: ${await res.text()}`);
}

/** The newest request the bot stored (the test reads the bot's own database). */
async function latestRequest(): Promise<{
  id: string;
  plan_hash: string;
  card_activity_id: string | null;
  requester: string;
}> {
  const { rows } = await e2e.bot.db.query<{
    id: string;
    plan_hash: string;
    card_activity_id: string | null;
    requester: string;
  }>('SELECT id, plan_hash, card_activity_id, requester FROM approval_requests ORDER BY created_at DESC LIMIT 1');
  return rows[0];
}

/** A click on Approve by `from`, through the Playground's invoke API (as the Teams client would send it). */
async function approveAs(
  from: PlaygroundUser,
  request: { id: string; plan_hash: string; card_activity_id: string | null },
): Promise<unknown> {
  const res = await fetch(`${e2e.playgroundUrl}/_conversation/v1/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'adaptiveCard/action',
      value: {
        action: {
          type: 'Action.Execute',
          verb: 'act.approve',
          data: { requestId: request.id, planHash: request.plan_hash },
        },
        trigger: 'manual',
      },
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
  for await (const tag of new OciRegistryClient({ endpoint: registry.url }).listTags('app'))
    if (tag.startsWith('dev-')) left.push(tag);
  return left;
}

test('A requests a purge, A cannot approve it, B approves, the tags are gone and the card becomes the report', async () => {
  await say('purge app --ago 30d');
  await waitForText('Delete old tags: preview');
  await waitForText('Waiting for approval');
  await e2e.ui.card('Delete old tags: preview').screenshot({ path: e2e.artifact('act-preview-card.png') });
  const request = await latestRequest();
  expect(request.card_activity_id).toBeTruthy();
  expect(request.requester).toBe(`aad:${userA.aadObjectId}`);

  const own = await approveAs(userA, request);
  expect(cardText(own)).toContain('You cannot approve your own request');
  expect(await devTagsLeft()).toHaveLength(12);

  const approved = await approveAs(userB, request);
  expect(cardText(approved)).toContain('Approved');
  await e2e.bot.act.runner.idle();
  expect(await devTagsLeft()).toEqual([]);
  const left = new Set<string>();
  for await (const tag of new OciRegistryClient({ endpoint: registry.url }).listTags('app')) left.add(tag);
  for (const m of images.kept.filter((k) => k.repository === 'app')) expect(left.has(m.tags[0])).toBe(true);

  // The request card (the same message) now shows the report, for everyone in the conversation.
  await waitForText('Delete old tags: report', 1, 30_000);
  await waitForText('Finished: 12 done, 0 already gone, 0 skipped, 0 failed.');
  await waitForText(`1 / 1 (${userB.name})`);
  expect(await page.getByText('Delete old tags: preview').count()).toBe(0);
  await e2e.ui.card('Delete old tags: report').screenshot({ path: e2e.artifact('act-report-card.png') });
});

test('an expired plan cannot be approved', async () => {
  await say('purge other --ago 30d');
  await waitForText('Delete old tags: preview');
  const request = await latestRequest();
  await e2e.bot.db.query("UPDATE approval_requests SET expires_at = now() - interval '1 second' WHERE id = $1", [
    request.id,
  ]);
  const response = await approveAs(userB, request);
  expect(cardText(response)).toContain('This request has expired');
  await waitForText('expired before it was approved');
  const tags: string[] = [];
  for await (const tag of new OciRegistryClient({ endpoint: registry.url }).listTags('other')) tags.push(tag);
  expect(tags.sort()).toEqual(['dev-0', 'dev-1']);
});
