/**
 * The approval flow against the running bot (real HTTP server, real PGlite, real docker-registry), driven
 * like Teams drives it: typed message → preview card; Action.Execute invokes for Approve / Reject; card
 * updates (PUT) and the report download. Proves: 50 concurrent Approve clicks start exactly one execution;
 * self-approval, tampered, forged (another conversation), replayed and expired clicks are refused and
 * audited; exactly the planned tags are deleted; the report is downloadable only with its token.
 */
import { jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/index.js';
import { startBot, type RunningBot } from '../../../src/main.js';
import { OciRegistryClient } from '../../../src/registry/oci/index.js';
import {
  ActBotClient,
  cardOf,
  cardText,
  pushActImages,
  writeTestPolicy,
  type Card,
  type User,
} from '../../helpers/act-bot.js';
import { MemoryLogger } from '../../helpers/bot-fakes.js';
import { FakeMatcher } from '../../helpers/bot-fakes.js';
import { LocalConnector } from '../../helpers/local-connector.js';
import type { PushedManifest } from '../../helpers/registry/image-pusher.js';
import { startLocalRegistry, type LocalRegistry } from '../../helpers/registry/local-registry.js';

jest.setTimeout(90_000);

const ADA: User = { id: 'user-ada', name: 'Ada' };
const BO: User = { id: 'user-bo', name: 'Bo', aadObjectId: '0b0b0b0b-0000-0000-0000-000000000002' };
const CONVERSATION = 'conv-act-1';

let dir: string;
let registry: LocalRegistry;
let images: { dev: PushedManifest[]; kept: PushedManifest[] };
let connector: LocalConnector;
let bot: RunningBot;
let client: ActBotClient;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'act-flow-'));
  registry = await startLocalRegistry();
  images = await pushActImages(registry.url, 30);
  connector = await new LocalConnector().start();
  const config = loadConfig({
    env: {
      CHATOPS_PORT: '0',
      CHATOPS_DATA_DIR: join(dir, 'data'),
      CHATOPS_LOG_LEVEL: 'silent',
      CHATOPS_REGISTRIES: `local=${registry.url}`,
      CHATOPS_POLICY_FILE: writeTestPolicy(dir),
      CHATOPS_EXECUTION_LEASE_MS: '5000',
    },
    dotenvPath: null,
  });
  bot = await startBot(config, { matcher: new FakeMatcher(), logger: new MemoryLogger() });
  client = new ActBotClient(bot.url, connector, CONVERSATION);
}, 60_000);

