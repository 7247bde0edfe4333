/**
 * The local Slack workspace FAKE (test/helpers/slack/) checked against the real Slack libraries: its
 * signatures verify with Bolt's own verifySlackRequest, a real Bolt app accepts and routes what it sends,
 * and a real WebClient talks to its Web API (answers, errors, 429 + Retry-After and retries).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, ExpressReceiver, LogLevel, verifySlackRequest } from '@slack/bolt';
import { WebClient, type WebAPIPlatformError, type WebAPIRateLimitedError } from '@slack/web-api';
import { FakeSlackSender, slackSignature } from '../../helpers/slack/sender.js';
import { FAKE_SLACK_DEFAULTS, FakeSlackWebApi } from '../../helpers/slack/web-api.js';

const SECRET = 'fake-signing-secret';
const { token: TOKEN, channel: CHANNEL, directMessage: DM } = FAKE_SLACK_DEFAULTS;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** A plain endpoint that keeps each request's raw body and headers (what the sender really sent). */
async function captureEndpoint() {
  const received: { body: string; headers: Record<string, string | string[] | undefined> }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      res.end();
    });
  });
  return { server, url: await listen(server), received };
}

const verify = (
  r: { body: string; headers: Record<string, string | string[] | undefined> },
  nowMilliseconds?: number,
) =>
  verifySlackRequest({
    signingSecret: SECRET,
    body: r.body,
    headers: {
      'x-slack-signature': String(r.headers['x-slack-signature']),
      'x-slack-request-timestamp': Number(r.headers['x-slack-request-timestamp']),
    },
    ...(nowMilliseconds ? { nowMilliseconds } : {}),
  });

