/**
 * The Slack channel end to end: real Bolt (our receiver mounted in our real HTTP app), requests
 * signed as Slack signs them (test/helpers/slack/sender.ts), and the bot's answers caught by the FAKE
 * Slack Web API (test/helpers/slack/web-api.ts: nothing of Slack runs here, so a small documented fake
 * stands in for it). The core is the real BotCore with the test FAQ matcher; the request form is the
 * real clean-up wizard and its real form reply (dialogs/request-wizard.ts, features/act/cards.ts).
 */
import type { KnownBlock } from '@slack/types';
import { isComplete, startWizard, submitForm, toRequest } from '../../../dialogs/request-wizard.js';
import { SlackChannel, type SlackTurnHandler } from '../../../src/channels/slack/app.js';
import type { ChatFeature } from '../../../src/core/feature.js';
import type { Lang } from '../../../src/core/lang.js';
import type { NeutralReply, NeutralRequest } from '../../../src/core/model.js';
import { formReply } from '../../../src/features/act/cards.js';
import {
  FakeMatcher,
  MemoryFeedbackStore,
  MemoryLogger,
  MemoryReferenceStore,
  askBotCore,
} from '../../helpers/bot-fakes.js';
import { blockKitViolations } from '../../helpers/slack/block-kit-limits.js';
import { FakeSlackSender } from '../../helpers/slack/sender.js';
import { serveSlackChannel, type ServedSlack } from '../../helpers/slack/serve.js';
import { FAKE_SLACK_DEFAULTS, FakeSlackWebApi, type StoredMessage } from '../../helpers/slack/web-api.js';

const SECRET = 'test-signing-secret-0123456789';
const { token: TOKEN, channel: CHANNEL, directMessage: DM, teamId: TEAM, botUserId: BOT } = FAKE_SLACK_DEFAULTS;

/** The clean-up form as the Act feature offers it: typed "clean up" → the form; its submit → done or errors. */
const formFeature: ChatFeature = {
  register(router) {
    router
      .onText(
        (text) => /^clean ?up$/i.test(text.trim()),
        async (_req, ctx) => formReply(startWizard(ctx.lang, {}, { defaultRegistry: 'prod' }), ['prod'], false),
      )
      .onAction('act.form', async (req, ctx) => {
        const state = submitForm(startWizard(ctx.lang, {}, { defaultRegistry: 'prod' }), req.action!.data);
        if (!isComplete(state)) return formReply(state, ['prod'], true);
        const request = toRequest(state)!;
        return {
          kind: 'action',
          lang: ctx.lang,
          summary: `requested ${request.params.repository}`,
          badges: [],
          sections: [{ text: `Requested by ${req.user.identities[0]}: ${request.params.repository}` }],
          links: [],
          actions: [],
        };
      });
  },
};

/** Replies that say where they go (src/core/turn.ts): replace the clicked card, or only for the clicker. */
const placementFeature: ChatFeature = {
  register(router) {
    const note = (lang: Lang, text: string): NeutralReply => ({
      kind: 'action',
      lang,
      summary: text,
      badges: [],
      sections: [{ text }],
      links: [],
      actions: [],
    });
    router
      .onText(
        (text) => text.trim() === 'card',
        async (_req, ctx) => ({
          ...note(ctx.lang, 'a card'),
          actions: [
            { verb: 'test.replace', label: 'Replace', data: {}, style: 'primary' },
            { verb: 'test.private', label: 'Private', data: {}, style: 'default' },
          ],
        }),
      )
      .onAction('test.replace', async (req, ctx) => ({
        ...note(ctx.lang, `replaced for ${req.user.id}`),
        placement: 'replace-card',
      }))
      .onAction('test.private', async (_req, ctx) => ({ ...note(ctx.lang, 'only you'), audience: 'clicker' }));
  },
};

