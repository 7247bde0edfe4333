/**
 * FAKE Slack request sender, for tests only: it plays Slack's side of the HTTP requests Slack makes to an
 * app, so the bot can be driven without Slack. The requests follow Slack's documented formats:
 * - Signing ("Verifying requests from Slack"): `X-Slack-Request-Timestamp: <unix seconds>` and
 *   `X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:<timestamp>:<raw body>" keyed with the signing secret>`.
 * - Events API: a JSON `event_callback` envelope (`token, team_id, api_app_id, event, type, event_id,
 *   event_time, authorizations`) around an `app_mention` or `message` (`channel_type: 'im'`) event;
 *   Slack's retries carry `X-Slack-Retry-Num` and `X-Slack-Retry-Reason` and the same `event_id`.
 * - Slash commands: form-encoded `command, text, user_id, user_name, channel_id, team_id, response_url,
 *   trigger_id, api_app_id`.
 * - Interactivity: form-encoded `payload=<JSON>`, for `block_actions` (`user, container, channel, message,
 *   state.values, actions[], response_url, trigger_id`) and `view_submission` (`user, view` with
 *   `callback_id, private_metadata, state.values`).
 * With a FakeSlackWebApi, response URLs and trigger ids are ones that fake serves and checks.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { FAKE_SLACK_DEFAULTS, slackTsClock, type FakeSlackWebApi } from './web-api.js';

export interface FakeSlackSenderOptions {
  /** The app's request URL (Events API, interactivity and slash commands alike), e.g. http://…/slack/events. */
  url: string;
  signingSecret: string;
  /** Serves the response URLs and checks the trigger ids in the requests. */
  api?: FakeSlackWebApi;
  teamId?: string;
  apiAppId?: string;
  botUserId?: string;
}

export interface SendOptions {
  /** Unix seconds for the signature (default: now); an old one makes a stale request. */
  timestamp?: number;
  /** Replaces the computed signature (a wrongly signed request). */
  signature?: string;
  /** Sent instead of the signed body (a body tampered with after signing). */
  bodyOverride?: string;
  headers?: Record<string, string>;
}

export interface SlackReply {
  status: number;
  headers: Headers;
  body: string;
}

export interface EventOptions extends SendOptions {
  eventId?: string;
  /** Slack's retry of an earlier delivery: adds X-Slack-Retry-Num/-Reason (keep the same eventId). */
  retryNum?: number;
  retryReason?: string;
}