describe('Slack fake: signed requests', () => {
  let endpoint: Awaited<ReturnType<typeof captureEndpoint>>;
  let api: FakeSlackWebApi;
  let sender: FakeSlackSender;
  beforeAll(async () => {
    endpoint = await captureEndpoint();
    api = await FakeSlackWebApi.start();
    sender = new FakeSlackSender({ url: endpoint.url, signingSecret: SECRET, api });
  });
  afterAll(async () => {
    await close(endpoint.server);
    await api.close();
  });
  beforeEach(() => (endpoint.received.length = 0));

  test('every kind of request verifies with Bolt’s verifySlackRequest', async () => {
    await sender.appMention({ user: 'U0ALICE', text: 'how do I delete an image?' });
    await sender.directMessage({ user: 'U0ALICE', text: 'hello' });
    await sender.slashCommand({ user: 'U0BOB', text: 'purge hello-world --ago 30d' });
    await sender.blockAction({
      user: 'U0BOB',
      actionId: 'act.approve:0',
      value: '{"verb":"act.approve","data":{"requestId":"r1"}}',
      messageTs: '1700000000.000100',
    });
    await sender.viewSubmission({
      user: 'U0BOB',
      callbackId: 'cleanup',
      values: { repository: { repository: { type: 'plain_text_input', value: 'hello-world' } } },
    });
    expect(endpoint.received).toHaveLength(5);
    for (const request of endpoint.received) expect(() => verify(request)).not.toThrow();
  });

  test('a tampered body, a stale timestamp, another secret or a wrong signature do not verify', async () => {
    const body = '{"type":"event_callback"}';
    await sender.send(body, 'application/json', { bodyOverride: body.replace('event_callback', 'url_verification') });
    await sender.send(body, 'application/json', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    await sender.send(body, 'application/json', {
      signature: slackSignature('another-secret', Math.floor(Date.now() / 1000), body),
    });
    await sender.send(body, 'application/json', { signature: 'v0=' + '0'.repeat(64) });
    expect(endpoint.received).toHaveLength(4);
    expect(() => verify(endpoint.received[0])).toThrow(/signature mismatch/);
    expect(() => verify(endpoint.received[1])).toThrow(/stale/);
    expect(() => verify(endpoint.received[2])).toThrow(/signature mismatch/);
    expect(() => verify(endpoint.received[3])).toThrow(/signature mismatch/);
    // The stale request was correctly signed: it verifies at the time it was made.
    expect(() =>
      verify(endpoint.received[1], (Number(endpoint.received[1].headers['x-slack-request-timestamp']) + 1) * 1000),
    ).not.toThrow();
  });

  test('the requests have Slack’s documented shapes', async () => {
    const { eventId } = await sender.appMention({ user: 'U0ALICE', text: 'hi' }, { eventId: 'Ev0RETRY', retryNum: 1 });
    await sender.slashCommand({ user: 'U0BOB', text: 'help' });
    await sender.blockAction({ user: 'U0BOB', actionId: 'faq.topic:0', value: 'v', messageTs: '1700000000.000100' });
    const [mention, command, action] = endpoint.received;
    expect(eventId).toBe('Ev0RETRY');
    expect(mention.headers['x-slack-retry-num']).toBe('1');
    expect(mention.headers['x-slack-retry-reason']).toBe('http_timeout');
    expect(JSON.parse(mention.body)).toMatchObject({
      type: 'event_callback',
      event_id: 'Ev0RETRY',
      event: { type: 'app_mention', user: 'U0ALICE', text: `<@${FAKE_SLACK_DEFAULTS.botUserId}> hi`, channel: CHANNEL },
    });
    const form = new URLSearchParams(command.body);
    expect(command.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(form.get('command')).toBe('/acr');
    expect(form.get('text')).toBe('help');
    expect(form.get('response_url')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/response\//);
    expect(form.get('trigger_id')).toBeTruthy();
    const payload = JSON.parse(new URLSearchParams(action.body).get('payload')!);
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0BOB' },
      container: { message_ts: '1700000000.000100', channel_id: CHANNEL },
      actions: [{ action_id: 'faq.topic:0', value: 'v' }],
    });
  });
});

describe('Slack fake: a real Bolt app accepts what the sender posts and answers through the fake Web API', () => {
  let api: FakeSlackWebApi;
  let server: Server;
  let sender: FakeSlackSender;
  const seen: Record<string, unknown>[] = [];
  beforeAll(async () => {
    api = await FakeSlackWebApi.start();
    const receiver = new ExpressReceiver({
      signingSecret: SECRET,
      processBeforeResponse: true,
      logLevel: LogLevel.ERROR,
    });
    const app = new App({ token: TOKEN, receiver, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: api.url } });
    app.event('app_mention', async ({ event, say, context }) => {
      seen.push({ kind: 'mention', user: event.user, retryNum: context.retryNum });
      await say(`echo: ${event.text}`);
    });
    app.message(async ({ message, say }) => {
      seen.push({ kind: 'dm', channel: message.channel });
      await say('dm answer');
    });
    app.command('/acr', async ({ command, ack, respond }) => {
      await ack();
      seen.push({ kind: 'command', text: command.text, user: command.user_id });
      await respond({ text: 'working on it', response_type: 'ephemeral' });
    });
    app.action(/^act\.approve:/, async ({ ack, body, client }) => {
      await ack();
      if (body.type !== 'block_actions') return;
      seen.push({ kind: 'action', user: body.user.id });
      await client.chat.update({ channel: body.container.channel_id, ts: body.container.message_ts, text: 'approved' });
    });
    app.view('cleanup', async ({ ack, view }) => {
      seen.push({ kind: 'view', repository: view.state.values.repository.repository.value });
      await ack();
    });
    server = createServer(receiver.app);
    sender = new FakeSlackSender({ url: await listen(server), signingSecret: SECRET, api });
  });
  afterAll(async () => {
    await close(server);
    await api.close();
  });

  test('mention, direct message, slash command, button and modal reach their handlers; answers reach the fake', async () => {
    expect((await sender.appMention({ user: 'U0ALICE', text: 'hello' }, { retryNum: 2 })).status).toBe(200);
    expect((await sender.directMessage({ user: 'U0ALICE', text: 'hi' })).status).toBe(200);
    expect((await sender.slashCommand({ user: 'U0BOB', text: 'help' })).status).toBe(200);
    const posted = await new WebClient(TOKEN, { slackApiUrl: api.url }).chat.postMessage({
      channel: CHANNEL,
      text: 'preview',
    });
    expect(
      (await sender.blockAction({ user: 'U0BOB', actionId: 'act.approve:0', value: '{}', messageTs: posted.ts! }))
        .status,
    ).toBe(200);
    expect(
      (
        await sender.viewSubmission({
          user: 'U0BOB',
          callbackId: 'cleanup',
          values: { repository: { repository: { type: 'plain_text_input', value: 'hello-world' } } },
        })
      ).status,
    ).toBe(200);

    expect(seen).toEqual([
      { kind: 'mention', user: 'U0ALICE', retryNum: 2 },
      { kind: 'dm', channel: DM },
      { kind: 'command', text: 'help', user: 'U0BOB' },
      { kind: 'action', user: 'U0BOB' },
      { kind: 'view', repository: 'hello-world' },
    ]);
    expect(api.callsTo('chat.postMessage').map((c) => [c.params.channel, c.params.text])).toEqual([
      [CHANNEL, `echo: <@${FAKE_SLACK_DEFAULTS.botUserId}> hello`],
      [DM, 'dm answer'],
      [CHANNEL, 'preview'],
    ]);
    expect(api.messages.find((m) => m.ts === posted.ts)).toMatchObject({ text: 'approved', edits: 1 });
    expect([...api.responses.values()].flat()).toEqual([{ text: 'working on it', response_type: 'ephemeral' }]);
    // Bolt's own client checked the token against the fake, not Slack.
    expect(api.callsTo('auth.test').map((c) => c.status)).toContain(200);
  });

  test('Bolt refuses what is not correctly signed (401) and runs no handler', async () => {
    const before = seen.length;
    const stale = await sender.appMention(
      { user: 'U0ALICE', text: 'x' },
      { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 },
    );
    const wrong = await sender.slashCommand({ user: 'U0BOB', text: 'purge' }, { signature: 'v0=' + 'f'.repeat(64) });
    expect([stale.status, wrong.status]).toEqual([401, 401]);
    expect(seen).toHaveLength(before);
  });
});

