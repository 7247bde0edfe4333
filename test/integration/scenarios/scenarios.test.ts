/**
 * One scenario list, run on both platforms (Teams | Slack) through a small driver each (drivers.ts), so
 * what a user of either platform can do is proven by the same words: ask in five languages, did-you-mean,
 * 👍/👎; a purge request from preview to report with the four-eyes rule; 50 concurrent Approve clicks;
 * subscribe → signed registry webhook → alert; a restart in the middle loses nothing.
 *
 * Real: the bot as `startBot(loadConfig({ env }))` builds it (its HTTP server, Bolt 5 with v0 signature
 * checks on Slack, botbuilder/teams-ai on Teams, PGlite on a data dir, the FAQ knowledge base, the approval
 * store, audit chain and runner, the alert receiver and dispatcher), a Debian `docker-registry` holding the
 * images, and a small proxy in front of it that can make deletes slow.
 * Fakes (nothing real runs here): the Slack Web API (test/helpers/slack/web-api.ts) and the Teams connector
 * service (test/helpers/local-connector.ts), which both only record what the bot sends.
 */
import { jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Lang } from '../../../src/core/lang.js';
import { VERBS } from '../../../src/core/model.js';
import { PLATFORMS } from '../../../src/core/platforms.js';
import { t as actT } from '../../../src/features/act/messages/index.js';
import { LEARN_VERBS } from '../../../src/features/ask/learning/cards.js';
import { t as askT } from '../../../src/features/ask/messages/index.js';
import { OciRegistryClient } from '../../../src/registry/oci/index.js';
import { daysAgo, writeTestPolicy } from '../../helpers/act-bot.js';
import { startFaultProxy, type FaultProxy } from '../../helpers/fault-proxy.js';
import { ImagePusher } from '../../helpers/registry/image-pusher.js';
import { startLocalRegistry, type LocalRegistry } from '../../helpers/registry/local-registry.js';
import {
  SlackDriver,
  TeamsDriver,
  waitFor,
  type Person,
  type ScenarioDriver,
  type SeenButton,
  type SeenMessage,
} from './drivers.js';

jest.setTimeout(90_000);

const KENJI: Person = { key: 'kenji', name: 'Kenji', locale: 'ja-JP' };
const MEI: Person = { key: 'mei', name: 'Mei', locale: 'zh-TW' };
const JONAS: Person = { key: 'jonas', name: 'Jonas', locale: 'de-DE' };
const ASTRID: Person = { key: 'astrid', name: 'Astrid', locale: 'sv-SE' };
const ADA: Person = { key: 'ada', name: 'Ada', locale: 'en-US' };
const BO: Person = { key: 'bo', name: 'Bo', locale: 'en-US' };

/**
 * The same question (admin credentials) as people ask it in each language, each answered with the ARM-template
 * topic as a runner-up good enough for "Did you mean" (since round 5, 如何取得管理員認證? is answered without one,
 * and the bare Wie erhalte ich Administratoranmeldeinformationen? abstains, offering both admin topics).
 */
const QUESTIONS: [Lang, Person, string][] = [
  ['ja', KENJI, '管理者の資格情報を取得するにはどうすればよいですか?'],
  ['zh-TW', MEI, '管理員認證要怎麼取得?'],
  ['de', JONAS, 'Wie erhalte ich die Admin-Anmeldeinformationen der Registry?'],
  ['sv', ASTRID, 'Hur hämtar jag registrets administratörsautentiseringsuppgifter?'],
  ['en', ADA, 'How do I get admin credentials?'],
];

/** Old `dev-*` tags per repository (all planned for deletion); each repository also has `latest` and a new tag. */
const OLD_TAGS = { 'purge-app': 8, 'race-app': 5, 'slow-app': 48 } as const;
type Repository = keyof typeof OLD_TAGS;

const WEBHOOK_SECRET = 'scenario-webhook-secret-123';
const CONVERSATIONS = [...QUESTIONS.map(([lang]) => `ask-${lang}`), 'purge', 'race', 'alerts', 'restart'];

const isFeedback = (vote: 'up' | 'down') => (b: SeenButton) => b.verb === VERBS.feedback && b.data.vote === vote;
const isTopic = (b: SeenButton) => b.verb === VERBS.showTopic;
const approve = actT('en', 'button.approve');