afterAll(async () => {
  await bot?.close();
  await connector?.stop();
  await registry?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function requestPurge(
  from: User,
  text: string,
): Promise<{ card: Card; messageId: string; requestId: string; planHash: string }> {
  const before = client.activities().length;
  await client.say(from, text);
  const { card, messageId } = await client.nextPostedCard(before);
  const data = card.refresh?.action.data;
  if (!data) throw new Error(`no request card: ${cardText(card)}`);
  return { card, messageId, requestId: data.requestId, planHash: data.planHash };
}

async function auditFor(
  requestId: string,
): Promise<{ action: string; result: string; actor: string; origin: string; details: Record<string, unknown> }[]> {
  const { rows } = await bot.db.query<{
    action: string;
    result: string;
    actor: string;
    origin: string;
    details: Record<string, unknown>;
  }>('SELECT action, result, actor, origin, details FROM audit_log WHERE target = $1 ORDER BY seq', [
    `request:${requestId}`,
  ]);
  return rows;
}

async function remainingTags(): Promise<Set<string>> {
  const oci = new OciRegistryClient({ endpoint: registry.url });
  const tags = new Set<string>();
  for (const repository of ['app', 'other'])
    for await (const tag of oci.listTags(repository)) tags.add(`${repository}:${tag}`);
  return tags;
}

test('preview card: exact counts, protected tags kept, per-user refresh, no buttons to approve for everyone', async () => {
  const { card, requestId } = await requestPurge(ADA, 'purge app --ago 30d');
  const text = cardText(card);
  expect(text).toContain('Delete old tags: preview');
  expect(text).toContain('Waiting for approval');
  // 30 old dev tags; latest and release-* are protected by the policy, new-* are too new.
  expect(text).toMatch(/Items\n30/);
  expect(text).toContain('protected: 3');
  expect(text).toContain('too new: 2');
  expect(text).toContain('Ada');
  expect(card.refresh?.action.verb).toBe('act.view');
  expect(card.actions?.map((a) => [a.type, a.verb])).toEqual([['Action.Execute', 'act.view']]);

  // The requester's own view offers Withdraw, never Approve; another person's view offers Approve.
  const own = (await client.execute(ADA, 'act.view', card.refresh!.action.data)).value as Card;
  expect(own.actions?.map((a) => a.verb)).toEqual(['act.reject']);
  const other = (await client.execute(BO, 'act.view', card.refresh!.action.data)).value as Card;
  expect(other.actions?.map((a) => a.verb)).toEqual(['act.approve', 'act.reject']);

  const audit = await auditFor(requestId);
  expect(audit).toEqual([
    expect.objectContaining({ action: 'act.request', result: 'pending', actor: 'teams:user-ada', origin: 'typed' }),
  ]);
});

test('self-approval, tampered, forged and 50 concurrent approvals: exactly one execution deletes exactly the plan', async () => {
  const { messageId, requestId, planHash } = await requestPurge(ADA, 'purge app --ago 30d --tag-regex ^dev-');

  const self = await client.execute(ADA, 'act.approve', { requestId, planHash }, { replyToId: messageId });
  expect(cardText(self.value)).toContain('You cannot approve your own request');
  const tampered = await client.execute(
    BO,
    'act.approve',
    { requestId, planHash: 'f'.repeat(64) },
    { replyToId: messageId },
  );
  expect(cardText(tampered.value)).toContain('does not match the stored plan');
  const forged = await client.execute(BO, 'act.approve', { requestId, planHash }, { conversationId: 'conv-elsewhere' });
  expect(cardText(forged.value)).toContain('belongs to another conversation');
  expect(cardText(forged.value)).not.toContain('dev-');

  const approvers: User[] = Array.from({ length: 50 }, (_, i) => ({ id: `approver-${i}`, name: `Approver ${i}` }));
  const responses = await Promise.all(
    approvers.map((user) => client.execute(user, 'act.approve', { requestId, planHash }, { replyToId: messageId })),
  );
  expect(responses.every((r) => r.statusCode === 200)).toBe(true);
  const decidedTexts = responses.map((r) => cardText(r.value));
  expect(decidedTexts.filter((t) => t.includes('already decided')).length).toBe(49);

  await bot.act.runner.idle();
  const audit = await auditFor(requestId);
  expect(audit.filter((a) => a.action === 'approval.approve')).toHaveLength(1);
  expect(audit.filter((a) => a.action === 'act.execute.start')).toHaveLength(1);
  expect(audit.filter((a) => a.action === 'act.execute.finish')).toEqual([
    expect.objectContaining({ result: 'done', origin: 'automation' }),
  ]);
  const refused = audit.filter((a) => a.action === 'approval.click-refused').map((a) => a.details.reason);
  expect(refused.filter((r) => r === 'already-decided')).toHaveLength(49);
  expect(refused).toEqual(expect.arrayContaining(['self-approval', 'tampered', 'wrong-conversation']));

  // Exactly the 30 planned tags are gone; protected, new and other-repository tags remain.
  const left = await remainingTags();
  for (const m of images.dev) expect(left.has(`app:${m.tags[0]}`)).toBe(false);
  for (const m of images.kept) expect(left.has(`${m.repository}:${m.tags[0]}`)).toBe(true);

  // The card was updated for everyone: the last update of the request message is the report.
  const updates = client.activities().filter((a) => a.method === 'PUT' && a.replyToId === messageId);
  const final = cardOf(updates.at(-1)!.activity)!;
  expect(cardText(final)).toContain('Delete old tags: report');
  expect(cardText(final)).toContain('Finished: 30 done, 0 already gone, 0 skipped, 0 failed.');
  // Everyone saw the decision first, then the execution's updates, at least ~2 s apart.
  expect(cardText(updates[0].activity)).toContain('Approved');
  const execution = updates.filter((u) => /Delete old tags: (running|report)/.test(cardText(u.activity)));
  expect(execution.length).toBeGreaterThanOrEqual(2);
  for (let i = 1; i < execution.length; i++)
    expect(execution[i].receivedAt - execution[i - 1].receivedAt).toBeGreaterThan(1900);

  // The JSON report: only with the card's token.
  const link = (final.actions ?? []).find((a) => a.type === 'Action.OpenUrl')?.url as string;
  expect(link).toMatch(new RegExp(`/api/reports/${requestId}\\?token=[A-Za-z0-9_-]{43}$`));
  const report = (await (await fetch(link)).json()) as { totals: { done: number }; results: unknown[] };
  expect(report.totals.done).toBe(30);
  expect(report.results).toHaveLength(30);
  expect((await fetch(link.replace(/token=.*/, 'token=guess'))).status).toBe(404);

  // A replayed click after the end is refused and audited.
  const replay = await client.execute(BO, 'act.approve', { requestId, planHash }, { replyToId: messageId });
  expect(cardText(replay.value)).toContain('already decided');
  expect((await auditFor(requestId)).at(-1)).toEqual(
    expect.objectContaining({
      action: 'approval.click-refused',
      details: expect.objectContaining({ reason: 'already-decided' }),
    }),
  );
});

test('an expired request cannot be approved; the card says so for everyone', async () => {
  const { messageId, requestId, planHash } = await requestPurge(ADA, 'purge other --ago 30d');
  await bot.db.query("UPDATE approval_requests SET expires_at = now() - interval '1 minute' WHERE id = $1", [
    requestId,
  ]);
  const response = await client.execute(BO, 'act.approve', { requestId, planHash }, { replyToId: messageId });
  expect(cardText(response.value)).toContain('This request has expired');
  const update = await client.waitFor(
    () =>
      client
        .activities()
        .find((a) => a.method === 'PUT' && a.replyToId === messageId && cardText(a.activity).includes('Expired')),
    'expired card',
  );
  expect(cardText(update.activity)).toContain('expired before it was approved');
  expect((await remainingTags()).has('other:dev-0')).toBe(true);
  const audit = await auditFor(requestId);
  expect(audit.at(-1)).toEqual(
    expect.objectContaining({
      action: 'approval.click-refused',
      actor: 'aad:0b0b0b0b-0000-0000-0000-000000000002',
      details: expect.objectContaining({ reason: 'expired' }),
    }),
  );
});

test('reject: the card shows who rejected it and nothing is deleted', async () => {
  const { messageId, requestId, planHash } = await requestPurge(ADA, 'purge other --ago 30d');
  const response = await client.execute(BO, 'act.reject', { requestId, planHash }, { replyToId: messageId });
  expect(cardText(response.value)).toContain('Rejected by');
  expect((await remainingTags()).has('other:dev-1')).toBe(true);
  expect((await auditFor(requestId)).map((a) => a.action)).toEqual(['act.request', 'approval.reject']);
});

test('four-eyes by person: the same user with and without aadObjectId (or under another from.id) cannot approve their request', async () => {
  const ADA_OID = 'ada00000-0000-0000-0000-0000000000a1';
  const adaWithAad: User = { ...ADA, aadObjectId: ADA_OID.toUpperCase() };
  const adaElsewhere: User = { id: 'user-ada-other-device', name: 'Ada', aadObjectId: ADA_OID };
  // The attack: requested without aadObjectId, approved by the same from.id with one.
  const { messageId, requestId, planHash } = await requestPurge(ADA, 'purge other --ago 30d');
  for (const self of [adaWithAad, ADA]) {
    const response = await client.execute(self, 'act.approve', { requestId, planHash }, { replyToId: messageId });
    expect(cardText(response.value)).toContain('You cannot approve your own request');
  }
  expect(await bot.act.store.get(requestId)).toMatchObject({
    state: 'pending',
    approvals: [],
    requesterIds: ['teams:user-ada'],
  });
  const refused = (await auditFor(requestId)).filter((a) => a.action === 'approval.click-refused');
  expect(refused.map((a) => [a.actor, a.details.reason, a.details.actorIds])).toEqual([
    [`aad:${ADA_OID}`, 'self-approval', [`aad:${ADA_OID}`, 'teams:user-ada']],
    ['teams:user-ada', 'self-approval', ['teams:user-ada']],
  ]);

  // The other way round: requested with aadObjectId (all of Ada's ids kept), approved without it or from another from.id.
  const second = await requestPurge(adaWithAad, 'purge other --ago 30d');
  expect((await bot.act.store.get(second.requestId))!.requesterIds).toEqual([`aad:${ADA_OID}`, 'teams:user-ada']);
  for (const self of [ADA, adaElsewhere]) {
    const response = await client.execute(
      self,
      'act.approve',
      { requestId: second.requestId, planHash: second.planHash },
      { replyToId: second.messageId },
    );
    expect(cardText(response.value)).toContain('You cannot approve your own request');
  }
  expect((await remainingTags()).has('other:dev-0')).toBe(true);

  // Another person still approves, and the plan runs once.
  const approved = await client.execute(BO, 'act.approve', { requestId, planHash }, { replyToId: messageId });
  expect(cardText(approved.value)).toContain('Approved');
  await bot.act.runner.idle();
  expect((await bot.act.store.get(requestId))!.state).toBe('done');
  expect((await remainingTags()).has('other:dev-0')).toBe(false);
});
