/**
 * Learning from feedback end to end, through the channel-neutral core with the REAL knowledge base and
 * matcher, on real PGlite and real PostgreSQL: two bot instances (two BotCores, each with its own matcher)
 * share one database. A miss (a wrong answer voted 👎, or an abstention) offers "Which of these did you
 * mean?"; the choice waits for a knowledge maintainer; an accept on instance B answers the same question
 * right at once on B, and on A after A's next refresh (the 30 s poll in production).
 */
import { jest } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load as parseYaml } from 'js-yaml';
import { runKbCli } from '../../../src/cli/kb.js';
import { parsePolicy } from '../../../src/features/act/approvals/policy.js';
import { AuditLog } from '../../../src/storage/audit-log.js';
import { BotCore } from '../../../src/core/bot.js';
import { VERBS, type NeutralReply, type NeutralRequest, type ReplyAction } from '../../../src/core/model.js';
import { DEFAULT_KNOWLEDGE_DIR, loadFaqMatcher } from '../../../src/features/ask/knowledge/index.js';
import {
  createLearning,
  LEARN_VERBS,
  LearningStore,
  NONE_OF_THESE,
  type Learning,
} from '../../../src/features/ask/learning/index.js';
import { t } from '../../../src/features/ask/messages/index.js';
import type { Lang } from '../../../src/core/lang.js';
import { FeedbackStore, type SqlDatabase } from '../../../src/storage/index.js';
import { testDatabaseFactories } from '../../helpers/databases.js';
import { MemoryLogger, request, teamsUser, askBotCore } from '../../helpers/bot-fakes.js';

jest.setTimeout(60_000);

const POLICY = parsePolicy(`version: 1
registries: ["127.0.0.1:*"]
actions: {}
knowledge:
  maintainers: ["teams:maintainer-1"]
`);
const asker = teamsUser('asker-1', 'Ada');
const maintainer = teamsUser('maintainer-1', 'Max');

interface Instance {
  core: BotCore;
  learning: Learning;
}

function instance(db: SqlDatabase): Instance {
  const { matcher } = loadFaqMatcher();
  const logger = new MemoryLogger();
  const feedback = new FeedbackStore(db, { userIdHashKey: 'learning-test-key' });
  const learning = createLearning({
    db,
    matcher,
    policy: POLICY,
    audit: new AuditLog(db),
    hashUser: (p, u) => feedback.hashUserId(p, u),
    logger,
  });
  return {
    core: askBotCore({ matcher, feedback, logger, defaultLang: 'en', features: [learning.feature] }),
    learning,
  };
}

const ask = (bot: Instance, text: string, locale = 'en-US') => bot.core.reply(request({ text, locale, user: asker }));
const click = (bot: Instance, action: ReplyAction, user = asker, locale = 'en-US') =>
  bot.core.reply(
    request({
      action: { verb: action.verb, data: action.data },
      origin: 'button',
      user,
      locale,
      sourceMessageId: 'msg-1',
    }),
  );
const say = (bot: Instance, text: string, user: NeutralRequest['user'], locale = 'en-US') =>
  bot.core.reply(request({ text, locale, user }));

function choiceButtons(reply: NeutralReply | null, lang: Parameters<typeof t>[0] = 'en'): ReplyAction[] {
  return reply?.sections.find((s) => s.title === t(lang, 'choice.title'))?.actions ?? [];
}
const topicOf = (reply: NeutralReply | null) =>
  reply?.kind === 'answer' ? String(reply.actions[0]?.data.topic) : null;
const textOf = (reply: NeutralReply | null) =>
  (reply?.sections ?? [])
    .flatMap((s) => [s.title, s.text, ...(s.facts ?? []).map((f) => `${f.label}: ${f.value}`)])
    .join('\n');

const factories = testDatabaseFactories({ tables: ['kb_misses', 'feedback'] }).filter(
  (f) => f.kind !== 'pglite-process',
);

