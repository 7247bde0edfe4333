/**
 * Posting to Slack conversations, in and outside a turn (alerts, run progress, reports). The conversation
 * id is the Slack channel id. Slack allows about one message per second per channel: each channel has one
 * lane that sends in order, at least `minIntervalInMs` apart; a 429 holds the lane for its `Retry-After`
 * and the call is tried again. An edit of a message that is still waiting in the lane is replaced by the
 * newer one (progress updates coalesce: only the latest content is sent).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ErrorCode, type WebClient } from '@slack/web-api';
import type { NeutralReply } from '../../core/model.js';
import type { ConversationKey, ConversationMessenger, Logger } from '../../core/ports.js';
import { renderMessage, type SlackMessage } from './blocks/render.js';
import { errorCode } from './users.js';

export interface SlackMessengerOptions {
  /** A client that rejects rate-limited calls (`rejectRateLimitedCalls: true`): the lane waits instead. */
  client: Pick<WebClient, 'chat'>;
  logger: Logger;
  /** Gap between two calls in one channel (Slack: about one message per second). */
  minIntervalInMs?: number;
  /** Tries per call when Slack answers 429. */
  maxAttempts?: number;
}

interface PendingEdit {
  message: SlackMessage;
  done: Promise<void>;
}

class Lane {
  tail: Promise<unknown> = Promise.resolve();
  nextAtInMs = 0;
  /** Edits queued but not started, by message ts. */
  readonly edits = new Map<string, PendingEdit>();
}

export class SlackMessenger implements ConversationMessenger {
  private readonly lanes = new Map<string, Lane>();
  private readonly minIntervalInMs: number;
  private readonly maxAttempts: number;

  constructor(private readonly options: SlackMessengerOptions) {
    this.minIntervalInMs = options.minIntervalInMs ?? 1000;
    this.maxAttempts = options.maxAttempts ?? 5;
  }

  async send(conversation: ConversationKey, reply: NeutralReply, signal?: AbortSignal): Promise<{ messageId: string }> {
    const ts = await this.post(channelOf(conversation), renderMessage(reply), { signal });
    return { messageId: ts };
  }

  async update(
    conversation: ConversationKey,
    messageId: string,
    reply: NeutralReply,
    signal?: AbortSignal,
  ): Promise<void> {
    await this.edit(channelOf(conversation), messageId, renderMessage(reply), signal);
  }

  /** chat.postMessage in the channel's lane; resolves with the new message's ts. */
  async post(
    channel: string,
    message: SlackMessage,
    options: { threadTs?: string; signal?: AbortSignal } = {},
  ): Promise<string> {
    const result = await this.inLane(
      channel,
      () =>
        this.options.client.chat.postMessage({
          channel,
          text: message.text,
          blocks: message.blocks,
          ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
          unfurl_links: false,
          unfurl_media: false,
        }),
      options.signal,
    );
    return result.ts ?? '';
  }

  /** chat.update of one of the bot's messages; a newer edit of the same message replaces one still queued. */
  edit(channel: string, ts: string, message: SlackMessage, signal?: AbortSignal): Promise<void> {
    const lane = this.lane(channel);
    const queued = lane.edits.get(ts);
    if (queued) {
      queued.message = message;
      return queued.done;
    }
    const pending = { message } as PendingEdit;
    lane.edits.set(ts, pending);
    pending.done = this.inLane(
      channel,
      async () => {
        // From here on a newer edit queues behind this one.
        if (lane.edits.get(ts) === pending) lane.edits.delete(ts);
        await this.options.client.chat.update({
          channel,
          ts,
          text: pending.message.text,
          blocks: pending.message.blocks,
        });
      },
      signal,
    ).finally(() => {
      if (lane.edits.get(ts) === pending) lane.edits.delete(ts);
    });
    return pending.done;
  }

  private lane(channel: string): Lane {
    let lane = this.lanes.get(channel);
    if (!lane) this.lanes.set(channel, (lane = new Lane()));
    return lane;
  }

  private inLane<T>(channel: string, call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const lane = this.lane(channel);
    const run = lane.tail.then(async () => {
      signal?.throwIfAborted();
      for (let attempt = 1; ; attempt++) {
        const waitInMs = lane.nextAtInMs - Date.now();
        if (waitInMs > 0) await sleep(waitInMs, undefined, { signal });
        signal?.throwIfAborted();
        try {
          const result = await call();
          lane.nextAtInMs = Date.now() + this.minIntervalInMs;
          return result;
        } catch (err) {
          const retryAfterInSeconds = rateLimitedFor(err);
          if (retryAfterInSeconds === undefined || attempt >= this.maxAttempts) {
            lane.nextAtInMs = Date.now() + this.minIntervalInMs;
            throw err;
          }
          this.options.logger.warn(
            { channel, retryAfterInSeconds, attempt, err: errorCode(err) },
            'slack: rate limited; waiting for Retry-After',
          );
          lane.nextAtInMs = Date.now() + retryAfterInSeconds * 1000;
        }
      }
    });
    // One lane per channel the bot posts in (a handful): kept, with its spacing, for the next message.
    lane.tail = run.catch(() => undefined);
    return run;
  }
}

function channelOf(conversation: ConversationKey): string {
  if (conversation.platform !== 'slack') throw new Error(`the Slack messenger cannot post to ${conversation.platform}`);
  return conversation.conversationId;
}

function rateLimitedFor(err: unknown): number | undefined {
  const e = err as { code?: string; retryAfter?: number };
  return e?.code === ErrorCode.RateLimitedError ? Math.max(0, e.retryAfter ?? 1) : undefined;
}