describe('Slack fake: Web API through a real WebClient', () => {
  let api: FakeSlackWebApi;
  beforeEach(
    async () => (api = await FakeSlackWebApi.start({ perChannelIntervalInMs: 1000, triggerLifetimeInMs: 3000 })),
  );
  afterEach(async () => api.close());
  const client = (options: ConstructorParameters<typeof WebClient>[1] = {}, token: string = TOKEN) =>
    new WebClient(token, { slackApiUrl: api.url, logLevel: LogLevel.ERROR, ...options });

  test('chat.postMessage answers ok, channel and ts, and records the blocks', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*hi*' } }];
    const result = await client().chat.postMessage({ channel: CHANNEL, text: 'hi', blocks });
    expect(result).toMatchObject({ ok: true, channel: CHANNEL, ts: expect.stringMatching(/^\d{10}\.\d{6}$/) });
    expect(api.callsTo('chat.postMessage')).toEqual([
      {
        method: 'chat.postMessage',
        params: { channel: CHANNEL, text: 'hi', blocks },
        status: 200,
        atInMs: expect.any(Number),
      },
    ]);
  });

  test('documented errors: channel_not_found, invalid_auth, no_text, message_not_found, user_not_found', async () => {
    const error = (p: Promise<unknown>) =>
      p.then(
        () => 'no error',
        (e: WebAPIPlatformError) => e.data.error,
      );
    expect(await error(client().chat.postMessage({ channel: 'C0NOSUCH', text: 'x' }))).toBe('channel_not_found');
    expect(await error(client({}, 'xoxb-wrong').chat.postMessage({ channel: CHANNEL, text: 'x' }))).toBe(
      'invalid_auth',
    );
    expect(await error(client().chat.postMessage({ channel: CHANNEL, text: '' }))).toBe('no_text');
    expect(await error(client().chat.update({ channel: CHANNEL, ts: '1.000001', text: 'x' }))).toBe(
      'message_not_found',
    );
    expect(await error(client().users.info({ user: 'U0NOBODY' }))).toBe('user_not_found');
    expect(api.calls.map((c) => c.error)).toEqual([
      'channel_not_found',
      'invalid_auth',
      'no_text',
      'message_not_found',
      'user_not_found',
    ]);
  });

  test('chat.update, chat.postEphemeral, users.info with and without include_locale', async () => {
    const { ts } = await client().chat.postMessage({ channel: CHANNEL, text: 'pending' });
    expect(await client().chat.update({ channel: CHANNEL, ts: ts!, text: 'done' })).toMatchObject({
      ok: true,
      channel: CHANNEL,
      ts,
      text: 'done',
    });
    expect(await client().chat.postEphemeral({ channel: CHANNEL, user: 'U0ALICE', text: 'only you' })).toMatchObject({
      ok: true,
      message_ts: expect.any(String),
    });
    expect(api.messages.map((m) => [m.text, m.user, m.edits])).toEqual([
      ['done', undefined, 1],
      ['only you', 'U0ALICE', 0],
    ]);
    expect((await client().users.info({ user: 'U0ALICE', include_locale: true })).user).toMatchObject({
      id: 'U0ALICE',
      name: 'alice',
      locale: 'ja-JP',
    });
    expect((await client().users.info({ user: 'U0ALICE' })).user?.locale).toBeUndefined();
  });

  test('views.open needs a fresh trigger_id, once', async () => {
    const view = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'Cleanup' }, blocks: [] };
    const trigger = api.issueTriggerId();
    expect((await client().views.open({ trigger_id: trigger, view })).view).toMatchObject({
      id: expect.stringMatching(/^V/),
      type: 'modal',
    });
    const error = (p: Promise<unknown>) =>
      p.then(
        () => 'no error',
        (e: WebAPIPlatformError) => e.data.error,
      );
    expect(await error(client().views.open({ trigger_id: trigger, view }))).toBe('exchanged_trigger_id');
    expect(await error(client().views.open({ trigger_id: 'made-up', view }))).toBe('invalid_trigger_id');
    const quick = await FakeSlackWebApi.start({ triggerLifetimeInMs: 20 });
    const late = quick.issueTriggerId();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(await error(new WebClient(TOKEN, { slackApiUrl: quick.url }).views.open({ trigger_id: late, view }))).toBe(
      'expired_trigger_id',
    );
    await quick.close();
  });

  test('429 with Retry-After: WebClient waits that long, retries, and the fake records both attempts', async () => {
    api.rateLimit('chat.postMessage', { times: 1, retryAfterInSeconds: 1 });
    const result = await client({ retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 0 } }).chat.postMessage({
      channel: DM,
      text: 'alert',
    });
    expect(result.ok).toBe(true);
    const attempts = api.callsTo('chat.postMessage');
    expect(attempts.map((c) => [c.status, c.error])).toEqual([
      [429, 'ratelimited'],
      [200, undefined],
    ]);
    expect(attempts[1].atInMs - attempts[0].atInMs).toBeGreaterThanOrEqual(950);
    expect(api.messages).toHaveLength(1);
  });

  test('about one message per second per channel: a second post at once is 429, another channel is not', async () => {
    const strict = client({ rejectRateLimitedCalls: true });
    await strict.chat.postMessage({ channel: CHANNEL, text: 'one' });
    const limited = await strict.chat.postMessage({ channel: CHANNEL, text: 'two' }).then(
      () => null,
      (e: WebAPIRateLimitedError) => e,
    );
    expect(limited).toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 1 });
    await strict.chat.postMessage({ channel: DM, text: 'elsewhere' });
    expect(api.calls.map((c) => [c.params.channel, c.status])).toEqual([
      [CHANNEL, 200],
      [CHANNEL, 429],
      [DM, 200],
    ]);
  });
});
