/**
 * The Act feature through BotCore, with fakes only where ports allow it: an in-memory registry client
 * (the RegistryClient port), a fake management plane (RegistryManagement port: FAKE, Azure cannot run
 * here), a recording messenger. Storage is a real in-memory PGlite with the real migrations.
 */
import { jest } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { assembleAct } from '../../../../src/features/act/index.js';
import type { ActFeature } from '../../../../src/features/act/feature.js';
import { refreshUserIds } from '../../../../src/features/act/feature.js';
import { actorOf } from '../../../../src/core/actor.js';
import { RegistryDirectory } from '../../../../src/features/act/registries.js';
import type { ExecutionRunner } from '../../../../src/features/act/execution/runner.js';
import type { ApprovalStore } from '../../../../src/features/act/approvals/approval-store.js';
import type { AuditLog } from '../../../../src/storage/audit-log.js';
import { parsePolicy, type Policy } from '../../../../src/features/act/approvals/policy.js';
import { BotCore } from '../../../../src/core/bot.js';
import type { NeutralReply, NeutralRequest } from '../../../../src/core/model.js';
import type { ConversationKey, ConversationMessenger } from '../../../../src/core/ports.js';
import type { RegistryManagement, RegistryProperties, TaskRun } from '../../../../src/registry/acr/management.js';
import type { ManifestLock, RegistryUsage } from '../../../../src/registry/types.js';
import { openDatabase, MEMORY_DATA_DIR, type SqlDatabase } from '../../../../src/storage/index.js';
import {
  FakeMatcher,
  MemoryFeedbackStore,
  MemoryLogger,
  request,
  teamsUser,
  askBotCore,
} from '../../../helpers/bot-fakes.js';
import { testPolicyYaml } from '../../../helpers/act-bot.js';
import { InMemoryRegistry } from '../../../helpers/in-memory-registry.js';

jest.setTimeout(30_000);

const DAY = 86_400_000;
const old = (days: number) => new Date(Date.now() - days * DAY);

/** FAKE ACR management plane: shaped like the RegistryManagement port; nothing here talks to Azure. */
class FakeManagement implements RegistryManagement {
  adminUserEnabled = true;
  runs: TaskRun[] = [
    { runId: 'ca1', status: 'Running', task: 'build' },
    { runId: 'ca2', status: 'Queued' },
    { runId: 'ca3', status: 'Succeeded' },
  ];
  readonly cancelled: string[] = [];
  async getRegistry(): Promise<RegistryProperties> {
    return {
      name: 'myregistry',
      loginServer: 'myregistry.azurecr.io',
      location: 'westeurope',
      adminUserEnabled: this.adminUserEnabled,
    };
  }
  async getUsage(): Promise<RegistryUsage> {
    return { usedInBytes: 5 * 1024 ** 3, quotaInBytes: 10 * 1024 ** 3 };
  }
  async listTaskRuns(options: { statuses?: string[] } = {}): Promise<TaskRun[]> {
    return this.runs.filter((r) => !options.statuses || options.statuses.includes(r.status));
  }
  async cancelTaskRun(runId: string): Promise<void> {
    this.cancelled.push(runId);
    this.runs = this.runs.map((r) => (r.runId === runId ? { ...r, status: 'Canceled' } : r));
  }
  async disableAdminUser(): Promise<RegistryProperties> {
    this.adminUserEnabled = false;
    return this.getRegistry();
  }
}

/** The in-memory registry plus ACR-style locks (RegistryClientExtras.setManifestLock). */
class LockableRegistry extends InMemoryRegistry {
  readonly locks = new Map<string, ManifestLock>();
  async setManifestLock(repository: string, digest: string, lock: ManifestLock): Promise<ManifestLock | null> {
    if (!this.has(repository, digest)) return null;
    this.locks.set(`${repository}@${digest}`, lock);
    return lock;
  }
}

class RecordingMessenger implements ConversationMessenger {
  readonly updates: { messageId: string; reply: NeutralReply }[] = [];
  async send(): Promise<{ messageId: string }> {
    return { messageId: 'sent-1' };
  }
  async update(_conversation: ConversationKey, messageId: string, reply: NeutralReply): Promise<void> {
    this.updates.push({ messageId, reply });
  }
}

