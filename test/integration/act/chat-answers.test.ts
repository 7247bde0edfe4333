/**
 * What a person sees for questions, commands, help and greetings (issue 10), through the channel-neutral
 * core with the real knowledge base, a REAL docker-registry (Distribution 2.8, which cannot list
 * untagged manifests), a real in-memory PGlite and the real Act and Alerts features:
 *   - normal situations are information, never an error card ("Something went wrong");
 *   - a question goes to the FAQ even when it names a command word; a request while no registry is
 *     configured gets a friendly "not set up here" (plus the FAQ answer when one fits);
 *   - help lists Ask, Act and Alerts in the language of the keyword; greetings get a greeting.
 */
import { jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAct, type Act } from '../../../src/features/act/index.js';
import { AlertsChatFeature } from '../../../src/features/alerts/chat-feature.js';
import { SubscriptionStore } from '../../../src/features/alerts/subscriptions.js';
import { BotCore } from '../../../src/core/bot.js';
import { t as coreT } from '../../../src/core/messages/index.js';
import type { NeutralReply, NeutralRequest } from '../../../src/core/model.js';
import { loadFaqMatcher } from '../../../src/features/ask/knowledge/index.js';
import { t as askT } from '../../../src/features/ask/messages/index.js';
import type { FaqMatcher, Lang } from '../../../src/features/ask/knowledge/types.js';
import { openDatabase, MEMORY_DATA_DIR, type SqlDatabase } from '../../../src/storage/index.js';
import { writeTestPolicy } from '../../helpers/act-bot.js';
import { MemoryFeedbackStore, MemoryLogger, request, askBotCore } from '../../helpers/bot-fakes.js';
import { ImagePusher } from '../../helpers/registry/image-pusher.js';
import { startLocalRegistry, type LocalRegistry } from '../../helpers/registry/local-registry.js';

jest.setTimeout(60_000);

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
const ERROR_TITLES = (['en', 'ja', 'zh-TW', 'de', 'sv'] as Lang[]).map((lang) => coreT(lang, 'error.title'));

let registry: LocalRegistry;
let db: SqlDatabase;
let matcher: FaqMatcher;
let policyDir: string;
const acts: Act[] = [];

beforeAll(async () => {
  registry = await startLocalRegistry();
  const pusher = new ImagePusher({ url: registry.url, concurrency: 4 });
  try {
    await pusher.pushMany([
      { repository: 'hello-world', tags: ['v1'], createdAt: daysAgo(40), label: 'v1' },
      { repository: 'hello-world', tags: ['v2'], createdAt: daysAgo(2), label: 'v2' },
    ]);
  } finally {
    pusher.close();
  }
  db = await openDatabase({ dataDir: MEMORY_DATA_DIR });
  matcher = loadFaqMatcher().matcher;
  policyDir = mkdtempSync(join(tmpdir(), 'act-policy-'));
});

afterAll(async () => {
  for (const act of acts) await act.runner.stop();
  await db?.close();
  await registry?.stop();
  if (policyDir) rmSync(policyDir, { recursive: true, force: true });
});

/** The bot as main.ts wires it: Ask, Act (with these registries) and Alerts. */
async function bot(
  registries: { name: string; reference: string }[],
  policy: Parameters<typeof writeTestPolicy>[1] = {},
): Promise<BotCore> {
  const logger = new MemoryLogger();
  const dir = mkdtempSync(join(policyDir, 'p-'));
  const messenger = { send: async () => ({ messageId: 'm' }), update: async () => {} };
  const act = await createAct({
    db,
    logger,
    messenger,
    registries,
    policyFile: writeTestPolicy(dir, policy),
    leaseInMs: 10_000,
    publicUrl: () => undefined,
    answerFaq: (question, request, ctx) => core.ask.answerOrNull(question, request, ctx),
  });
  acts.push(act);
  const alerts = new AlertsChatFeature({
    subscriptions: new SubscriptionStore(db),
    registries: new Map(),
    logger,
    preview: act.feature.preview,
  });
  const core = askBotCore({
    matcher,
    feedback: new MemoryFeedbackStore(),
    logger,
    defaultLang: 'en',
    features: [act.feature, alerts],
  });
  return core;
}

/** A message typed in the Agents Playground (its client locale is en-US). */
const say = (core: BotCore, text: string, overrides: Partial<NeutralRequest> = {}) =>
  core.reply(request({ text, conversation: { id: `conv-${Math.random()}`, type: 'personal' }, ...overrides }));

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
    ]),
  ]
    .filter(Boolean)
    .join('\n');
}

function expectNoErrorCard(text: string, reply: NeutralReply | null): void {
  expect([text, reply?.kind]).not.toEqual([text, 'error']);
  for (const title of ERROR_TITLES) expect(allText(reply)).not.toContain(title);
}