/** `v0=` + hex HMAC-SHA256 over `v0:{timestamp}:{raw body}`, as Slack signs each request. */
export function slackSignature(signingSecret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export class FakeSlackSender {
  private readonly teamId: string;
  private readonly apiAppId: string;
  private readonly botUserId: string;
  private eventCount = 0;

  constructor(private readonly options: FakeSlackSenderOptions) {
    this.teamId = options.teamId ?? FAKE_SLACK_DEFAULTS.teamId;
    this.apiAppId = options.apiAppId ?? 'A0FAKEAPP';
    this.botUserId = options.botUserId ?? FAKE_SLACK_DEFAULTS.botUserId;
  }

  /** Posts `rawBody` signed (or mis-signed, stale or tampered, as `options` say). */
  async send(rawBody: string, contentType: string, options: SendOptions = {}): Promise<SlackReply> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const response = await fetch(this.options.url, {
      method: 'POST',
      headers: {
        'Content-Type': contentType,
        'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
        'X-Slack-Request-Timestamp': String(timestamp),
        'X-Slack-Signature': options.signature ?? slackSignature(this.options.signingSecret, timestamp, rawBody),
        ...options.headers,
      },
      body: options.bodyOverride ?? rawBody,
    });
    return { status: response.status, headers: response.headers, body: await response.text() };
  }

  /** An Events API callback around `event`; returns the reply and the event_id used (for retries). */
  async event(event: Record<string, unknown>, options: EventOptions = {}): Promise<SlackReply & { eventId: string }> {
    const eventId = options.eventId ?? `Ev0FAKE${String(++this.eventCount).padStart(6, '0')}`;
    const envelope = {
      token: 'deprecated-verification-token',
      team_id: this.teamId,
      api_app_id: this.apiAppId,
      event: { event_ts: event.ts, ...event },
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [
        {
          enterprise_id: null,
          team_id: this.teamId,
          user_id: this.botUserId,
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: false,
    };
    const retry: Record<string, string> =
      options.retryNum !== undefined
        ? {
            'X-Slack-Retry-Num': String(options.retryNum),
            'X-Slack-Retry-Reason': options.retryReason ?? 'http_timeout',
          }
        : {};
    const reply = await this.send(JSON.stringify(envelope), 'application/json', {
      ...options,
      headers: { ...retry, ...options.headers },
    });
    return { ...reply, eventId };
  }

  /** `@bot text` in a channel: the text starts with the bot's mention, as Slack sends it. */
  appMention(
    { user, text, channel = FAKE_SLACK_DEFAULTS.channel }: { user: string; text: string; channel?: string },
    options?: EventOptions,
  ) {
    return this.event(
      { type: 'app_mention', user, text: `<@${this.botUserId}> ${text}`, ts: nextTs(), channel, team: this.teamId },
      options,
    );
  }

  /** A direct message to the bot (the `message.im` event). */
  directMessage(
    { user, text, channel = FAKE_SLACK_DEFAULTS.directMessage }: { user: string; text: string; channel?: string },
    options?: EventOptions,
  ) {
    return this.event(
      { type: 'message', channel_type: 'im', user, text, ts: nextTs(), channel, team: this.teamId },
      options,
    );
  }

  /** `/acr <text>` typed in a conversation. */
  slashCommand(
    {
      user,
      text,
      channel = FAKE_SLACK_DEFAULTS.channel,
      command = '/acr',
    }: { user: string; text: string; channel?: string; command?: string },
    options?: SendOptions,
  ) {
    const form = new URLSearchParams({
      token: 'deprecated-verification-token',
      team_id: this.teamId,
      team_domain: 'fake-team',
      channel_id: channel,
      channel_name: channel.startsWith('D') ? 'directmessage' : 'general',
      user_id: user,
      user_name: user.toLowerCase(),
      command,
      text,
      api_app_id: this.apiAppId,
      is_enterprise_install: 'false',
      response_url: this.responseUrl(),
      trigger_id: this.triggerId(),
    });
    return this.send(form.toString(), 'application/x-www-form-urlencoded', options);
  }

  /** A button click in a message the bot posted (`block_actions`). */
  blockAction(
    {
      user,
      actionId,
      value,
      messageTs,
      channel = FAKE_SLACK_DEFAULTS.channel,
      blockId = 'actions',
      values = {},
    }: {
      user: string;
      actionId: string;
      value?: string;
      messageTs: string;
      channel?: string;
      blockId?: string;
      values?: Record<string, Record<string, unknown>>;
    },
    options?: SendOptions,
  ) {
    return this.interactive(
      {
        type: 'block_actions',
        user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: this.teamId },
        api_app_id: this.apiAppId,
        token: 'deprecated-verification-token',
        container: { type: 'message', message_ts: messageTs, channel_id: channel, is_ephemeral: false },
        trigger_id: this.triggerId(),
        team: { id: this.teamId, domain: 'fake-team' },
        channel: { id: channel, name: 'general' },
        message: { type: 'message', ts: messageTs, user: this.botUserId, bot_id: 'B0FAKEBOT' },
        state: { values },
        response_url: this.responseUrl(),
        actions: [
          {
            type: 'button',
            action_id: actionId,
            block_id: blockId,
            ...(value !== undefined ? { value } : {}),
            action_ts: nextTs(),
          },
        ],
      },
      options,
    );
  }

  /** A modal submitted (`view_submission`); `values` is `state.values` (block_id → action_id → value). */
  viewSubmission(
    {
      user,
      callbackId,
      privateMetadata = '',
      values,
    }: { user: string; callbackId: string; privateMetadata?: string; values: Record<string, Record<string, unknown>> },
    options?: SendOptions,
  ) {
    return this.interactive(
      {
        type: 'view_submission',
        team: { id: this.teamId, domain: 'fake-team' },
        user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: this.teamId },
        api_app_id: this.apiAppId,
        token: 'deprecated-verification-token',
        trigger_id: this.triggerId(),
        view: {
          id: 'V0FAKEVIEW',
          team_id: this.teamId,
          type: 'modal',
          callback_id: callbackId,
          private_metadata: privateMetadata,
          state: { values },
          hash: `${Date.now()}.fake`,
          blocks: [],
        },
        response_urls: [],
      },
      options,
    );
  }

  private interactive(payload: Record<string, unknown>, options?: SendOptions): Promise<SlackReply> {
    return this.send(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      'application/x-www-form-urlencoded',
      options,
    );
  }

  private responseUrl(): string {
    return this.options.api?.issueResponseUrl() ?? 'http://127.0.0.1:9/response/none';
  }

  private triggerId(): string {
    return this.options.api?.issueTriggerId() ?? `${Date.now()}.${randomBytes(6).toString('hex')}`;
  }
}

const nextTs = slackTsClock();