describe.each(factories.map((f) => [f.kind, f] as const))('learning from feedback on %s', (_kind, factory) => {
  let db: SqlDatabase;
  let a: Instance;
  let b: Instance;

  beforeAll(() => factory.setup(), 60_000);
  afterAll(() => factory.teardown());
  beforeEach(async () => {
    db = await factory.clean();
    a = instance(db);
    b = instance(await factory.reconnect(db));
  });

  test('a wrong answer → 👎 → choice → accept on B: the same question is answered with the chosen topic on B, and on A after its refresh', async () => {
    const question = 'our pipeline cannot login to acr from inside a container';
    const first = await ask(a, question);
    const wrongTopic = topicOf(first);
    expect(wrongTopic).not.toBeNull();
    const down = first!.actions.find((x) => x.verb === VERBS.feedback && x.data.vote === 'down')!;
    expect(down.data.asked).toBe(question);

    const offer = await click(a, down);
    const choices = choiceButtons(offer);
    expect(choices.at(-1)).toMatchObject({ label: t('en', 'choice.none'), data: { topic: NONE_OF_THESE } });
    const chosen = choices[0]!;
    const chosenTopic = String(chosen.data.topic);
    expect(chosenTopic).not.toBe(wrongTopic);
    // The buttons carry the stored miss and a topic, nothing else (no identity, no question).
    for (const choice of choices) expect(Object.keys(choice.data).sort()).toEqual(['miss', 'topic']);

    const store = new LearningStore(db);
    const miss = (await store.get(String(chosen.data.miss)))!;
    expect(miss).toMatchObject({ kind: 'down', question, lang: 'en', answeredTopic: wrongTopic, status: 'offered' });
    expect(miss.askerHash).toBe(
      new FeedbackStore(db, { userIdHashKey: 'learning-test-key' }).hashUserId('teams', 'asker-1'),
    );
    expect(JSON.stringify(miss)).not.toContain('asker-1');

    const answered = await click(a, chosen);
    expect(topicOf(answered)).toBe(chosenTopic);
    expect(textOf(answered)).toContain(t('en', 'choice.thanks'));
    expect(textOf(await click(a, chosen))).toContain(t('en', 'choice.alreadyChosen'));

    // The maintainer reviews on instance B, in German (their client's language).
    const card = await say(b, 'kb review', maintainer, 'de-DE');
    expect(card?.title).toBe(t('de', 'review.title'));
    expect(textOf(card)).toContain(question);
    const accept = card!.sections
      .flatMap((s) => s.actions ?? [])
      .find((x) => x.verb === LEARN_VERBS.accept && x.data.miss === miss.id)!;
    expect(accept).toMatchObject({ label: 'Annehmen', updatesCard: true });
    const after = await click(b, accept, maintainer, 'de-DE');
    expect(textOf(after)).toContain('Angenommen');
    expect(textOf(after)).toContain(t('de', 'review.empty'));

    expect(topicOf(await ask(b, question))).toBe(chosenTopic);
    expect(topicOf(await ask(a, question))).toBe(wrongTopic); // A has not polled yet
    expect(await a.learning.overlay.refresh()).toBe(1);
    expect(topicOf(await ask(a, question))).toBe(chosenTopic);
    // A restarted instance loads it too.
    const c = instance(db);
    await c.learning.overlay.refresh();
    expect(topicOf(await ask(c, question))).toBe(chosenTopic);

    const audit = await new AuditLog(db).forTarget(`kb-miss:${miss.id}`);
    expect(audit.map((r) => [r.actor, r.action, r.origin, r.result])).toEqual([
      ['teams:maintainer-1', 'kb.accept', 'button', 'ok'],
    ]);
    expect(audit[0]!.details).toMatchObject({ topic: chosenTopic, lang: 'en', question });
  });

  test('an abstention offers the best-ranked topics in the language of the question; the accepted choice answers it', async () => {
    const question = 'unauthorized von unserem Build-Agent';
    const first = await ask(a, question, 'sv-SE');
    expect(first?.kind).toBe('abstain');
    // A German question from a Swedish client: the bot replies in German, so does the question it asks.
    const choices = choiceButtons(first, 'de');
    expect(choices.length).toBeGreaterThan(1);
    expect(choices.at(-1)?.label).toBe('Nichts davon');
    // What the person meant: "the build agent's docker pull says unauthorized" (offered second since round 5).
    const chosen = choices.find((c) => c.data.topic === 'pull-unauthorized-signature-verification')!;
    expect(chosen).toBeDefined();
    await click(a, chosen, asker, 'sv-SE');

    const card = await say(a, 'kb review', maintainer);
    const accept = card!.sections.flatMap((s) => s.actions ?? []).find((x) => x.verb === LEARN_VERBS.accept)!;
    await click(a, accept, maintainer);
    const answer = await ask(b, question, 'sv-SE');
    expect(answer?.kind).toBe('abstain');
    await b.learning.overlay.refresh();
    expect(topicOf(await ask(b, question, 'sv-SE'))).toBe(chosen.data.topic);
    expect(await new LearningStore(db).get(String(chosen.data.miss))).toMatchObject({
      kind: 'abstain',
      lang: 'de',
      status: 'accepted',
    });
  });

  test('the help card lists `kb review` and the shell commands for knowledge maintainers only, in their language', async () => {
    const sectionOf = (reply: NeutralReply | null, lang: Lang) =>
      reply?.sections.find((s) => s.title === t(lang, 'learnHelp.title'));
    const forMaintainer = sectionOf(await say(a, 'Hilfe', maintainer, 'de-DE'), 'de');
    expect(forMaintainer?.text).toContain('`kb review`');
    for (const command of ['review', 'accept <id>', 'reject <id>', 'export'])
      expect(forMaintainer?.text).toContain(`\`npm run kb -- ${command}\``);
    expect(forMaintainer?.text).toContain(t('de', 'choice.title'));

    // Everyone else learns how to teach the FAQ (👎, "Which of these did you mean?"), not the review commands.
    const forAsker = sectionOf(await say(a, 'help', asker), 'en');
    expect(forAsker?.text).toContain(t('en', 'choice.title'));
    expect(forAsker?.text).not.toContain('kb review');
    expect(forAsker?.text).not.toContain('npm run kb');
  });

  test('a topic that was not offered, "none of these", a non-maintainer and a reject change nothing they must not', async () => {
    const question = 'our pipeline cannot login to acr from inside a container';
    const first = await ask(a, question);
    const down = first!.actions.find((x) => x.data.vote === 'down')!;
    const choices = choiceButtons(await click(a, down));
    const missId = String(choices[0]!.data.miss);
    const store = new LearningStore(db);

    // A forged button: a topic the server never offered for this miss.
    const forged = { ...choices[0]!, data: { miss: missId, topic: 'anonymous-pull' } };
    expect(choices.map((c) => c.data.topic)).not.toContain('anonymous-pull');
    expect(textOf(await click(a, forged, asker, 'ja-JP'))).toContain(t('ja', 'choice.notOffered'));
    expect((await store.get(missId))?.status).toBe('offered');
    expect(textOf(await click(a, { ...forged, data: { miss: 'not-a-miss', topic: 'anonymous-pull' } }))).toContain(
      t('en', 'choice.notFound'),
    );

    await click(a, choices[0]!);
    // Someone not in knowledge.maintainers: refused, audited, still pending.
    const card = await say(a, 'kb review', maintainer);
    const reject = card!.sections.flatMap((s) => s.actions ?? []).find((x) => x.verb === LEARN_VERBS.reject)!;
    expect(textOf(await say(a, 'kb review', asker, 'zh-TW'))).toContain(t('zh-TW', 'review.notMaintainer'));
    expect(textOf(await click(a, reject, asker))).toContain(t('en', 'review.notMaintainer'));
    expect((await store.get(missId))?.status).toBe('pending');

    expect(textOf(await click(a, reject, maintainer))).toContain('Rejected');
    expect(textOf(await click(b, reject, maintainer))).toContain(t('en', 'review.notPending'));
    expect(await b.learning.overlay.refresh()).toBe(0);
    expect(topicOf(await ask(b, question))).toBe(topicOf(first));
    const audit = await new AuditLog(db).forTarget(`kb-miss:${missId}`);
    expect(audit.map((r) => [r.actor, r.action, r.result])).toEqual([
      ['teams:asker-1', 'kb.reject', 'refused'],
      ['teams:maintainer-1', 'kb.reject', 'ok'],
      ['teams:maintainer-1', 'kb.reject', 'refused'],
    ]);

    // "None of these" on a new miss: recorded, nothing to review.
    const again = choiceButtons(await click(a, down));
    await click(a, again.at(-1)!);
    expect((await store.get(String(again[0]!.data.miss)))?.status).toBe('none');
    expect(await store.countPending()).toBe(0);
  });

  test('npm run kb -- review / accept / export: the shell does what the chat does, and export writes the phrasing for a pull request', async () => {
    const question = 'our build servers wait ages for pulls';
    const choices = choiceButtons(await ask(a, question));
    const chosen = choices.find((c) => c.data.topic === 'pull-timeout')!;
    expect(chosen).toBeDefined();
    await click(a, chosen);
    const id = String(chosen.data.miss);

    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (line: string) => out.push(line), err: (line: string) => err.push(line) };
    const knowledgeDir = mkdtempSync(join(tmpdir(), 'kb-cli-'));
    try {
      cpSync(DEFAULT_KNOWLEDGE_DIR, knowledgeDir, { recursive: true });
      const options = { knowledgeDir, evalDir: join(DEFAULT_KNOWLEDGE_DIR, '..', 'test', 'eval'), actor: 'cli:tester' };
      expect(await runKbCli(['review', '--json'], db, io, options)).toBe(0);
      expect(JSON.parse(out.pop()!)).toEqual([
        expect.objectContaining({ id, lang: 'en', topic: 'pull-timeout', question, kind: 'abstain' }),
      ]);
      expect(await runKbCli(['accept'], db, io, options)).toBe(2);
      expect(await runKbCli(['accept', 'not-an-id'], db, io, options)).toBe(1);
      expect(await runKbCli(['accept', id], db, io, options)).toBe(0);
      expect(await runKbCli(['reject', id], db, io, options)).toBe(1);
      expect(err.at(-1)).toBe(`${id}: already reviewed`);

      await b.learning.overlay.refresh();
      expect(topicOf(await ask(b, question))).toBe('pull-timeout');
      const audit = await new AuditLog(db).forTarget(`kb-miss:${id}`);
      expect(audit.map((r) => [r.actor, r.action, r.origin, r.result])).toEqual([
        ['cli:tester', 'kb.accept', 'typed', 'ok'],
        ['cli:tester', 'kb.reject', 'typed', 'refused'],
      ]);

      expect(await runKbCli(['export'], db, io, options)).toBe(0);
      expect(out.at(-1)).toBe('1 phrasing(s) written, 0 skipped');
      const en = parseYaml(readFileSync(join(knowledgeDir, 'alternates', 'en.yaml'), 'utf8')) as Record<
        string,
        string[]
      >;
      expect(en['pull-timeout']!.at(-1)).toBe(question);
      expect(await runKbCli(['export'], db, io, options)).toBe(0);
      expect(out.at(-1)).toBe('0 phrasing(s) written, 1 skipped');
    } finally {
      rmSync(knowledgeDir, { recursive: true, force: true });
    }
  });
});