describe('normal situations on a plain registry are information, not errors', () => {
  let core: BotCore;
  beforeAll(async () => {
    core = await bot([{ name: 'local', reference: registry.url }]);
  });

  test('purge --untagged: only the explanation, as information', async () => {
    const reply = await say(core, 'purge hello-world --untagged');
    expectNoErrorCard('purge hello-world --untagged', reply);
    expect(reply).toMatchObject({ kind: 'action', badges: [{ text: 'ℹ️ Information', tone: 'neutral' }] });
    expect(reply?.title).toBeUndefined();
    expect(allText(reply)).toContain('This registry cannot list untagged manifests');
    const ja = await say(core, 'hello-world のタグなしマニフェストを削除して');
    expectNoErrorCard('ja untagged', ja);
    expect(allText(ja)).toContain('このレジストリではタグなしマニフェストを一覧できません');
  });

  test('a repository that does not exist is named as such, with `repos` suggested', async () => {
    const purge = await say(core, 'purge nosuch/repo --ago 1d');
    expectNoErrorCard('purge nosuch/repo', purge);
    expect(purge?.badges).toEqual([{ text: 'ℹ️ Information', tone: 'neutral' }]);
    expect(purge?.sections).toEqual([
      { text: 'The repository “nosuch/repo” does not exist in local. Type `repos` to list the repositories of local.' },
    ]);
    const tags = await say(core, 'tags nosuch/repo', { locale: 'de-DE' });
    expectNoErrorCard('tags nosuch/repo', tags);
    expect(allText(tags)).toContain('Das Repository „nosuch/repo“ gibt es in local nicht. Mit `repos`');
    // An existing repository with nothing old enough still says "matches no items".
    const empty = await say(core, 'purge hello-world --ago 3650d');
    expect(allText(empty)).toContain('matches no items in local');
    expect((await say(core, 'repos'))?.sections[0].code?.text).toBe('hello-world');
  });

  test.each([
    ['ja', 'ヘルスチェック', 'local の正常性'],
    ['zh-TW', '健康檢查', 'local 的健康狀態'],
    ['de', 'Zustand der Registry prüfen', 'Zustand von local'],
    ['sv', 'kör en hälsokontroll av registret', 'Hälsa för local'],
    ['en', 'run a health check', 'Health of local'],
  ])('[%s] a real request in words “%s” runs, in that language', async (_lang, text, title) => {
    expect((await say(core, text))?.title).toBe(title);
  });

  test('a real error is still an error card', async () => {
    const reply = await say(core, 'purge hello-world --ago 30d --registry nosuch');
    expect(reply?.kind).toBe('error');
    expect(allText(reply)).toContain('I don’t know the registry “nosuch”. Configured: local.');
  });
});

describe('questions go to the FAQ; requests without a configured registry get a friendly note', () => {
  let core: BotCore;
  beforeAll(async () => {
    core = await bot([]);
  });

  test.each([
    ['ja', 'レジストリの容量の上限は?'],
    ['ja', 'ヘルスチェックって何?'],
    ['zh-TW', '登錄的儲存體上限是多少？'],
    ['de', 'Speicherplatz der Registry?'],
    ['sv', 'Hur mycket lagringsutrymme får ett register använda?'],
    ['en', 'storage usage limit?'],
  ])('[%s] question “%s” → the FAQ, not a command', async (_lang, text) => {
    const reply = await say(core, text);
    expectNoErrorCard(text, reply);
    expect(['answer', 'abstain']).toContain(reply?.kind);
    expect(allText(reply)).not.toMatch(/not set up|nicht eingerichtet|inte konfigurerade|設定されていません|尚未設定/);
  });

  test('the question from the issue gets the FAQ answer npm run ask gives', async () => {
    const reply = await say(core, 'レジストリの容量の上限は?');
    expect(reply?.kind).toBe('answer');
    expect(reply?.title).toBe(matcher.match('レジストリの容量の上限は?').entry?.question);
  });

  test.each([
    ['ja', 'ヘルスチェック', 'ここではレジストリ操作が設定されていません'],
    ['zh-TW', '健康檢查', '這裡尚未設定登錄動作'],
    ['de', 'Zustand der Registry prüfen', 'Registry-Aktionen sind hier nicht eingerichtet'],
    ['en', 'run a health check', 'Registry actions are not set up here'],
    ['en', 'show storage usage', 'Registry actions are not set up here'],
    ['sv', 'visa lagringsanvändning', 'Registeråtgärder är inte konfigurerade här'],
  ])(
    '[%s] request in words “%s” → a friendly note in that language, plus the FAQ answer when one fits',
    async (_lang, text, note) => {
      const reply = await say(core, text);
      expectNoErrorCard(text, reply);
      expect(allText(reply)).toContain(note);
      expect(allText(reply)).toContain('CHATOPS_REGISTRIES');
      if (reply?.kind === 'answer') expect(reply.sections[0].title).toBe(note);
    },
  );

  test('"ヘルスチェック" gets the health-check FAQ answer under the note', async () => {
    const reply = await say(core, 'ヘルスチェック');
    expect(reply?.kind).toBe('answer');
    expect(reply?.title).toContain('check-health');
    expect(reply?.sections[0].text).toContain('「ヘルスチェック」は実行できません');
  });

  test.each([
    'purge hello-world --ago 30d',
    'health',
    'usage',
    'repos',
    'tags hello-world',
    'cancel-runs',
    'purge hello-world',
  ])('typed command “%s” → the note, not an error', async (text) => {
    const reply = await say(core, text);
    expectNoErrorCard(text, reply);
    expect(reply).toMatchObject({ kind: 'action', title: 'Registry actions are not set up here' });
  });

  test('commands that need no registry still work: pending, audit', async () => {
    expect((await say(core, 'pending'))?.title).toBe('Requests waiting for approval');
    expect((await say(core, 'audit'))?.title).toBe('Latest audit entries');
  });
});