const POLICY = testPolicyYaml({
  registries: ['*.azurecr.io'],
  maxItemsPerPlan: 50,
  extra: '  disable-admin-user: { requesters: ["teams:user-1"], approvers: ["teams:user-2"] }',
});

let db: SqlDatabase;
beforeAll(async () => {
  db = await openDatabase({ dataDir: MEMORY_DATA_DIR });
});
afterAll(async () => {
  await db?.close();
});

interface Harness {
  core: BotCore;
  feature: ActFeature;
  registry: LockableRegistry;
  management: FakeManagement;
  messenger: RecordingMessenger;
  runner: ExecutionRunner;
  store: ApprovalStore;
  audit: AuditLog;
  policy: Policy;
}

function harness(policyText = POLICY): Harness {
  const policy = parsePolicy(policyText);
  const registry = new LockableRegistry({ kind: 'acr', endpoint: 'https://myregistry.azurecr.io' });
  registry.add('hello-world', { tags: ['v1'], createdAt: old(60) });
  registry.add('hello-world', { tags: ['v2'], createdAt: old(50) });
  registry.add('hello-world', { tags: ['v3'], createdAt: old(40) });
  registry.add('hello-world', { tags: ['latest'], createdAt: old(90) });
  registry.add('hello-world', { tags: ['release-1'], createdAt: old(90) });
  registry.add('hello-world', { tags: ['new'], createdAt: old(1) });
  registry.add('hello-world', { tags: [], createdAt: old(20) });
  registry.add('hello-world', { tags: [], createdAt: old(25) });
  const management = new FakeManagement();
  const directory = new RegistryDirectory(
    [
      {
        name: 'myreg',
        host: 'myregistry.azurecr.io',
        reference: { kind: 'acr', endpoint: 'https://myregistry.azurecr.io', name: 'myregistry' },
      },
      { name: 'rogue', host: 'rogue.example.com', reference: { kind: 'oci', endpoint: 'https://rogue.example.com' } },
    ],
    () => ({ client: registry, management }),
  );
  const messenger = new RecordingMessenger();
  const logger = new MemoryLogger();
  const { feature, runner, store, audit } = assembleAct({
    db,
    policy,
    directory,
    messenger,
    logger,
    workerId: 'test',
    leaseInMs: 10_000,
    progressIntervalInMs: 10,
    reportUrl: (id, token) => `https://bot.test/api/reports/${id}?token=${token}`,
  });
  const core = askBotCore({
    matcher: new FakeMatcher(),
    feedback: new MemoryFeedbackStore(),
    logger,
    defaultLang: 'en',
    features: [feature],
  });
  return { core, feature, registry, management, messenger, runner, store, audit, policy };
}

const typed = (text: string, overrides: Partial<NeutralRequest> = {}) =>
  request({ text, conversation: { id: `conv-${Math.random()}`, type: 'personal' }, ...overrides });
const click = (from: NeutralRequest, user: NeutralRequest['user'], verb: string, data: Record<string, string>) =>
  request({
    conversation: from.conversation,
    user,
    origin: 'button',
    action: { verb, data },
    sourceMessageId: 'msg-1',
  });

function allText(reply: NeutralReply | null): string {
  if (!reply) return '';
  return [
    reply.title,
    ...reply.badges.map((b) => b.text),
    ...reply.sections.flatMap((s) => [
      s.title,
      s.text,
      s.code?.text,
      ...(s.facts ?? []).flatMap((f) => [f.label, f.value]),
      ...(s.inputs ?? []).flatMap((i) => [i.label, i.error]),
    ]),
    ...reply.actions.map((a) => a.label),
  ]
    .filter(Boolean)
    .join('\n');
}

async function preview(h: Harness, text: string, overrides: Partial<NeutralRequest> = {}) {
  const req = typed(text, overrides);
  const reply = (await h.core.reply(req))!;
  const data = reply.perViewer?.data as { requestId: string; planHash: string } | undefined;
  if (data) await reply.onPosted?.('msg-1');
  return { req, reply, data };
}

