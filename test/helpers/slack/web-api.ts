/**
 * FAKE Slack Web API, for tests only: nothing here is Slack. Nothing real of Slack's runs on this machine,
 * so this small server stands in for it; point `new WebClient(token, { slackApiUrl: fake.url })` at it.
 *
 * It follows the documented Web API schemas: requests are POSTs to `/api/<method>` with the token as
 * `Authorization: Bearer …` (or a `token` field), form-encoded (objects such as `blocks` and `view` as JSON
 * strings, as WebClient sends them) or JSON; every answer is HTTP 200 with `{ ok: true, … }` or
 * `{ ok: false, error }`, except rate limits: HTTP 429 with `Retry-After` (seconds) and
 * `{ ok: false, error: 'ratelimited' }`. Methods and the fields they answer with:
 * - `auth.test` → `url, team, user, team_id, user_id, bot_id`
 * - `chat.postMessage` → `channel, ts, message` (errors `channel_not_found`, `no_text`, `invalid_blocks`)
 * - `chat.update` → `channel, ts, text, message` (`message_not_found`, `channel_not_found`)
 * - `chat.postEphemeral` → `message_ts` (`user_not_in_channel`, `channel_not_found`)
 * - `views.open` → `view` (`invalid_trigger_id`, `expired_trigger_id` after 3 s, `exchanged_trigger_id`)
 * - `users.info` → `user` with `locale` only when `include_locale=true` (`user_not_found`)
 * - `POST /response/<id>` stands in for a `response_url` (its body is recorded; answers `{ ok: true }`).
 * Auth errors: `not_authed` (no token), `invalid_auth` (another token). Unknown methods: `unknown_method`.
 *
 * Every request is recorded (rate-limited and failed ones too) so tests assert what the bot sent.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSlackUser {
  name: string;
  realName?: string;
  /** BCP 47 with underscore or hyphen as Slack sends it, e.g. "ja-JP". */
  locale: string;
  tz?: string;
}

export interface FakeSlackWebApiOptions {
  /** The bot token the fake accepts (default `xoxb-fake-token`). */
  token?: string;
  teamId?: string;
  botUserId?: string;
  /** Conversation ids that exist (default: a channel `C0FAKECHAN` and a direct message `D0FAKEDM`). */
  channels?: string[];
  users?: Record<string, FakeSlackUser>;
  /**
   * Slack allows about one chat.postMessage per second per channel: when set, a post to the same channel
   * sooner than this after the last accepted one is answered 429 with the seconds left as Retry-After.
   */
  perChannelIntervalInMs?: number;
  /** A trigger_id is valid this long (Slack: 3 s). */
  triggerLifetimeInMs?: number;
}

export interface RecordedCall {
  method: string;
  /** Parsed parameters (JSON-string fields such as `blocks` decoded), without the token. */
  params: Record<string, unknown>;
  status: number;
  /** The answer's `error` when `ok` was false. */
  error?: string;
  atInMs: number;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  /** Set on ephemeral messages: the only user who sees it. */
  user?: string;
  edits: number;
}

type Answer = { status?: number; headers?: Record<string, string>; body: Record<string, unknown> };

const JSON_FIELDS = ['blocks', 'attachments', 'view', 'metadata'];

export const FAKE_SLACK_DEFAULTS = {
  token: 'xoxb-fake-token',
  teamId: 'T0FAKETEAM',
  botUserId: 'U0FAKEBOT',
  channel: 'C0FAKECHAN',
  directMessage: 'D0FAKEDM',
  users: {
    U0ALICE: { name: 'alice', realName: 'Alice Example', locale: 'ja-JP', tz: 'Asia/Tokyo' },
    U0BOB: { name: 'bob', realName: 'Bob Example', locale: 'en-US', tz: 'Europe/Stockholm' },
  } satisfies Record<string, FakeSlackUser>,
} as const;

export class FakeSlackWebApi {
  readonly calls: RecordedCall[] = [];
  readonly messages: StoredMessage[] = [];
  /** Bodies posted to response URLs, by response URL id. */
  readonly responses = new Map<string, unknown[]>();
  private readonly token: string;
  private readonly teamId: string;
  private readonly botUserId: string;
  private readonly channels: Set<string>;
  private readonly users: Record<string, FakeSlackUser>;
  private readonly triggers = new Map<string, { issuedAtInMs: number; used: boolean }>();
  private readonly rateLimits = new Map<string, { times: number; retryAfterInSeconds: number }>();
  private readonly lastPostInMs = new Map<string, number>();
  private readonly nextTs = slackTsClock();
  private viewCount = 0;