describe.each([
  ['teams', () => new TeamsDriver()],
  ['slack', () => new SlackDriver()],
])('%s', (platform, makeDriver) => {
  const d: ScenarioDriver = makeDriver();
  let dir: string;
  let registry: LocalRegistry;
  let proxy: FaultProxy;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `scenarios-${platform}-`));
    registry = await startLocalRegistry();
    await pushImages(registry.url);
    // Deletes go through a proxy that can make them slow (the restart scenario stops the bot mid-run).
    proxy = await startFaultProxy({ target: registry.url, methods: ['DELETE'], delayInMs: 0 });
    await d.start({
      env: {
        CHATOPS_REGISTRIES: `local=${proxy.url}`,
        CHATOPS_POLICY_FILE: writeTestPolicy(dir),
        CHATOPS_EXECUTION_LEASE_MS: '1500',
        CHATOPS_EXPIRY_SWEEP_MS: '300',
        CHATOPS_ALERTS_ACR_SECRET: WEBHOOK_SECRET,
      },
      conversations: CONVERSATIONS,
      people: [KENJI, MEI, JONAS, ASTRID, ADA, BO],
    });
  }, 60_000);

  afterAll(async () => {
    await d.close();
    await proxy?.stop();
    await registry?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // Nothing may fail on the way (logged as an error), except sends while the platform is down on purpose (5b).
  let logsChecked = 0;
  afterEach(() => {
    const records = d.logger.records.slice(logsChecked);
    logsChecked = d.logger.records.length;
    if (!expect.getState().currentTestName?.includes('5b.'))
      expect(records.filter((r) => r.level === 'error')).toEqual([]);
  });

  async function tagsLeft(repository: Repository): Promise<string[]> {
    const tags: string[] = [];
    for await (const tag of new OciRegistryClient({ endpoint: registry.url }).listTags(repository)) tags.push(tag);
    return tags.sort();
  }

  /** Ada asks for a purge of `repository`; resolves with the preview and the request id it carries. */
  async function requestPurge(repository: Repository, conversation: string) {
    const [preview, ...more] = await d.ask(ADA, `purge ${repository} --ago 30d`, conversation);
    expect(more).toEqual([]);
    const requestId = preview.buttons.map((b) => b.data.requestId).find((id) => typeof id === 'string') as string;
    expect(requestId).toBeTruthy();
    return { preview, requestId };
  }

  const auditActions = async (requestId: string) =>
    (await d.bot.act.audit.forTarget(`request:${requestId}`)).map((r) => ({ action: r.action, actor: r.actor }));

  const latest = (message: SeenMessage) =>
    d.messages(message.conversation).find((m) => m.id === message.id && !m.onlyFor)!;

  /** Waits for the report on the request message: every planned item done (or already gone), none failed. */
  const reportOn = (message: SeenMessage, items: number) =>
    waitFor(
      () => {
        const text = latest(message).text;
        const totals = /Finished: (\d+) done, (\d+) already gone, 0 skipped, 0 failed/.exec(text);
        return text.includes('Delete old tags: report') && totals && Number(totals[1]) + Number(totals[2]) === items
          ? { done: Number(totals[1]), alreadyGone: Number(totals[2]) }
          : undefined;
      },
      'the report on the request message',
      30_000,
    );

  test('1. ask in five languages: an answer in that language, did-you-mean, 👍 thanks, 👎 "which of these did you mean?"', async () => {
    await Promise.all(
      QUESTIONS.map(async ([lang, person, question]) => {
        const conversation = `ask-${lang}`;
        const [answer, ...more] = await d.ask(person, question, conversation);
        expect(more).toEqual([]);
        // An answer (not an abstention) in the asker's language: its own feedback buttons and sections.
        expect(answer.buttons.filter((b) => b.verb === VERBS.feedback).map((b) => [b.label, b.data.lang])).toEqual([
          [askT(lang, 'answer.helpful'), lang],
          [askT(lang, 'answer.notHelpful'), lang],
        ]);
        const title = answer.text.split('\n')[0];
        if (lang === 'ja') expect(title).toMatch(/[\u3040-\u30ff]/);
        if (lang === 'zh-TW') expect(title).toMatch(/^[^\u3040-\u30ff]*[\u4e00-\u9fff]/);
        if (lang !== 'en') expect(title).not.toMatch(/^How do I/);
        expect(answer.text).toContain(askT(lang, 'answer.didYouMean'));

        // Did you mean: a closest topic, answered in the same language.
        const topic = answer.buttons.find(isTopic)!;
        expect(topic).toBeDefined();
        const shown = await d.click(person, answer, isTopic);
        expect(shown.posted).toHaveLength(1);
        expect(shown.posted[0].buttons.find(isFeedback('up'))?.data).toMatchObject({ topic: topic.data.topic, lang });

        // 👍: thanks. 👎: thanks, and the closest other topics as "Which of these did you mean?".
        const up = await d.click(person, answer, isFeedback('up'));
        expect(up.posted.map((m) => m.text).join('\n')).toContain(askT(lang, 'feedback.thanksUp'));
        const down = await d.click(person, answer, isFeedback('down'));
        const downText = down.posted.map((m) => m.text).join('\n');
        expect(downText).toContain(askT(lang, 'feedback.thanksDown'));
        expect(downText).toContain(askT(lang, 'choice.title'));
        const choices = down.posted.flatMap((m) => m.buttons).filter((b) => b.verb === LEARN_VERBS.choose);
        expect(choices.map((b) => b.label)).toContain(askT(lang, 'choice.none'));
        expect(choices.length).toBeGreaterThan(1);
      }),
    );
    // One vote per person and answer: the 👎 replaced the 👍.
    const { rows } = await d.bot.db.query<{ answer_lang: string; vote: string }>(
      'SELECT answer_lang, vote FROM feedback ORDER BY answer_lang',
    );
    expect(rows.map((r) => `${r.answer_lang}:${r.vote}`)).toEqual(QUESTIONS.map(([lang]) => `${lang}:down`).sort());
  });

  test('2. purge: preview → the requester cannot approve → another person approves → exactly the plan is deleted → report; the audit chain verifies', async () => {
    const { preview, requestId } = await requestPurge('purge-app', 'purge');
    const request = (await d.bot.act.store.get(requestId))!;
    // The preview: counts, a sample of what goes, the plan's hash, expiry and who may approve.
    expect(preview.text).toContain('Delete old tags: preview');
    expect(preview.text).toMatch(new RegExp(`Items\\n${OLD_TAGS['purge-app']}\\b`));
    expect(preview.text).toContain('purge-app:dev-0');
    expect(preview.text).toContain(request.planHash.slice(0, 12));
    expect(preview.text).toMatch(/Expires\n\d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(preview.text).toContain('anyone except the requester');

    // The requester's own Approve: Teams shows each person their own view (no Approve for the requester);
    // Slack shows everyone the same buttons, so the click is refused, and only the requester sees why.
    const own = await d.click(ADA, preview, approve);
    if (PLATFORMS[d.platform].perViewerCards) {
      expect(own.offered).toBe(false);
      expect(await d.buttonsFor(ADA, preview)).not.toContainEqual(expect.objectContaining({ label: approve }));
    } else {
      expect(own.posted).toEqual([]);
      expect(own.private.map((m) => [m.onlyFor, m.text])).toEqual([
        ['ada', expect.stringContaining('You cannot approve your own request')],
      ]);
    }
    // Nothing changed for anyone: the request still waits, its message says so, nothing was deleted.
    expect((await d.bot.act.store.get(requestId))!.state).toBe('pending');
    expect(latest(preview).text).toContain('Waiting for approval');
    expect(await tagsLeft('purge-app')).toContain('dev-0');

    // Bo approves: the run deletes exactly the planned tags, and the request message ends as the report.
    const approved = await d.click(BO, preview, approve);
    expect(approved.offered).toBe(true);
    expect(await reportOn(preview, OLD_TAGS['purge-app'])).toEqual({ done: OLD_TAGS['purge-app'], alreadyGone: 0 });
    expect(await tagsLeft('purge-app')).toEqual(['latest', 'new-0']);

    const actions = await auditActions(requestId);
    expect(actions.filter((a) => !a.action.startsWith('approval.click-refused'))).toEqual([
      { action: 'act.request', actor: d.identityOf(ADA) },
      { action: 'approval.approve', actor: d.identityOf(BO) },
      { action: 'act.execute.start', actor: expect.any(String) },
      { action: 'act.execute.finish', actor: expect.any(String) },
    ]);
    expect(await d.bot.act.audit.verify()).toMatchObject({ ok: true });
  });

  test('3. 50 concurrent Approve clicks by the approver: exactly one execution', async () => {
    const { preview, requestId } = await requestPurge('race-app', 'race');
    await d.clickConcurrently(BO, preview, approve, 50);
    await d.bot.act.runner.idle();
    expect(await reportOn(preview, OLD_TAGS['race-app'])).toEqual({ done: OLD_TAGS['race-app'], alreadyGone: 0 });
    const actions = (await auditActions(requestId)).map((a) => a.action);
    expect(actions.filter((a) => a === 'approval.approve')).toHaveLength(1);
    expect(actions.filter((a) => a === 'act.execute.start')).toHaveLength(1);
    expect(actions.filter((a) => a === 'act.execute.finish')).toHaveLength(1);
    expect(await tagsLeft('race-app')).toEqual(['latest', 'new-0']);
  });

  test('4. subscribe by chat → a signed registry webhook → the alert arrives in that conversation', async () => {
    const [confirmation] = await d.ask(ADA, 'subscribe this channel to pushes in local for app/*', 'alerts');
    // The `*` is escaped so neither card markdown nor mrkdwn turns it into emphasis.
    expect(confirmation.text).toMatch(/local\/app\/(\\|\u200b)?\*/);
    // Without the right secret header: refused, nothing is queued.
    expect((await postWebhook('wrong-secret', 'app/web', 'v0')).status).toBe(401);
    expect((await postWebhook(WEBHOOK_SECRET, 'app/web', 'v1')).status).toBe(202);
    const alert = await waitFor(
      () => d.messages('alerts').find((m) => m.text.includes('app/web') && m.text.includes('v1')),
      'the alert message',
    );
    expect(alert.onlyFor).toBeUndefined();
    expect(d.messages('alerts').filter((m) => m.text.includes('app/web'))).toHaveLength(1);
  });

  test('5a. restart while an approved purge runs: it finishes exactly once, exactly the plan', async () => {
    const { preview, requestId } = await requestPurge('slow-app', 'restart');
    proxy.delayInMs = 1000; // the registry becomes slow (each delete takes a second), so the bot stops mid-run
    expect((await d.click(BO, preview, approve)).offered).toBe(true);
    const planned = OLD_TAGS['slow-app'];
    await waitFor(
      async () => (await tagsLeft('slow-app')).length < planned + 2 || undefined,
      'the run to delete something',
    );
    let leftWhileDown: string[] = [];
    await d.restart(async () => {
      leftWhileDown = await tagsLeft('slow-app');
      proxy.delayInMs = 0;
    });
    // Stopped in the middle: some planned tags were gone, many not yet.
    expect(leftWhileDown.length).toBeGreaterThan(planned / 4);
    expect(leftWhileDown.length).toBeLessThan(planned + 2);
    // Deletes that were in flight at the stop count as already gone after the restart; nothing counts twice.
    await reportOn(preview, planned);
    expect(await tagsLeft('slow-app')).toEqual(['latest', 'new-0']);
    const actions = (await auditActions(requestId)).map((a) => a.action);
    expect(actions.filter((a) => a === 'act.execute.start')).toHaveLength(2);
    expect(actions.filter((a) => a === 'act.execute.finish')).toHaveLength(1);
    expect(await d.bot.act.audit.verify()).toMatchObject({ ok: true });
  });

  test('5b. restart with an alert queued while the platform was down: delivered once after the restart', async () => {
    await d.ask(ADA, 'subscribe this channel to pushes in local for queued/*', 'restart');
    d.setPlatformDown(true);
    expect((await postWebhook(WEBHOOK_SECRET, 'queued/api', 'v7')).status).toBe(202);
    const failedOnce = () =>
      d.bot.db.query<{ state: string }>(
        `SELECT d.state FROM alert_deliveries d WHERE d.conversation_id = $1 AND d.attempts > 0 AND d.state = 'pending'`,
        [d.conversationId('restart')],
      );
    await waitFor(async () => (await failedOnce()).rows.length === 1 || undefined, 'a failed delivery attempt');
    await d.restart(() => d.setPlatformDown(false));
    await waitFor(
      () => d.messages('restart').find((m) => m.text.includes('queued/api')),
      'the queued alert after the restart',
    );
    await waitFor(async () => {
      const { rows } = await d.bot.db.query<{ state: string }>(
        'SELECT state FROM alert_deliveries WHERE conversation_id = $1',
        [d.conversationId('restart')],
      );
      return rows.length === 1 && rows[0].state === 'sent' ? true : undefined;
    }, 'the delivery recorded as sent');
    expect(d.messages('restart').filter((m) => m.text.includes('queued/api'))).toHaveLength(1);
  });

  /** An ACR webhook (the documented push payload) for an image pushed to this registry, with its secret header. */
  function postWebhook(secret: string, repository: string, tag: string) {
    const event = JSON.parse(
      readFileSync(join(import.meta.dirname, '../../fixtures/alerts/acr-push-local.json'), 'utf8'),
    );
    event.id = `${repository}-${tag}-${Math.random().toString(36).slice(2)}`;
    event.target = { ...event.target, repository, tag };
    event.request = { ...event.request, host: new URL(proxy.url).host };
    return fetch(`${d.bot.url}/api/alerts/acr`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-acr-webhook-secret': secret },
      body: JSON.stringify(event),
    });
  }
});

/** Per repository: old `dev-*` tags (planned), `latest` (protected by policy) and `new-0` (too new). */
async function pushImages(url: string): Promise<void> {
  const pusher = new ImagePusher({ url, concurrency: 8 });
  try {
    await pusher.pushMany(
      Object.entries(OLD_TAGS).flatMap(([repository, count]) => [
        ...Array.from({ length: count }, (_, i) => ({
          repository,
          tags: [`dev-${i}`],
          createdAt: daysAgo(40 + i),
          label: `${repository}-dev-${i}`,
        })),
        { repository, tags: ['latest'], createdAt: daysAgo(90), label: `${repository}-latest` },
        { repository, tags: ['new-0'], createdAt: daysAgo(1), label: `${repository}-new` },
      ]),
    );
  } finally {
    pusher.close();
  }
}