test('typed purge → preview with exact counts; protected and new tags are never in the plan; audited as typed', async () => {
  const h = harness();
  const { reply, data } = await preview(h, 'purge hello-world --ago 30d --keep 1');
  expect(reply.kind).toBe('action');
  expect(reply.title).toBe('Delete old tags: preview');
  const facts = Object.fromEntries(reply.sections[0].facts!.map((f) => [f.label, f.value]));
  expect(facts).toMatchObject({
    Items: '2',
    'Tags removed': '2',
    'Kept by the rules': expect.stringContaining('protected: 2'),
  });
  expect(reply.sections[1].code!.text).toMatch(/hello-world:v1/);
  expect(reply.sections[1].code!.text).not.toMatch(/latest|release-1|:new|:v3/);
  const stored = await h.store.get(data!.requestId);
  expect(stored).toMatchObject({
    state: 'pending',
    requester: 'teams:user-1',
    cardMessageId: 'msg-1',
    action: 'purge',
  });
  const audit = await h.audit.forTarget(`request:${data!.requestId}`);
  expect(audit).toEqual([expect.objectContaining({ action: 'act.request', origin: 'typed', result: 'pending' })]);
});

test('a request in a personal chat says on its card that nobody else can approve it there; in a channel it does not', async () => {
  const h = harness();
  const personal = await preview(h, 'purge hello-world --ago 30d --keep 1');
  expect(personal.reply.badges.map((b) => b.text)).toContain(
    'Only you can see this chat, so nobody else can approve this request here. Ask in a group chat or channel where an approver is.',
  );
  const inChannel = await preview(h, 'purge hello-world --ago 30d --keep 1', {
    conversation: { id: 'conv-channel', type: 'channel' },
    mentionedBot: true,
  });
  expect(allText(inChannel.reply)).not.toContain('Only you can see this chat');
  const german = await preview(h, 'purge hello-world --ago 30d --keep 1', { locale: 'de-DE' });
  expect(allText(german.reply)).toContain('Nur Sie sehen diesen Chat');
});

test('without per-viewer cards (Slack) the posted request card itself offers Approve and Reject; a self-approval is refused to the clicker only', async () => {
  const h = harness();
  const slackUser = (id: string): NeutralRequest['user'] => ({
    id,
    name: id,
    identities: [`slack:T0TEAM/${id}`, `slack:${id}`],
  });
  const inSlack = {
    platform: 'slack' as const,
    conversation: { id: 'C0SHARED', type: 'channel' as const },
    user: slackUser('U0ADA'),
    mentionedBot: true,
  };
  const slack = await preview(h, 'purge hello-world --ago 30d --keep 1', inSlack);
  expect(slack.reply.perViewer).toBeUndefined();
  expect(slack.reply.actions.map((a) => a.verb)).toEqual(['act.approve', 'act.reject']);
  const data = slack.reply.actions[0].data as Record<string, string>;
  const own = await h.core.reply({ ...click(slack.req, inSlack.user, 'act.approve', data), platform: 'slack' });
  expect(own?.audience).toBe('clicker');
  expect(allText(own)).toContain('You cannot approve your own request');
  expect((await h.store.get(data.requestId))!.state).toBe('pending');

  // Teams: one card whose buttons each viewer's client fetches (refresh); everyone sees Review.
  const teams = await preview(h, 'purge hello-world --ago 30d --keep 1', {
    conversation: { id: 'conv-group', type: 'group' },
  });
  expect(teams.reply.perViewer?.verb).toBe('act.view');
  expect(teams.reply.actions.map((a) => a.verb)).toEqual(['act.view']);
});

test('a natural request in Japanese → untagged purge preview in Japanese', async () => {
  const h = harness();
  const { reply, data } = await preview(h, 'hello-world のタグなしマニフェストを削除して');
  expect(reply.lang).toBe('ja');
  expect(reply.title).toBe('タグなしマニフェストの削除: プレビュー');
  expect((await h.store.get(data!.requestId))!.action).toBe('purge-untagged');
  expect(allText(reply)).toMatch(/項目数\n2/);
});