let api: FakeSlackWebApi;
let served: ServedSlack;
let sender: FakeSlackSender;
let url: string;
let slack: SlackChannel;
let feedback: MemoryFeedbackStore;
let references: MemoryReferenceStore;
let logger: MemoryLogger;
const seen: NeutralRequest[] = [];
/** Milliseconds every turn waits before the core runs (to show that acknowledging never waits for work). */
let delayInMs = 0;
/** The next turn's handler throws (an outage below the core), before or after it answered. */
let failNext: false | 'before' | 'after' = false;

beforeAll(async () => {
  api = await FakeSlackWebApi.start();
  feedback = new MemoryFeedbackStore();
  references = new MemoryReferenceStore();
  logger = new MemoryLogger();
  const core = askBotCore({
    matcher: new FakeMatcher(),
    feedback,
    logger,
    defaultLang: 'en',
    features: [formFeature, placementFeature],
    references,
  });
  // The core's turn runner, with a hook to see each request, slow it down or fail it below the core.
  const handler: SlackTurnHandler = {
    async handle(request, sink, turn) {
      seen.push(request);
      const fail = failNext;
      failNext = false;
      if (fail === 'before') throw new Error('database unreachable');
      if (delayInMs) await new Promise((resolve) => setTimeout(resolve, delayInMs));
      await core.handle(request, sink, turn);
      if (fail === 'after') throw new Error('could not store the answer id');
    },
    unavailableReply: (request) => core.unavailableReply(request),
  };
  slack = new SlackChannel({
    signingSecret: SECRET,
    botToken: TOKEN,
    apiUrl: api.url,
    handler,
    logger,
    bodyLimitInBytes: 256 * 1024,
    minIntervalInMs: 0,
    ackTimeoutInMs: 1000,
  });
  // Mounted the way main.ts mounts a channel's routes, in our real HTTP app.
  served = await serveSlackChannel(slack, logger);
  url = served.url;
  sender = new FakeSlackSender({ url, signingSecret: SECRET, api });
});

afterAll(async () => {
  await served.close();
  await api.close();
});

beforeEach(() => {
  logger.records.length = 0;
  api.responses.clear();
  api.calls.length = 0;
  api.messages.length = 0;
  seen.length = 0;
  delayInMs = 0;
  failNext = false;
});

afterEach(() => {
  // Everything above is handled, refused or ignored on purpose: nothing may have failed on the way.
  expect(logger.records.filter((r) => r.level === 'warn' || r.level === 'error')).toEqual([]);
});

const posts = () => api.callsTo('chat.postMessage').filter((c) => c.status === 200);
const blocksOf = (call: { params: Record<string, unknown> }) => call.params.blocks as KnownBlock[];
const headerOf = (call: { params: Record<string, unknown> }) =>
  (blocksOf(call).find((b) => b.type === 'header') as { text: { text: string } } | undefined)?.text.text;
/** Every button in a posted message, with its action id and value. */
const buttonsOf = (message: StoredMessage) =>
  (message.blocks as KnownBlock[])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b as { elements: { action_id: string; value?: string; text: { text: string } }[] }).elements);