describe('help and greetings', () => {
  test.each([
    ['help', 'en', 'How to use the ACR assistant', 'Registry actions'],
    ['Hilfe', 'de', 'So verwenden Sie den ACR-Assistenten', 'Registry-Aktionen'],
    ['hjälp', 'sv', 'Så använder du ACR-assistenten', 'Registeråtgärder'],
    ['說明', 'zh-TW', '如何使用 ACR 助理', '登錄動作'],
    ['ヘルプ', 'ja', 'ACR アシスタントの使い方', 'レジストリ操作'],
  ])('“%s” (client en-US) → the %s help card with Ask, Act and Alerts', async (text, lang, title, actTitle) => {
    const core = await bot([{ name: 'local', reference: registry.url }]);
    const reply = await say(core, text);
    expect(reply).toMatchObject({ kind: 'help', lang, title });
    expect(reply!.sections.map((s) => s.title)).toEqual([
      askT(lang as Lang, 'help.title'),
      askT(lang as Lang, 'examples.title'),
      actTitle,
      expect.any(String),
    ]);
    const act = reply!.sections[2].text!;
    for (const command of [
      'purge hello-world --ago 30d --keep 5',
      'cancel-runs',
      'lock repo:tag',
      'disable-admin',
      'usage',
      'repos',
    ])
      expect(act).toContain(`\`${command}\``);
    expect(act).toContain('local');
    expect(reply!.sections[3].text).toMatch(/`.*myregistry.*app\/\*.*`/);
  });

  test('the English keyword follows a supported client locale (Teams sends the menu title "help" untranslated)', async () => {
    const core = await bot([]);
    expect((await say(core, 'help', { locale: 'ja-JP' }))?.lang).toBe('ja');
    expect((await say(core, 'Hilfe', { locale: 'ja-JP' }))?.lang).toBe('de');
  });

  test('Act commands the policy does not let this person request are named, with whom to ask', async () => {
    const core = await bot([{ name: 'local', reference: registry.url }], {
      extra: '  disable-admin-user: { requesters: ["teams:someone-else"], approvers: ["*"] }',
    });
    const act = (await say(core, 'help'))!.sections[2].text!;
    expect(act).not.toContain('`disable-admin`');
    expect(act).toContain(
      'The approval policy does not let you request: Disable the admin user. Ask your admin if you need them.',
    );
  });

  test('without a registry, help says Act is not set up and how to get it; Ask and Alerts are still listed', async () => {
    const core = await bot([]);
    const reply = (await say(core, 'hjälp'))!;
    expect(reply.sections[2]).toEqual({
      title: 'Registeråtgärder',
      text: expect.stringContaining('Inte konfigurerat här'),
    });
    expect(reply.sections[2].text).toContain('CHATOPS_REGISTRIES');
    expect(reply.sections[2].text).not.toContain('`purge');
    expect(reply.sections[3].title).toBe('Aviseringar: registerhändelser i den här konversationen');
  });

  test.each([
    ['hello', 'en'],
    ['hi', 'en'],
    ['Hello!', 'en'],
    ['hallo', 'de'],
    ['hej', 'sv'],
    ['こんにちは', 'ja'],
    ['你好', 'zh-TW'],
  ])('greeting “%s” → a greeting in %s with example questions, not “I don’t know”', async (text, lang) => {
    const core = await bot([]);
    const reply = await say(core, text);
    expect(reply).toMatchObject({ kind: 'welcome', lang, title: askT(lang as Lang, 'welcome.title') });
    expect(reply!.sections[1].actions?.map((a) => a.label)).toEqual([
      askT(lang as Lang, 'examples.1'),
      askT(lang as Lang, 'examples.2'),
      askT(lang as Lang, 'examples.3'),
    ]);
  });
});