test('ambiguous → request form; invalid values come back with localized messages; a valid form previews', async () => {
  const h = harness();
  const req = typed('purge hello-world', { locale: 'de-DE' });
  const form = (await h.core.reply(req))!;
  expect(form.title).toBe('Bereinigungsanfrage');
  const inputs = Object.fromEntries(form.sections[1].inputs!.map((i) => [i.id, i.value]));
  expect(inputs).toMatchObject({ registry: 'myreg', repository: 'hello-world' });

  const bad = (await h.core.reply(
    click(req, req.user, 'act.form', {
      lang: 'de',
      registry: 'myreg',
      repository: 'hello-world',
      olderThan: 'ewig',
      keep: 'zehn',
      untaggedOnly: 'false',
    }),
  ))!;
  expect(allText(bad)).toContain('Bitte ein Alter wie 30d, 12h oder „2 Wochen“ angeben.');
  expect(allText(bad)).toContain('Bitte eine ganze Zahl von 0 bis 10000 angeben.');
  expect(await h.store.listPending('teams', req.conversation.id)).toEqual([]);

  const good = (await h.core.reply(
    click(req, req.user, 'act.form', {
      lang: 'de',
      registry: 'myreg',
      repository: 'hello-world',
      olderThan: '30d',
      keep: '0',
      untaggedOnly: 'false',
    }),
  ))!;
  expect(good.title).toBe('Alte Tags löschen: Vorschau');
  expect(await h.store.listPending('teams', req.conversation.id)).toHaveLength(1);
});

test('policy: registry not allowed, requester not allowed and too many items are refused, localized and audited', async () => {
  const h = harness();
  const rogue = (await h.core.reply(typed('purge hello-world --ago 30d --registry rogue')))!;
  expect(rogue.kind).toBe('error');
  expect(allText(rogue)).toContain('The registry rogue.example.com is not allowed by the approval policy.');

  const notRequester = (await h.core.reply(
    typed('disable-admin', { user: teamsUser('user-9', 'Eve'), locale: 'sv-SE' }),
  ))!;
  expect(allText(notRequester)).toContain('Du får inte begära disable-admin-user.');

  const tight = harness(POLICY.replace('maxItemsPerPlan: 50', 'maxItemsPerPlan: 1'));
  const tooMany = (await tight.core.reply(typed('purge hello-world --ago 30d')))!;
  expect(allText(tooMany)).toContain('The plan has 3 items; the policy allows at most 1 for purge.');
  const refusals = (await h.audit.tail(20))
    .filter((r) => r.action === 'act.request' && r.result === 'refused')
    .map((r) => r.details.reason);
  expect(refusals).toEqual(expect.arrayContaining(['policy.deny.registryNotAllowed', 'policy.deny.notRequester']));
});