describe('Slack channel: asking', () => {
  test('a direct message is answered with the answer blocks; identity and locale come from Slack', async () => {
    const reply = await sender.directMessage({ user: 'U0ALICE', text: 'How do I get admin credentials?' });
    expect(reply.status).toBe(200);
    await slack.idle();
    expect(posts()).toHaveLength(1);
    const [post] = posts();
    expect(post.params.channel).toBe(DM);
    expect(headerOf(post)).toBe('How do I get admin credentials for a container registry?');
    expect(blockKitViolations({ text: String(post.params.text), blocks: blocksOf(post) })).toEqual([]);
    expect(seen[0]).toMatchObject({
      platform: 'slack',
      conversation: { id: DM, type: 'personal' },
      user: { id: 'U0ALICE', name: 'alice', identities: [`slack:${TEAM}/U0ALICE`, 'slack:U0ALICE'] },
      locale: 'ja-JP',
      text: 'How do I get admin credentials?',
      origin: 'typed',
    });
    expect(api.callsTo('users.info')[0].params).toMatchObject({ user: 'U0ALICE', include_locale: 'true' });
    expect(references.records.get(`slack:${DM}`)).toMatchObject({
      platform: 'slack',
      conversationId: DM,
      teamId: TEAM,
    });
  });

  test('a mention in a channel is answered in the channel (in its thread), with the mention stripped', async () => {
    await sender.event({
      type: 'app_mention',
      user: 'U0BOB',
      text: `<@${BOT}> how do I delete an image?`,
      ts: '1700000001.000100',
      thread_ts: '1700000000.000100',
      channel: CHANNEL,
      team: TEAM,
    });
    await slack.idle();
    expect(seen[0]).toMatchObject({
      conversation: { id: CHANNEL, type: 'channel' },
      text: 'how do I delete an image?',
      mentionedBot: true,
    });
    expect(posts().map((c) => [c.params.channel, c.params.thread_ts])).toEqual([[CHANNEL, '1700000000.000100']]);
  });

  test('bots, edits, joins and channel messages without a mention get no answer', async () => {
    const common = { channel: CHANNEL, team: TEAM, ts: '1700000002.000100' };
    await sender.event({
      type: 'message',
      channel_type: 'im',
      user: 'U0ALICE',
      text: 'hi',
      bot_id: 'B0OTHER',
      ...common,
    });
    await sender.event({
      type: 'message',
      channel_type: 'im',
      subtype: 'message_changed',
      user: 'U0ALICE',
      text: 'x',
      ...common,
    });
    await sender.event({
      type: 'message',
      channel_type: 'channel',
      subtype: 'channel_join',
      user: 'U0ALICE',
      text: 'joined',
      ...common,
    });
    await sender.event({ type: 'message', channel_type: 'channel', user: 'U0ALICE', text: 'admin?', ...common });
    await sender.event({ type: 'message', channel_type: 'im', user: BOT, text: 'my own answer', ...common });
    await slack.idle();
    expect(seen).toEqual([]);
    expect(posts()).toEqual([]);
  });

  test('/acr help answers help in the user’s Slack language; /acr ask … asks the question', async () => {
    expect((await sender.slashCommand({ user: 'U0ALICE', text: 'help' })).status).toBe(200);
    await slack.idle();
    expect(headerOf(posts()[0])).toBe('ACR アシスタントの使い方');
    await sender.slashCommand({ user: 'U0BOB', text: 'ask how do I delete an image?' });
    await slack.idle();
    expect(seen.map((r) => [r.text, r.mentionedBot])).toEqual([
      ['help', true],
      ['how do I delete an image?', true],
    ]);
    expect(posts()).toHaveLength(2);
  });

  test('the acknowledgement never waits for the work; the answer follows through the Web API', async () => {
    delayInMs = 1500;
    const started = Date.now();
    const reply = await sender.slashCommand({ user: 'U0BOB', text: 'help' });
    expect(reply.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(posts()).toEqual([]);
    await slack.idle();
    expect(posts()).toHaveLength(1);
  });

  test('the user’s locale is looked up at most once for several messages (cached)', async () => {
    await sender.directMessage({ user: 'U0BOB', text: 'delete' });
    await sender.directMessage({ user: 'U0BOB', text: 'admin' });
    await slack.idle();
    expect(api.callsTo('users.info').filter((c) => c.params.user === 'U0BOB').length).toBeLessThanOrEqual(1);
    expect(seen.map((r) => r.locale)).toEqual(['en-US', 'en-US']);
  });
});

describe('Slack channel: buttons', () => {
  test('a 👍 click is recorded for the clicker named by the signed payload, not by the button', async () => {
    await sender.directMessage({ user: 'U0ALICE', text: 'How do I get admin credentials?' });
    await slack.idle();
    const answer = api.messages[0];
    const up = buttonsOf(answer).find((b) => JSON.parse(b.value ?? '{}').data?.vote === 'up')!;
    seen.length = 0;
    const reply = await sender.blockAction({
      user: 'U0BOB',
      actionId: up.action_id,
      value: up.value,
      messageTs: answer.ts,
      channel: DM,
    });
    expect(reply.status).toBe(200);
    await slack.idle();
    expect(seen[0]).toMatchObject({
      user: { id: 'U0BOB', identities: [`slack:${TEAM}/U0BOB`, 'slack:U0BOB'] },
      action: { verb: 'faq.feedback', data: { vote: 'up', topic: 'admin-credentials' } },
      sourceMessageId: answer.ts,
      origin: 'button',
    });
    expect(feedback.records.at(-1)).toMatchObject({
      platform: 'slack',
      userId: 'U0BOB',
      vote: 'up',
      answerId: answer.ts,
    });
    expect(posts()).toHaveLength(2); // the answer, then the thanks
  });

  test('“replace the clicked card” edits the clicked message for everyone; “only the clicker” is ephemeral', async () => {
    await sender.slashCommand({ user: 'U0BOB', text: 'card' });
    await slack.idle();
    const card = api.messages[0];
    const [replace, only] = buttonsOf(card);
    await sender.blockAction({
      user: 'U0ALICE',
      actionId: replace.action_id,
      value: replace.value,
      messageTs: card.ts,
    });
    await sender.blockAction({ user: 'U0ALICE', actionId: only.action_id, value: only.value, messageTs: card.ts });
    await slack.idle();
    expect(api.callsTo('chat.update').map((c) => [c.params.channel, c.params.ts, c.params.text])).toEqual([
      [CHANNEL, card.ts, 'replaced for U0ALICE'],
    ]);
    expect(api.callsTo('chat.postEphemeral').map((c) => [c.params.channel, c.params.user, c.params.text])).toEqual([
      [CHANNEL, 'U0ALICE', 'only you'],
    ]);
    expect(posts()).toHaveLength(1); // the card only
  });

  test('a click in an ephemeral message replaces it through its response_url (chat.update cannot)', async () => {
    await sender.slashCommand({ user: 'U0BOB', text: 'card' });
    await slack.idle();
    const [replace] = buttonsOf(api.messages[0]);
    const responseUrl = api.issueResponseUrl();
    const payload = {
      type: 'block_actions',
      user: { id: 'U0BOB', username: 'bob', team_id: TEAM },
      team: { id: TEAM },
      container: { type: 'message', message_ts: '1700000009.000100', channel_id: CHANNEL, is_ephemeral: true },
      channel: { id: CHANNEL },
      trigger_id: api.issueTriggerId(),
      response_url: responseUrl,
      actions: [{ type: 'button', action_id: replace.action_id, value: replace.value, action_ts: '1700000010.000100' }],
    };
    const form = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    expect((await sender.send(form, 'application/x-www-form-urlencoded')).status).toBe(200);
    await slack.idle();
    expect(api.callsTo('chat.update')).toEqual([]);
    const id = responseUrl.split('/').at(-1)!;
    expect(api.responses.get(id)).toEqual([
      expect.objectContaining({ replace_original: true, text: 'replaced for U0BOB' }),
    ]);
  });

  test('a link button or a value this bot did not make runs nothing', async () => {
    await sender.blockAction({ user: 'U0BOB', actionId: 'link:0', messageTs: '1700000000.000100' });
    await sender.blockAction({ user: 'U0BOB', actionId: 'x:0', value: '{"verb":1}', messageTs: '1700000000.000100' });
    await sender.blockAction({ user: 'U0BOB', actionId: 'x:0', value: 'not json', messageTs: '1700000000.000100' });
    await slack.idle();
    expect(seen).toEqual([]);
    expect(posts()).toEqual([]);
  });
});

describe('Slack channel: requests that are not Slack’s, or not well formed', () => {
  test('unsigned, wrongly signed, stale, future and tampered requests are refused (401) and nothing runs', async () => {
    const now = Math.floor(Date.now() / 1000);
    const unsigned = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'command=%2Facr&text=help',
    });
    const statuses = [
      unsigned.status,
      (await sender.slashCommand({ user: 'U0BOB', text: 'help' }, { signature: 'v0=' + 'a'.repeat(64) })).status,
      (await sender.directMessage({ user: 'U0BOB', text: 'admin' }, { timestamp: now - 6 * 60 })).status,
      (await sender.directMessage({ user: 'U0BOB', text: 'admin' }, { timestamp: now + 6 * 60 })).status,
      (
        await sender.send('{"type":"event_callback"}', 'application/json', {
          bodyOverride: '{"type":"url_verification","challenge":"x"}',
        })
      ).status,
    ];
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    await slack.idle();
    expect(seen).toEqual([]);
    expect(api.calls).toEqual([]);
    expect(logger.records.map((r) => [r.level, (r.obj as { signed?: boolean }).signed])).toEqual([
      ['warn', false],
      ['warn', true],
      ['warn', true],
      ['warn', true],
      ['warn', true],
    ]);
    logger.records.length = 0;
  });

  test('Slack’s retry of a delivery (X-Slack-Retry-Num, same event id) is acknowledged and not answered again', async () => {
    const first = await sender.directMessage({ user: 'U0BOB', text: 'admin' });
    const retry = await sender.directMessage({ user: 'U0BOB', text: 'admin' }, { eventId: first.eventId, retryNum: 1 });
    const again = await sender.directMessage(
      { user: 'U0BOB', text: 'admin' },
      { eventId: first.eventId, retryNum: 2, retryReason: 'http_error' },
    );
    expect([first.status, retry.status, again.status]).toEqual([200, 200, 200]);
    await slack.idle();
    expect(seen).toHaveLength(1);
    expect(posts()).toHaveLength(1);
  });

  test('/acr where the bot may not post is answered through the command’s response_url, to the one who typed it', async () => {
    await sender.slashCommand({ user: 'U0BOB', text: 'help', channel: 'C0NOTMEMBER' });
    await slack.idle();
    expect(api.callsTo('chat.postMessage').map((c) => c.error)).toEqual(['channel_not_found']);
    const answers = [...api.responses.values()].flat() as Record<string, unknown>[];
    expect(answers).toEqual([
      expect.objectContaining({ response_type: 'ephemeral', text: 'How to use the ACR assistant' }),
    ]);
  });

  test('a turn that fails below the core says “temporarily unavailable” in the user’s language, to them only', async () => {
    failNext = 'before';
    await sender.directMessage({ user: 'U0ALICE', text: 'admin' });
    await slack.idle();
    const [notice] = api.callsTo('chat.postEphemeral');
    expect([notice.params.user, notice.params.text]).toEqual([
      'U0ALICE',
      '一時的に利用できないため、処理できませんでした。少し待ってからもう一度お試しください。',
    ]);
    expect(JSON.stringify(notice.params)).not.toContain('database unreachable');
    expect(logger.records.filter((r) => r.level !== 'info').map((r) => [r.level, r.msg])).toEqual([
      ['error', 'slack: turn failed'],
    ]);
    logger.records.length = 0;
  });

  test('a turn that fails after it answered adds nothing to the answer', async () => {
    failNext = 'after';
    await sender.directMessage({ user: 'U0ALICE', text: 'admin' });
    await slack.idle();
    expect(posts()).toHaveLength(1);
    expect(api.callsTo('chat.postEphemeral')).toEqual([]);
    expect(logger.records.filter((r) => r.level === 'error').map((r) => r.msg)).toEqual(['slack: turn failed']);
    logger.records.length = 0;
  });

  test('the URL verification challenge is answered', async () => {
    const reply = await sender.send(
      JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 't' }),
      'application/json',
    );
    expect([reply.status, JSON.parse(reply.body)]).toEqual([200, { challenge: 'c-123' }]);
  });

  test('malformed payloads get 400, a 1 MB body 413; nothing runs and the channel keeps working', async () => {
    const signed = (body: string, type: string) => sender.send(body, type).then((r) => r.status);
    expect(
      await Promise.all([
        signed('{not json', 'application/json'),
        signed('[1,2]', 'application/json'),
        signed('{"type":"event_callback"}', 'application/json'),
        signed('{"type":"event_callback","event_id":"Ev1","event":"x"}', 'application/json'),
        signed('payload=%7Bbroken', 'application/x-www-form-urlencoded'),
        signed('payload=' + encodeURIComponent('{"type":"block_actions"}'), 'application/x-www-form-urlencoded'),
        signed('command=%2Facr&text=help', 'application/x-www-form-urlencoded'),
        signed('hello', 'text/plain'),
      ]),
    ).toEqual([400, 400, 400, 400, 400, 400, 400, 400]);
    const huge = JSON.stringify({
      type: 'event_callback',
      event_id: 'EvBIG',
      event: { type: 'message', text: 'x'.repeat(1024 * 1024) },
    });
    expect(await signed(huge, 'application/json')).toBe(413);
    await slack.idle();
    expect(seen).toEqual([]);
    expect(api.calls).toEqual([]);
    await sender.directMessage({ user: 'U0BOB', text: 'admin' });
    await slack.idle();
    expect(posts()).toHaveLength(1);
  });

  test('200 correctly signed payloads of the right kinds with wrong, missing or odd fields: 200 or 400, never a crash', async () => {
    // A fixed seed: the same cases every run (a failure can be replayed).
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
    const odd = () =>
      pick<unknown>([null, 0, -1, '', 'x', '<!channel>', [], {}, { id: null }, true, 'U0ALICE', 'C0FAKECHAN']);
    const mangle = (value: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(value)
          .map(([k, v]) => [k, random() < 0.3 ? odd() : v])
          .filter(() => random() < 0.9),
      );
    const statuses = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const kind = pick(['event', 'command', 'action', 'view']);
      let reply;
      if (kind === 'event') {
        const event = mangle({
          type: pick(['message', 'app_mention', 'reaction_added']),
          channel_type: 'im',
          user: 'U0BOB',
          text: 'admin',
          channel: DM,
          ts: '1.1',
        });
        reply = await sender.send(
          JSON.stringify({ type: 'event_callback', event_id: `EvFUZZ${i}`, team_id: TEAM, event }),
          'application/json',
        );
      } else if (kind === 'command') {
        const form = mangle({
          command: '/acr',
          text: 'help',
          user_id: 'U0BOB',
          channel_id: CHANNEL,
          team_id: TEAM,
          trigger_id: `t${i}`,
        });
        reply = await sender.send(
          new URLSearchParams(form as Record<string, string>).toString(),
          'application/x-www-form-urlencoded',
        );
      } else {
        const payload =
          kind === 'action'
            ? mangle({
                type: 'block_actions',
                user: mangle({ id: 'U0BOB', team_id: TEAM }),
                trigger_id: `t${i}`,
                channel: { id: CHANNEL },
                container: mangle({ message_ts: '1.1', channel_id: CHANNEL }),
                actions: [
                  mangle({
                    action_id: 'faq.topic:0',
                    value: '{"verb":"faq.topic","data":{"topic":"admin-credentials"}}',
                  }),
                ],
              })
            : mangle({
                type: 'view_submission',
                user: mangle({ id: 'U0BOB' }),
                trigger_id: `t${i}`,
                view: mangle({ callback_id: 'acr.form', private_metadata: odd(), state: mangle({ values: odd() }) }),
              });
        reply = await sender.send(
          new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
          'application/x-www-form-urlencoded',
        );
      }
      statuses.add(reply.status);
    }
    await slack.idle();
    expect([...statuses].sort()).toEqual([200, 400]);
    // The only failures: a well-formed id Slack does not know (a user id where a channel goes) → Slack's error.
    const failures = logger.records.filter((r) => r.level === 'error');
    for (const failure of failures)
      expect([failure.msg, (failure.obj as { err?: { code?: string } }).err?.code]).toEqual([
        'slack: turn failed',
        'slack_webapi_platform_error',
      ]);
    logger.records.length = 0;
    // Still answering.
    await sender.directMessage({ user: 'U0BOB', text: 'admin' });
    await slack.idle();
    expect(posts().at(-1)?.params.channel).toBe(DM);
  });

  test('huge and hostile text gets a clean reply within Block Kit’s limits, with nothing Slack would act on', async () => {
    const hostile = '<!channel> <@U0ALICE> *bold* `code` <https://evil.example|click> &amp; '.repeat(700);
    await sender.directMessage({ user: 'U0BOB', text: hostile });
    await slack.idle();
    expect(posts()).toHaveLength(1);
    const [post] = posts();
    expect(blockKitViolations({ text: String(post.params.text), blocks: blocksOf(post) })).toEqual([]);
    const sent = JSON.stringify(post.params);
    expect(sent).not.toContain('<!channel>');
    expect(sent).not.toContain('<@U0ALICE>');
    expect(sent).not.toContain('<https://evil.example');
    expect((seen[0].text ?? '').length).toBeLessThanOrEqual(4000);
  });
});