  private constructor(
    private readonly server: Server,
    private readonly options: FakeSlackWebApiOptions,
  ) {
    this.token = options.token ?? FAKE_SLACK_DEFAULTS.token;
    this.teamId = options.teamId ?? FAKE_SLACK_DEFAULTS.teamId;
    this.botUserId = options.botUserId ?? FAKE_SLACK_DEFAULTS.botUserId;
    this.channels = new Set(options.channels ?? [FAKE_SLACK_DEFAULTS.channel, FAKE_SLACK_DEFAULTS.directMessage]);
    this.users = options.users ?? FAKE_SLACK_DEFAULTS.users;
  }

  /** Starts the fake on a free loopback port. */
  static async start(options: FakeSlackWebApiOptions = {}): Promise<FakeSlackWebApi> {
    const server = createServer();
    const fake = new FakeSlackWebApi(server, options);
    server.on(
      'request',
      (req: IncomingMessage, res: ServerResponse) => void fake.handle(req, res).catch(() => res.destroy()),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** Base URL for WebClient's `slackApiUrl` (ends with `/api/`). */
  get url(): string {
    return `${this.origin}/api/`;
  }

  private get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next `times` calls of `method` are answered 429 with `Retry-After: retryAfterInSeconds`. */
  rateLimit(
    method: string,
    { times = 1, retryAfterInSeconds = 1 }: { times?: number; retryAfterInSeconds?: number } = {},
  ): void {
    this.rateLimits.set(method, { times, retryAfterInSeconds });
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** A trigger_id as Slack puts in slash commands and interactive payloads (valid for 3 s, once). */
  issueTriggerId(): string {
    const id = `${Date.now()}.${randomBytes(6).toString('hex')}`;
    this.triggers.set(id, { issuedAtInMs: Date.now(), used: false });
    return id;
  }

  /** A response_url as Slack puts in slash commands and interactive payloads, served by this fake. */
  issueResponseUrl(): string {
    const id = randomBytes(8).toString('hex');
    this.responses.set(id, []);
    return `${this.origin}/response/${id}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', this.origin);
    const send = (answer: Answer) => {
      res.writeHead(answer.status ?? 200, { 'Content-Type': 'application/json; charset=utf-8', ...answer.headers });
      res.end(JSON.stringify(answer.body));
    };
    const responseUrl = /^\/response\/([0-9a-f]+)$/.exec(url.pathname);
    if (req.method === 'POST' && responseUrl && this.responses.has(responseUrl[1])) {
      this.responses.get(responseUrl[1])!.push(parseParams(raw, req.headers['content-type']));
      return send({ body: { ok: true } });
    }
    const method = /^\/api\/([\w.]+)$/.exec(url.pathname)?.[1];
    if (req.method !== 'POST' || !method) return send({ status: 404, body: { ok: false, error: 'unknown_method' } });
    const params = parseParams(raw, req.headers['content-type']);
    const token =
      /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ??
      (typeof params.token === 'string' ? params.token : undefined);
    delete params.token;
    const answer = this.answer(method, params, token);
    this.calls.push({
      method,
      params,
      status: answer.status ?? 200,
      ...(answer.body.ok === false ? { error: String(answer.body.error) } : {}),
      atInMs: Date.now(),
    });
    send(answer);
  }

  private answer(method: string, params: Record<string, unknown>, token: string | undefined): Answer {
    if (!token) return fail('not_authed');
    if (token !== this.token) return fail('invalid_auth');
    const limited = this.rateLimits.get(method);
    if (limited && limited.times > 0) {
      limited.times--;
      return rateLimited(limited.retryAfterInSeconds);
    }
    switch (method) {
      case 'auth.test':
        return ok({
          url: `${this.origin}/`,
          team: 'Fake Team',
          user: 'acr-bot',
          team_id: this.teamId,
          user_id: this.botUserId,
          bot_id: 'B0FAKEBOT',
        });
      case 'chat.postMessage':
        return this.postMessage(params);
      case 'chat.update':
        return this.update(params);
      case 'chat.postEphemeral':
        return this.postEphemeral(params);
      case 'views.open':
        return this.openView(params);
      case 'users.info':
        return this.userInfo(params);
      default:
        return fail('unknown_method');
    }
  }

  private postMessage(params: Record<string, unknown>): Answer {
    const channel = String(params.channel ?? '');
    if (!this.channels.has(channel)) return fail('channel_not_found');
    const content = messageContent(params);
    if ('error' in content) return fail(content.error);
    const interval = this.options.perChannelIntervalInMs;
    const last = this.lastPostInMs.get(channel);
    const now = Date.now();
    if (interval !== undefined && last !== undefined && now - last < interval)
      return rateLimited(Math.max(1, Math.ceil((interval - (now - last)) / 1000)));
    this.lastPostInMs.set(channel, now);
    const message: StoredMessage = { channel, ts: this.nextTs(), ...content, edits: 0 };
    this.messages.push(message);
    return ok({
      channel,
      ts: message.ts,
      message: { type: 'message', user: this.botUserId, bot_id: 'B0FAKEBOT', ts: message.ts, ...content },
    });
  }

  private update(params: Record<string, unknown>): Answer {
    const channel = String(params.channel ?? '');
    if (!this.channels.has(channel)) return fail('channel_not_found');
    const message = this.messages.find((m) => m.channel === channel && m.ts === params.ts && m.user === undefined);
    if (!message) return fail('message_not_found');
    const content = messageContent(params);
    if ('error' in content) return fail(content.error);
    Object.assign(message, content, { edits: message.edits + 1 });
    return ok({
      channel,
      ts: message.ts,
      text: message.text ?? '',
      message: { type: 'message', user: this.botUserId, ...content },
    });
  }

  private postEphemeral(params: Record<string, unknown>): Answer {
    const channel = String(params.channel ?? '');
    if (!this.channels.has(channel)) return fail('channel_not_found');
    const user = String(params.user ?? '');
    if (!this.users[user]) return fail('user_not_in_channel');
    const content = messageContent(params);
    if ('error' in content) return fail(content.error);
    const ts = this.nextTs();
    this.messages.push({ channel, ts, user, ...content, edits: 0 });
    return ok({ message_ts: ts });
  }

  private openView(params: Record<string, unknown>): Answer {
    const trigger = this.triggers.get(String(params.trigger_id ?? ''));
    if (!trigger) return fail('invalid_trigger_id');
    if (trigger.used) return fail('exchanged_trigger_id');
    if (Date.now() - trigger.issuedAtInMs > (this.options.triggerLifetimeInMs ?? 3000))
      return fail('expired_trigger_id');
    const view = params.view as Record<string, unknown> | undefined;
    if (!view || view.type !== 'modal' || !Array.isArray(view.blocks)) return fail('invalid_arguments');
    trigger.used = true;
    const id = `V0FAKE${String(++this.viewCount).padStart(4, '0')}`;
    return ok({
      view: {
        id,
        team_id: this.teamId,
        state: { values: {} },
        hash: `${Date.now()}.fake`,
        private_metadata: '',
        callback_id: '',
        ...view,
      },
    });
  }

  private userInfo(params: Record<string, unknown>): Answer {
    const id = String(params.user ?? '');
    const user = this.users[id];
    if (!user) return fail('user_not_found');
    const withLocale = params.include_locale === true || params.include_locale === 'true';
    return ok({
      user: {
        id,
        team_id: this.teamId,
        name: user.name,
        real_name: user.realName ?? user.name,
        tz: user.tz ?? 'UTC',
        is_bot: false,
        profile: { display_name: user.name, real_name: user.realName ?? user.name },
        ...(withLocale ? { locale: user.locale } : {}),
      },
    });
  }
}

/** Slack message timestamps ("<seconds>.<6 digits>"), unique and increasing per clock. */
export function slackTsClock(): () => string {
  let last = 0;
  return () => {
    last = Math.max(last + 1, Date.now() * 1000);
    return `${Math.floor(last / 1e6)}.${String(last % 1e6).padStart(6, '0')}`;
  };
}

function ok(body: Record<string, unknown>): Answer {
  return { body: { ok: true, ...body } };
}

function fail(error: string): Answer {
  return { body: { ok: false, error } };
}

function rateLimited(retryAfterInSeconds: number): Answer {
  return {
    status: 429,
    headers: { 'Retry-After': String(retryAfterInSeconds) },
    body: { ok: false, error: 'ratelimited' },
  };
}

/** text and/or blocks, as chat.postMessage/update/postEphemeral require one of them. */
function messageContent(params: Record<string, unknown>): { text?: string; blocks?: unknown[] } | { error: string } {
  const text = typeof params.text === 'string' && params.text !== '' ? params.text : undefined;
  if (params.blocks !== undefined && !Array.isArray(params.blocks)) return { error: 'invalid_blocks' };
  const blocks = params.blocks as unknown[] | undefined;
  if (text === undefined && !blocks?.length) return { error: 'no_text' };
  return { ...(text !== undefined ? { text } : {}), ...(blocks ? { blocks } : {}) };
}

function parseParams(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.startsWith('application/json')) {
    try {
      const parsed: unknown = JSON.parse(raw);
      return typeof parsed === 'object' && parsed !== null ? { ...(parsed as Record<string, unknown>) } : {};
    } catch {
      return {};
    }
  }
  const params: Record<string, unknown> = Object.fromEntries(new URLSearchParams(raw));
  for (const field of JSON_FIELDS) {
    if (typeof params[field] !== 'string') continue;
    try {
      params[field] = JSON.parse(params[field] as string);
    } catch {
      // Left as the string it was: the method answers invalid_blocks / invalid_arguments.
    }
  }
  return params;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