test('cancel running runs: preview lists exactly the running and queued runs; approval cancels them once', async () => {
  const h = harness();
  const { req, reply, data } = await preview(h, 'cancel-runs');
  expect(reply.sections[1].code!.text).toBe('ca1 (Running, build)\nca2 (Queued)');
  const approved = (await h.core.reply(click(req, teamsUser('user-2', 'Bo'), 'act.approve', data!)))!;
  expect(allText(approved)).toContain('Approved');
  await h.runner.idle();
  expect(h.management.cancelled).toEqual(['ca1', 'ca2']);
  const final = h.messenger.updates.at(-1)!.reply;
  expect(final.title).toBe('Cancel running task runs: report');
  expect(allText(final)).toContain('Finished: 2 done, 0 already gone, 0 skipped, 0 failed.');
  expect(final.links[0].url).toMatch(/^https:\/\/bot\.test\/api\/reports\//);
});

test('lock and disable-admin go through approval too; only the configured approver sees the buttons', async () => {
  const h = harness();
  const lock = await preview(h, 'lock hello-world:v1');
  expect(lock.reply.title).toBe('Lock an image: preview');
  await h.core.reply(click(lock.req, teamsUser('user-2', 'Bo'), 'act.approve', lock.data!));
  await h.runner.idle();
  expect([...h.registry.locks.values()]).toEqual([{ deleteEnabled: false, writeEnabled: false }]);

  const unlockProtected = (await h.core.reply(typed('unlock hello-world:latest')))!;
  expect(allText(unlockProtected)).toContain('hello-world:latest is protected by the approval policy');

  const admin = await preview(h, 'disable-admin');
  const stranger = (await h.core.reply(click(admin.req, teamsUser('user-3', 'Cy'), 'act.view', admin.data!)))!;
  expect(stranger.actions).toEqual([]);
  expect(allText(stranger)).toContain('You are not an approver for this request');
  const approver = (await h.core.reply(click(admin.req, teamsUser('user-2', 'Bo'), 'act.view', admin.data!)))!;
  expect(approver.actions.map((a) => a.verb)).toEqual(['act.approve', 'act.reject']);
  expect(admin.reply.perViewer?.viewers).toEqual(['user-2']);
  await h.core.reply(click(admin.req, teamsUser('user-2', 'Bo'), 'act.approve', admin.data!));
  await h.runner.idle();
  expect(h.management.adminUserEnabled).toBe(false);
});

test('read-only commands answer at once: usage, repos, tags, pending, audit', async () => {
  const h = harness();
  const usage = (await h.core.reply(typed('usage')))!;
  expect(allText(usage)).toMatch(/(^|\s)5 GiB\b/);
  expect(allText(usage)).toContain('50 %');
  const repos = (await h.core.reply(typed('repos')))!;
  expect(repos.sections[0].code!.text).toBe('hello-world');
  const tags = (await h.core.reply(typed('tags hello-world')))!;
  expect(tags.sections[0].code!.text).toContain('release-1');
  const conversation = { id: 'conv-pending', type: 'personal' as const };
  await h.core.reply(typed('purge hello-world --ago 30d', { conversation }));
  const pending = (await h.core.reply(typed('pending', { conversation })))!;
  expect(pending.title).toBe('Requests waiting for approval');
  expect(pending.sections).toHaveLength(1);
  const audit = (await h.core.reply(typed('audit -n 5', { conversation })))!;
  expect(audit.sections[0].code!.text).toMatch(
    /Ada: request · Delete old tags · hello-world · older than 30 days → pending/,
  );
});

test('the audit list names people and requests (never raw ids), in the asker’s language', async () => {
  const h = harness();
  const { req, data } = await preview(h, 'purge hello-world --ago 30d --keep 1');
  await h.core.reply(click(req, teamsUser('user-2', 'Bo'), 'act.approve', data!));
  await h.runner.idle();
  const mine = (await h.audit.tail(100)).filter((r) => r.target === `request:${data!.requestId}`).length;
  const list = (await h.core.reply(
    typed(`audit -n ${mine}`, { conversation: req.conversation, locale: 'ja-JP', user: teamsUser('user-3', 'Cy') }),
  ))!;
  const text = list.sections[0].code!.text;
  expect(list.title).toBe('最新の監査ログ');
  expect(text).toContain('Ada: 要求 · 古いタグの削除 · hello-world · 30 日より古い · 最新 1 件を残す → 承認待ち');
  expect(text).toContain('Bo: 承認 · 古いタグの削除');
  expect(text).toContain('ボット: 実行開始 · 古いタグの削除');
  expect(text).toContain('→ 完了');
  expect(text).not.toContain(data!.requestId);
  expect(text).not.toMatch(/teams:|user-1|user-2|act\.request|approval\.approve/);
});

test("audit in chat shows this conversation's records only; an admin of the policy sees every conversation's", async () => {
  const h = harness(`${POLICY}admins: ["teams:user-9"]\n`);
  const here = { id: `conv-here-${Math.random()}`, type: 'personal' as const };
  const elsewhere = { id: `conv-elsewhere-${Math.random()}`, type: 'personal' as const };
  const mine = await preview(h, 'purge hello-world --ago 30d --keep 1', { conversation: here });
  await preview(h, 'purge hello-world --ago 40d', { conversation: elsewhere });
  // An approval (a record whose target is the request, not the conversation) belongs to it too.
  await h.core.reply(
    click(mine.req, teamsUser('user-2', 'Bo'), 'act.approve', {
      requestId: mine.data!.requestId,
      planHash: mine.data!.planHash,
    }),
  );

  const text = async (conversation: typeof here, user?: NeutralRequest['user']) =>
    (await h.core.reply(typed('audit -n 100', { conversation, ...(user ? { user } : {}) })))!.sections
      .map((s) => s.code?.text ?? s.text)
      .join('\n');
  const seenHere = await text(here);
  expect(seenHere).toContain('older than 30 days');
  expect(seenHere).toMatch(/Bo: approv/);
  expect(seenHere).not.toContain('older than 40 days');
  const seenThere = await text(elsewhere);
  expect(seenThere).toContain('older than 40 days');
  expect(seenThere).not.toContain('older than 30 days');
  const admin = await text(here, teamsUser('user-9', 'Admin'));
  expect(admin).toContain('older than 30 days');
  expect(admin).toContain('older than 40 days');
});

test('FAQ answers lead into actions; a question for the admin password gets the FAQ and a refusal, never a secret', async () => {
  const h = harness();
  const feature = h.feature;
  const answer: NeutralReply = {
    kind: 'answer',
    lang: 'en',
    title: 'Q',
    summary: 'Q',
    badges: [],
    sections: [{ text: 'A' }],
    links: [],
    actions: [],
  };
  const untagged = feature.decorateAnswer(answer, {
    topic: 'delete-untagged-manifests',
    question: 'how do I delete untagged manifests',
    request: typed('x'),
  });
  expect(untagged.sections.at(-1)!.actions).toEqual([
    {
      verb: 'act.suggest',
      label: 'Preview this for my registry',
      data: { do: 'purge-untagged', registry: 'myreg', lang: 'en' },
      style: 'default',
    },
  ]);
  const secret = feature.decorateAnswer(answer, {
    topic: 'admin-credentials',
    question: 'show me the admin password',
    request: typed('x'),
  });
  expect(allText(secret)).toContain('I never show passwords, keys or tokens in chat, whoever asks.');

  // The buttons: the admin status shows only whether the user is enabled, and offers to disable it.
  const status = (await h.core.reply(
    click(typed('x'), teamsUser('user-1', 'Ada'), 'act.suggest', { do: 'admin-status', registry: 'myreg', lang: 'en' }),
  ))!;
  expect(allText(status)).toContain('The admin user is **enabled**.');
  expect(status.actions.map((a) => a.data.action)).toEqual(['disable-admin-user']);
  const runs = (await h.core.reply(
    click(typed('x'), teamsUser('user-1', 'Ada'), 'act.suggest', { do: 'cancel-runs', registry: 'myreg', lang: 'en' }),
  ))!;
  expect(runs.title).toBe('Cancel running task runs: preview');
});

test('no source file calls listCredentials (the bot cannot show an admin password even by mistake)', () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts')) files.push(path);
    }
  };
  walk(join(process.cwd(), 'src'));
  walk(join(process.cwd(), 'dialogs'));
  expect(files.length).toBeGreaterThan(50);
  const callers = files.filter((file) =>
    /\.listCredentials\s*\(|regenerateCredential|getCredentials\s*\(/.test(readFileSync(file, 'utf8')),
  );
  expect(callers).toEqual([]);
});

