/**
 * SlackMessenger (posting outside a turn: alerts, run progress, reports) and the users.info locale cache,
 * through a real WebClient against the FAKE Slack Web API (test/helpers/slack/web-api.ts; nothing of
 * Slack runs here). The fake enforces Slack's per-channel limit and answers 429 with Retry-After.
 */
import { LogLevel, WebClient } from '@slack/web-api';
import type { NeutralReply } from '../../../src/core/model.js';
import { SlackMessenger } from '../../../src/channels/slack/messenger.js';
import { SlackUserDirectory } from '../../../src/channels/slack/users.js';
import { MemoryLogger } from '../../helpers/bot-fakes.js';
import { FAKE_SLACK_DEFAULTS, FakeSlackWebApi } from '../../helpers/slack/web-api.js';

const { token: TOKEN, channel: CHANNEL, directMessage: DM } = FAKE_SLACK_DEFAULTS;

const reply = (text: string): NeutralReply => ({
  kind: 'alert',
  lang: 'en',
  summary: text,
  badges: [],
  sections: [{ text }],
  links: [],
  actions: [],
});

let api: FakeSlackWebApi;
let logger: MemoryLogger;
const client = () =>
  new WebClient(TOKEN, {
    slackApiUrl: api.url,
    rejectRateLimitedCalls: true,
    logLevel: LogLevel.ERROR,
    retryConfig: { retries: 0 },
  });

afterEach(async () => api.close());

describe('SlackMessenger', () => {
  beforeEach(async () => {
    logger = new MemoryLogger();
  });

  test('at most one message per interval per channel; another channel does not wait', async () => {
    api = await FakeSlackWebApi.start({ perChannelIntervalInMs: 300 });
    const messenger = new SlackMessenger({ client: client(), logger, minIntervalInMs: 300 });
    const slack = (conversationId: string) => ({ platform: 'slack' as const, conversationId });
    const sent = await Promise.all([
      messenger.send(slack(CHANNEL), reply('one')),
      messenger.send(slack(CHANNEL), reply('two')),
      messenger.send(slack(CHANNEL), reply('three')),
      messenger.send(slack(DM), reply('elsewhere')),
    ]);
    expect(sent.every((s) => /^\d+\.\d{6}$/.test(s.messageId))).toBe(true);
    const calls = api.callsTo('chat.postMessage');
    // The fake would have answered 429 to anything faster: every call went through the first time.
    expect(calls.map((c) => c.status)).toEqual([200, 200, 200, 200]);
    const inChannel = calls.filter((c) => c.params.channel === CHANNEL);
    expect(inChannel.map((c) => c.params.text)).toEqual(['one', 'two', 'three']);
    expect(inChannel[2].atInMs - inChannel[0].atInMs).toBeGreaterThanOrEqual(590);
    const elsewhere = calls.find((c) => c.params.channel === DM)!;
    expect(elsewhere.atInMs - inChannel[0].atInMs).toBeLessThan(250);
  });

  test('a 429 holds the channel for Retry-After, then the message is sent once', async () => {
    api = await FakeSlackWebApi.start();
    api.rateLimit('chat.postMessage', { times: 1, retryAfterInSeconds: 1 });
    const messenger = new SlackMessenger({ client: client(), logger, minIntervalInMs: 0 });
    await messenger.send({ platform: 'slack', conversationId: CHANNEL }, reply('alert'));
    const attempts = api.callsTo('chat.postMessage');
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
    expect(attempts[1].atInMs - attempts[0].atInMs).toBeGreaterThanOrEqual(950);
    expect(api.messages.map((m) => m.text)).toEqual(['alert']);
    expect(logger.records.map((r) => r.msg)).toEqual(['slack: rate limited; waiting for Retry-After']);
  });

  test('gives up after maxAttempts 429s with the rate-limit error', async () => {
    api = await FakeSlackWebApi.start();
    api.rateLimit('chat.postMessage', { times: 5, retryAfterInSeconds: 0 });
    const messenger = new SlackMessenger({ client: client(), logger, minIntervalInMs: 0, maxAttempts: 2 });
    await expect(messenger.send({ platform: 'slack', conversationId: CHANNEL }, reply('x'))).rejects.toMatchObject({
      code: 'slack_webapi_rate_limited_error',
    });
    expect(api.callsTo('chat.postMessage')).toHaveLength(2);
  });

  test('progress updates of one message coalesce: the queued ones are replaced by the latest', async () => {
    api = await FakeSlackWebApi.start();
    const messenger = new SlackMessenger({ client: client(), logger, minIntervalInMs: 200 });
    const conversation = { platform: 'slack' as const, conversationId: CHANNEL };
    const { messageId } = await messenger.send(conversation, reply('0 %'));
    await Promise.all([10, 20, 30, 40, 50].map((p) => messenger.update(conversation, messageId, reply(`${p} %`))));
    const updates = api.callsTo('chat.update');
    // All five wait for the channel's interval after the post; only the latest content is sent.
    expect(updates.map((c) => c.params.text)).toEqual(['50 %']);
    expect(api.messages[0]).toMatchObject({ text: '50 %', edits: 1 });
    // An edit while one is being sent goes after it, not lost.
    await Promise.all([
      messenger.update(conversation, messageId, reply('60 %')),
      messenger.update(conversation, messageId, reply('70 %')),
    ]);
    expect(api.messages[0]).toMatchObject({ text: '70 %', edits: 2 });
  });

  test('refuses a conversation of another platform', async () => {
    api = await FakeSlackWebApi.start();
    const messenger = new SlackMessenger({ client: client(), logger });
    await expect(messenger.send({ platform: 'teams', conversationId: '19:abc' }, reply('x'))).rejects.toThrow(/teams/);
    expect(api.calls).toEqual([]);
  });
});

describe('SlackUserDirectory (users.info locale cache)', () => {
  beforeEach(async () => {
    logger = new MemoryLogger();
    api = await FakeSlackWebApi.start();
  });

  test('one users.info (with include_locale) per user until the TTL passes; concurrent lookups share it', async () => {
    let now = 1_000_000;
    const users = new SlackUserDirectory({ client: client(), logger, ttlInMs: 60_000, now: () => now });
    const [a, b] = await Promise.all([users.lookup('U0ALICE'), users.lookup('U0ALICE')]);
    expect(a).toEqual({ locale: 'ja-JP', name: 'alice' });
    expect(b).toEqual(a);
    now += 59_000;
    await users.lookup('U0ALICE');
    expect(api.callsTo('users.info')).toHaveLength(1);
    expect(api.callsTo('users.info')[0].params).toEqual({ user: 'U0ALICE', include_locale: 'true' });
    now += 2_000;
    await users.lookup('U0ALICE');
    expect(api.callsTo('users.info')).toHaveLength(2);
  });

  test('a failed lookup answers "unknown" without throwing and is not cached', async () => {
    const users = new SlackUserDirectory({ client: client(), logger });
    expect(await users.lookup('U0NOBODY')).toEqual({ locale: '', name: '' });
    expect(await users.lookup('U0NOBODY')).toEqual({ locale: '', name: '' });
    expect(api.callsTo('users.info').map((c) => c.error)).toEqual(['user_not_found', 'user_not_found']);
    expect(logger.records.map((r) => [r.level, (r.obj as { err?: string }).err])).toEqual([
      ['warn', 'user_not_found'],
      ['warn', 'user_not_found'],
    ]);
  });
});