describe('Slack channel: the request form as a modal', () => {
  const formValues = (values: Record<string, string | null>) =>
    Object.fromEntries(
      Object.entries(values).map(([id, value]) => [id, { [id]: { type: 'plain_text_input', value } }]),
    );
  /** Bob opens the form with `/acr clean up`; `user` submits the modal with `values`. */
  async function submitOpenedForm(user: string, values: Record<string, Record<string, unknown>>, slowByInMs = 0) {
    await sender.slashCommand({ user: 'U0BOB', text: 'clean up' });
    await slack.idle();
    delayInMs = slowByInMs;
    const view = api.callsTo('views.open')[0].params.view as { private_metadata: string };
    return sender.viewSubmission({ user, callbackId: 'acr.form', privateMetadata: view.private_metadata, values });
  }

  test('/acr clean up opens the form as a modal from the command’s trigger, posting nothing', async () => {
    await sender.slashCommand({ user: 'U0BOB', text: 'clean up' });
    await slack.idle();
    const [open] = api.callsTo('views.open');
    expect(open.status).toBe(200);
    const view = open.params.view as {
      callback_id: string;
      title: { text: string };
      submit: { text: string };
      blocks: KnownBlock[];
      private_metadata: string;
    };
    expect(view.callback_id).toBe('acr.form');
    expect([view.title.text, view.submit.text]).toEqual(['Clean-up request', 'Preview']);
    expect(view.blocks.filter((b) => b.type === 'input').map((b) => b.block_id)).toEqual([
      'registry',
      'repository',
      'untaggedOnly',
      'olderThan',
      'keep',
      'tagRegex',
    ]);
    expect(JSON.parse(view.private_metadata)).toMatchObject({ verb: 'act.form', channel: CHANNEL });
    expect(posts()).toEqual([]);
  });

  test('a submission with mistakes is answered in the modal (response_action: errors); nothing is posted', async () => {
    const reply = await submitOpenedForm(
      'U0BOB',
      formValues({ registry: 'prod', repository: 'Not A Repo!!', olderThan: 'yesterday-ish', tagRegex: null }),
    );
    expect(reply.status).toBe(200);
    const answer = JSON.parse(reply.body) as { response_action: string; errors: Record<string, string> };
    expect(answer.response_action).toBe('errors');
    expect(Object.keys(answer.errors)).toEqual(expect.arrayContaining(['repository', 'olderThan']));
    await slack.idle();
    expect(posts()).toEqual([]);
  });

  test('a valid submission closes the modal and the result is posted in the conversation, for the submitter', async () => {
    // Bob opens the form, Alice submits it: the submission's own user is who asks.
    const reply = await submitOpenedForm('U0ALICE', {
      ...formValues({ registry: 'prod', repository: 'hello-world', olderThan: '30d', tagRegex: null }),
      untaggedOnly: { untaggedOnly: { type: 'checkboxes', selected_options: [] } },
      keep: { keep: { type: 'number_input', value: '3' } },
    });
    expect([reply.status, reply.body]).toEqual([200, '']);
    await slack.idle();
    expect(seen.at(-1)).toMatchObject({
      user: { identities: [`slack:${TEAM}/U0ALICE`, 'slack:U0ALICE'] },
      action: { verb: 'act.form', data: { repository: 'hello-world', olderThan: '30d', keep: 3, untaggedOnly: false } },
    });
    expect(posts().map((c) => [c.params.channel, c.params.text])).toEqual([[CHANNEL, 'requested hello-world']]);
  });

  test('a submission the core is slow on: the modal closes empty in time, the answer follows in the conversation', async () => {
    const started = Date.now();
    const reply = await submitOpenedForm(
      'U0BOB',
      {
        ...formValues({ registry: 'prod', repository: 'slow-repo', olderThan: '30d', tagRegex: null }),
        untaggedOnly: { untaggedOnly: { type: 'checkboxes', selected_options: [] } },
      },
      1500,
    );
    // Acknowledged at the channel's 1 s deadline, not after the 1.5 s of work.
    expect([reply.status, reply.body]).toEqual([200, '']);
    expect(Date.now() - started).toBeLessThan(1400);
    expect(posts()).toEqual([]);
    await slack.idle();
    expect(posts().map((c) => c.params.text)).toEqual(['requested slow-repo']);
    expect(logger.records.map((r) => r.msg)).toEqual(['slack: nothing acknowledged in time; acknowledged empty']);
    logger.records.length = 0;
  });

  test('mistakes found after the modal closed come back as a message whose button reopens the form', async () => {
    await submitOpenedForm('U0BOB', formValues({ registry: 'prod', repository: 'Bad Repo!!' }), 1500);
    await slack.idle();
    const [message] = api.messages;
    expect(message.text).toBe('Clean-up request');
    expect(buttonsOf(message).map((b) => JSON.parse(b.value!).verb)).toEqual(['act.form']);
    expect(logger.records.map((r) => r.msg)).toEqual(['slack: nothing acknowledged in time; acknowledged empty']);
    logger.records.length = 0;
  });

  test('a submission of a modal that is not ours, or with forged metadata, runs nothing', async () => {
    const statuses = [
      (await sender.viewSubmission({ user: 'U0BOB', callbackId: 'other', values: {} })).status,
      (
        await sender.viewSubmission({
          user: 'U0BOB',
          callbackId: 'acr.form',
          privateMetadata: '{"verb":1}',
          values: {},
        })
      ).status,
    ];
    expect(statuses).toEqual([200, 200]);
    await slack.idle();
    expect(seen).toEqual([]);
  });

  test('typed in a direct message (no trigger), the form is a message whose button opens the modal', async () => {
    await sender.directMessage({ user: 'U0BOB', text: 'clean up' });
    await slack.idle();
    expect(api.callsTo('views.open')).toEqual([]);
    const [message] = api.messages;
    expect((message.blocks as KnownBlock[]).some((b) => b.type === 'input')).toBe(false);
    const [open] = buttonsOf(message);
    expect(open.text.text).toBe('Clean-up request');
    await sender.blockAction({
      user: 'U0BOB',
      actionId: open.action_id,
      value: open.value,
      messageTs: message.ts,
      channel: DM,
    });
    await slack.idle();
    expect(api.callsTo('views.open').map((c) => c.status)).toEqual([200]);
  });
});