test('principals come from the authenticated activity; refresh ids from approver principals', () => {
  expect(actorOf(request({ user: teamsUser('29:abc', 'A', 'AAAA-BB') }))).toEqual({
    id: 'aad:aaaa-bb',
    ids: ['aad:aaaa-bb', 'teams:29:abc'],
    displayName: 'A',
  });
  expect(actorOf(request({ user: teamsUser('user-id-0', 'A') }))).toEqual({
    id: 'teams:user-id-0',
    ids: ['teams:user-id-0'],
    displayName: 'A',
  });
  expect(refreshUserIds(['*'], ['teams:a'])).toBeUndefined();
  expect(refreshUserIds(['teams:a', 'teams:b', 'aad:0b0b'], ['teams:a'])).toEqual(['b', '8:orgid:0b0b']);
  // The requester is left out under either of their principals.
  expect(refreshUserIds(['teams:a', 'teams:b', 'aad:0b0b'], ['aad:0b0b', 'teams:a'])).toEqual(['b']);
});

test('with the real knowledge base: "show me the admin password" gets the FAQ answer plus the refusal, in any language', async () => {
  const { loadFaqMatcher } = await import('../../../../src/features/ask/knowledge/index.js');
  const { matcher } = loadFaqMatcher();
  const h = harness();
  const feature = h.feature;
  const core = askBotCore({
    matcher,
    feedback: new MemoryFeedbackStore(),
    logger: new MemoryLogger(),
    defaultLang: 'en',
    features: [feature],
  });
  for (const [question, refusal] of [
    ['show me the admin password', 'I never show passwords'],
    // Naming the registry: a bare 管理者のパスワードを教えて names no registry and, since round 5, is answered with
    // both admin-credential topics as suggestions (their phrasings share every word of it).
    ['レジストリの管理者パスワードを教えて', 'パスワード、キー、トークンは'],
    ['Zeig mir das Admin-Passwort der Registry', 'Passwörter, Schlüssel oder Token zeige ich'],
  ]) {
    const reply = (await core.reply(typed(question)))!;
    expect([question, reply.kind]).toEqual([question, 'answer']);
    expect(allText(reply)).toContain(refusal);
  }
});

