/**
 * The Slack channel: a Bolt 5 App on our own receiver (receiver.ts), mounted by the HTTP server at
 * /slack/events. It only translates: a mention, a direct message, `/acr …`, a button click or the
 * request form's submission → neutral request (request.ts) → the core's turn handler with a Slack reply
 * sink (sink.ts). Events are acknowledged before any work; commands and clicks acknowledge first thing;
 * the answers follow through the Web API.
 */
import { App, LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { NeutralReply, NeutralRequest } from '../../core/model.js';
import type { HttpChannel, HttpMount } from '../../core/feature.js';
import type { ConversationReferenceRecord, Logger } from '../../core/ports.js';
import type { ReplySink } from '../../core/turn.js';
import { SlackMessenger } from './messenger.js';
import { formValues, parseFormMetadata } from './modal.js';
import { SlackReceiver, type SlackAck } from './receiver.js';
import { fromBlockAction, fromMessageEvent, fromSlashCommand, fromViewSubmission, type SlackTurn } from './request.js';
import { SlackTurnSink } from './sink.js';
import { errorCode, SlackUserDirectory } from './users.js';

/** What the channel hands each request to: the core's turn runner (BotCore.handle). */
export interface SlackTurnHandler {
  handle(request: NeutralRequest, sink: ReplySink, turn: { reference: ConversationReferenceRecord }): Promise<unknown>;
  /** "Temporarily unavailable, try again" in the person's language, for a turn that failed below the core. */
  unavailableReply(request: Pick<NeutralRequest, 'locale'>): NeutralReply;
}

export interface SlackChannelOptions {
  signingSecret: string;
  botToken: string;
  /** Web API base URL (default Slack's own); tests use the local fake. */
  apiUrl?: string;
  handler: SlackTurnHandler;
  logger: Logger;
  bodyLimitInBytes?: number;
  /** How long a user's locale is cached. */
  localeTtlInMs?: number;
  /** Gap between two messages in one channel (Slack: about one per second). */
  minIntervalInMs?: number;
  /** Commands this app answers (default `/acr`). */
  command?: string;
  /** A request nobody acknowledged is acknowledged empty after this long (Slack waits 3 s). */
  ackTimeoutInMs?: number;
}

export class SlackChannel implements HttpChannel {
  readonly app: App;
  readonly messenger: SlackMessenger;
  /** The one endpoint Slack calls (events, interactivity, the slash command). */
  readonly http: HttpMount[];
  private readonly client: WebClient;
  private readonly users: SlackUserDirectory;
  private readonly logger: Logger;
  private readonly inFlight = new Set<Promise<void>>();
  private botUser?: Promise<{ botUserId: string; botId: string }>;

  constructor(private readonly options: SlackChannelOptions) {
    this.logger = options.logger.child({ channel: 'slack' });
    const clientOptions = {
      slackApiUrl: options.apiUrl,
      logger: boltLogger(this.logger),
      logLevel: LogLevel.WARN,
      // The messenger waits out 429s per channel itself; other failures are retried briefly.
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000 },
    };
    this.client = new WebClient(options.botToken, clientOptions);
    this.users = new SlackUserDirectory({ client: this.client, logger: this.logger, ttlInMs: options.localeTtlInMs });
    this.messenger = new SlackMessenger({
      client: this.client,
      logger: this.logger,
      minIntervalInMs: options.minIntervalInMs,
    });
    const receiver = new SlackReceiver({
      signingSecret: options.signingSecret,
      bodyLimitInBytes: options.bodyLimitInBytes ?? 256 * 1024,
      logger: this.logger,
      ackTimeoutInMs: options.ackTimeoutInMs,
    });
    this.http = [{ path: '/slack/events', handler: receiver.router }];
    this.app = new App({
      receiver,
      // The bot's ids only sharpen Bolt's self-filter: Slack being unreachable for auth.test loses no request.
      authorize: async () => ({ botToken: options.botToken, ...(await this.botIdentity().catch(() => ({}))) }),
      convoStore: false,
      clientOptions,
      logger: boltLogger(this.logger),
      // Listeners run after the ack; a failure is logged here, not answered to Slack.
      extendedErrorHandler: false,
    });
    this.app.error(async (err) => {
      this.logger.error({ err: errorCode(err) }, 'slack: listener failed');
    });
    this.listen();
  }

  /** Resolves when every turn started so far has finished (tests; graceful shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private listen(): void {
    const command = this.options.command ?? '/acr';
    // Events are acknowledged by Bolt before the listener runs.
    this.app.event('app_mention', async ({ body }) => this.messageTurn(body as unknown as Record<string, unknown>));
    this.app.event('message', async ({ body }) => this.messageTurn(body as unknown as Record<string, unknown>));
    this.app.command(command, async ({ ack, body }) => {
      await ack();
      const turn = fromSlashCommand(body as unknown as Record<string, unknown>);
      if (turn) this.run(turn);
    });
    this.app.action({ type: 'block_actions' }, async ({ ack, body }) => {
      await ack();
      const turn = fromBlockAction(body as unknown as Record<string, unknown>);
      if (turn) this.run(turn);
    });
    this.app.view({ type: 'view_submission' }, async ({ ack, body }) =>
      this.submission(body, ack as unknown as SlackAck),
    );
  }

  private async messageTurn(body: Record<string, unknown>): Promise<void> {
    // The signed envelope names the bot user it was delivered to; auth.test is the fallback.
    const authorizations = Array.isArray(body.authorizations) ? (body.authorizations as { user_id?: unknown }[]) : [];
    const delivered = typeof authorizations[0]?.user_id === 'string' ? authorizations[0].user_id : undefined;
    const turn = fromMessageEvent(body, delivered ?? (await this.botIdentity().catch(() => undefined))?.botUserId);
    if (turn) this.run(turn);
  }

  /**
   * The request form's modal: the submission is answered within Slack's 3 s by the turn's first reply
   * (validation messages, or the modal closes); the receiver closes it empty if the turn takes longer.
   */
  private async submission(body: unknown, ack: SlackAck): Promise<void> {
    const payload = body as Record<string, unknown>;
    const view = (payload.view ?? {}) as Record<string, unknown>;
    const metadata = parseFormMetadata(view.private_metadata, view.callback_id);
    const state = (view.state ?? {}) as Record<string, unknown>;
    const turn = metadata && fromViewSubmission(payload, metadata, formValues(state.values));
    if (turn) await this.track(this.turn(turn, ack));
    await ack();
  }

  /** Starts a turn after the acknowledgement; `idle()` waits for it. */
  private run(turn: SlackTurn): void {
    void this.track(this.turn(turn));
  }

  private track(work: Promise<void>): Promise<void> {
    this.inFlight.add(work);
    return work.finally(() => this.inFlight.delete(work));
  }

  private async turn({ request, context }: SlackTurn, modalAck?: SlackAck): Promise<void> {
    const profile = await this.users.lookup(context.userId);
    const full: NeutralRequest = {
      ...request,
      locale: profile.locale,
      user: { ...request.user, name: profile.name || request.user.name },
    };
    const sink = new SlackTurnSink(
      context,
      { messenger: this.messenger, client: this.client, logger: this.logger },
      modalAck,
    );
    try {
      await this.options.handler.handle(full, sink, { reference: referenceOf(full, context.teamId) });
    } catch (err) {
      this.logger.error({ err, conversationId: context.channel, verb: request.action?.verb }, 'slack: turn failed');
      if (!sink.answered) await this.unavailable(full, sink);
    }
  }

  /** Never silence: a turn that failed says "temporarily unavailable" in the person's language. */
  private async unavailable(request: NeutralRequest, sink: SlackTurnSink): Promise<void> {
    try {
      await sink.toClicker(this.options.handler.unavailableReply(request));
    } catch (err) {
      this.logger.warn({ err: errorCode(err) }, 'slack: could not say "temporarily unavailable" either');
    }
  }

  /** The bot's own user id (mentions, ignoring itself), from auth.test once; tried again after a failure. */
  private botIdentity(): Promise<{ botUserId: string; botId: string }> {
    this.botUser ??= this.client.auth.test().then(
      (r) => ({ botUserId: r.user_id ?? '', botId: r.bot_id ?? '' }),
      (err: unknown) => {
        this.botUser = undefined;
        throw err;
      },
    );
    return this.botUser;
  }
}

/** Bolt's and WebClient's log lines into ours (strings only; they never carry the token). */
function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.WARN;
  const line = (args: unknown[]) => ({
    slack: args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '),
  });
  return {
    debug: () => {},
    info: () => {},
    warn: (...args: unknown[]) => logger.warn(line(args), 'slack library'),
    error: (...args: unknown[]) => logger.error(line(args), 'slack library'),
    setLevel: (l: LogLevel) => (level = l),
    getLevel: () => level,
    setName: () => {},
  };
}

/** Where this conversation can be reached later (alerts, reports): a Slack channel id is enough to post. */
function referenceOf(request: NeutralRequest, teamId: string): ConversationReferenceRecord {
  return {
    platform: 'slack',
    conversationId: request.conversation.id,
    channelId: request.conversation.id,
    teamId,
    locale: request.locale,
    reference: { channel: request.conversation.id, team: teamId, type: request.conversation.type },
  };
}