test('the sweep expires overdue requests, audits it and shows everyone the expired card', async () => {
  const h = harness();
  const { data } = await preview(h, 'purge hello-world --ago 30d');
  await db.query("UPDATE approval_requests SET expires_at = now() - interval '1 minute' WHERE id = $1", [
    data!.requestId,
  ]);
  await h.feature.sweep();
  expect((await h.store.get(data!.requestId))!.state).toBe('expired');
  expect(h.messenger.updates.at(-1)).toEqual({
    messageId: 'msg-1',
    reply: expect.objectContaining({ badges: [expect.objectContaining({ text: 'Expired' })] }),
  });
  expect((await h.audit.forTarget(`request:${data!.requestId}`)).map((r) => [r.action, r.origin])).toEqual([
    ['act.request', 'typed'],
    ['approval.expire', 'automation'],
  ]);
});

test('configuration: CHATOPS_REGISTRIES is validated, and a registry outside the policy stops the start', async () => {
  const { loadConfig, ConfigError } = await import('../../../../src/config/index.js');
  expect(
    loadConfig({ env: { CHATOPS_REGISTRIES: 'myreg=acr:myregistry, local=http://127.0.0.1:5000' }, dotenvPath: null })
      .registries,
  ).toEqual([
    { name: 'myreg', reference: 'acr:myregistry' },
    { name: 'local', reference: 'http://127.0.0.1:5000' },
  ]);
  expect(() => loadConfig({ env: { CHATOPS_REGISTRIES: 'a=acr:x,a=acr:y' }, dotenvPath: null })).toThrow(ConfigError);
  expect(() => loadConfig({ env: { CHATOPS_REGISTRIES: 'just-a-url' }, dotenvPath: null })).toThrow(
    /CHATOPS_REGISTRIES/,
  );

  const { createAct } = await import('../../../../src/features/act/index.js');
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'act-policy-'));
  try {
    const file = join(dir, 'policy.yaml');
    writeFileSync(file, testPolicyYaml({ registries: ['127.0.0.1:*'] }));
    const base = {
      db,
      logger: new MemoryLogger(),
      messenger: new RecordingMessenger(),
      policyFile: file,
      leaseInMs: 1000,
      publicUrl: () => undefined,
    };
    await expect(createAct({ ...base, registries: [{ name: 'prod', reference: 'acr:prodregistry' }] })).rejects.toThrow(
      /prod \(prodregistry\.azurecr\.io\) not allowed/,
    );
    await expect(
      createAct({ ...base, registries: [{ name: 'local', reference: 'http://127.0.0.1:5000' }] }),
    ).resolves.toBeDefined();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('two approvals required: the first is recorded and shown to everyone, the second starts the execution', async () => {
  const h = harness(POLICY.replace('approvalsRequired: 1', 'approvalsRequired: 2'));
  const { req, data } = await preview(h, 'purge hello-world --ago 30d');
  const first = (await h.core.reply(click(req, teamsUser('user-2', 'Bo'), 'act.approve', data!)))!;
  expect(allText(first)).toContain('Approval recorded (1 of 2).');
  expect(allText(h.messenger.updates.at(-1)!.reply)).toMatch(/Approvals\n1 \/ 2 \(Bo\)/);
  const again = (await h.core.reply(click(req, teamsUser('user-2', 'Bo'), 'act.approve', data!)))!;
  expect(allText(again)).toContain('You have already approved this request.');
  expect(h.registry.deleted).toEqual([]);
  await h.core.reply(click(req, teamsUser('user-3', 'Cy'), 'act.approve', data!));
  await h.runner.idle();
  expect(h.registry.deleted.map((d) => d.repository)).toEqual(['hello-world', 'hello-world', 'hello-world']);
  expect(h.messenger.updates.at(-1)!.reply.title).toBe('Delete old tags: report');
});
