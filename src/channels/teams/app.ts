/**
 * The Teams channel: teams-ai Application over botbuilder's CloudAdapter (TeamsAdapter). It only
 * translates — activity → neutral request → BotCore → neutral reply → Adaptive Card.
 */
// Deep imports: the package index also loads the AI planners and gpt-tokenizer's BPE tables
// (~20 MB RSS) that this bot never uses. teams-ai 1.x has no exports map, so these paths are public.
import { Application } from '@microsoft/teams-ai/lib/Application.js';
import { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter.js';
import { TurnState } from '@microsoft/teams-ai/lib/TurnState.js';
import {
  ActivityTypes,
  CallerIdConstants,
  CardFactory,
  MemoryStorage,
  MessageFactory,
  TurnContext,
  type Activity,
  type InvokeResponse,
  type Storage,
} from 'botbuilder';
import { validateAndFixActivity } from 'botbuilder/lib/activityValidator.js';
import { AuthenticationConstants, AuthenticationError } from 'botframework-connector';
import type { BotCore } from '../../core/bot.js';
import { VERBS, type NeutralReply, type NeutralRequest } from '../../core/model.js';
import type { HttpChannel, HttpMount } from '../../core/feature.js';
import type { ConversationReferenceRecord, Logger, TeamsCredentials } from '../../core/ports.js';
import type { ReplySink } from '../../core/turn.js';
import { messagesRouter } from './messages-route.js';
import { mentionsBot, toNeutralRequest } from './activity.js';
import { renderCard } from './cards/render.js';
import { renderTeamsMarkdown } from './markdown.js';
import { withoutLiteralMarkers } from '../../core/literal-text.js';
import {
  BotFrameworkSigningKeys,
  precheckBearerToken,
  SigningKeysUnavailableError,
  TokenRejectedError,
} from './signing-keys.js';

export interface TeamsChannelOptions {
  core: BotCore;
  logger: Logger;
  /** Largest activity accepted on /api/messages (CHATOPS_BODY_LIMIT_BYTES). */
  bodyLimitInBytes: number;
  /** botbuilder Storage for turn state (SQL in production; memory when omitted). */
  storage?: Storage;
  /** Absent: no JWT validation (local Playground). Present: every request must carry a valid token. */
  credentials?: TeamsCredentials;
  /** Bot Framework OpenID metadata document (default: the public cloud's); tests point it at a local one. */
  openIdMetadataUrl?: string;
  /** Clock of the signing-key cache only (tests of its refresh; tokens are checked on real time). */
  signingKeysClock?: () => number;
}

/** A turn that was neither handled nor answered: the HTTP request fails (503) so the channel retries. */
class TurnNotHandledError extends Error {
  constructor() {
    super('turn not handled');
    this.name = 'TurnNotHandledError';
  }
}

/** Minimal request/response shapes the HTTP layer hands over (Express satisfies them). */
export interface BotHttpRequest {
  method?: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
}
export interface BotHttpResponse {
  status(code: number): unknown;
  send(body?: unknown): unknown;
  end(): unknown;
  header(name: string, value: unknown): unknown;
}

export class TeamsChannel implements HttpChannel {
  readonly adapter: TeamsAdapter;
  /** The Bot Framework endpoint this channel serves. */
  readonly http: HttpMount[];
  readonly app: Application<TurnState>;

  private readonly signingKeys?: BotFrameworkSigningKeys;

  constructor(private readonly options: TeamsChannelOptions) {
    const c = options.credentials;
    if (c)
      this.signingKeys = new BotFrameworkSigningKeys({
        metadataUrl: options.openIdMetadataUrl,
        now: options.signingKeysClock,
      }).installInBotbuilder();
    this.adapter = new TeamsAdapter(
      c
        ? {
            MicrosoftAppId: c.appId,
            MicrosoftAppPassword: c.appPassword,
            MicrosoftAppType: c.appType,
            MicrosoftAppTenantId: c.tenantId,
            // The public cloud's settings, spelled out: botbuilder takes all or none of them, and the
            // metadata URL must be the one whose keys our cache (signing-keys.ts) holds.
            ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
            ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
            ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
            OAuthUrl: AuthenticationConstants.OAuthUrl,
            ToBotFromChannelOpenIdMetadataUrl: this.signingKeys!.metadataUrl,
            ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
            CallerId: CallerIdConstants.PublicAzureChannel,
          }
        : {},
    );
    this.adapter.onTurnError = (context, err) => this.onTurnError(context, err);
    this.app = new Application<TurnState>({
      adapter: this.adapter,
      botAppId: c?.appId,
      storage: options.storage ?? new MemoryStorage(),
      // We strip the mention ourselves: the core needs to know whether the bot was mentioned.
      removeRecipientMention: false,
      startTypingTimer: false,
    });
    this.app.conversationUpdate('membersAdded', (context) => this.onMembersAdded(context));
    this.app.activity(ActivityTypes.Message, (context) => this.onMessage(context));
    // Universal Actions (Action.Execute): every verb goes through the core like any other click.
    this.app.adaptiveCards.actionExecute(/.*/, async (context) => this.onActionExecute(context));
    this.http = [
      {
        path: '/api/messages',
        handler: messagesRouter({
          bodyLimitInBytes: options.bodyLimitInBytes,
          process: (req, res) => this.process(req, res),
        }),
      },
    ];
  }

  /**
   * Answers an Action.Execute invoke with the replacement card for the person who clicked (or asked for
   * a refresh). The invoke response is sent here, not by teams-ai, which would otherwise post a card
   * that carries `refresh` to everyone: per-user views must stay per user.
   */
  private async onActionExecute(context: TurnContext): Promise<string> {
    // An Action.Execute is answered with one card, the clicker's view of the clicked message, whatever the
    // reply's placement or audience: in Teams that card replaces the clicked one (per user when it refreshes).
    let card: NeutralReply | undefined;
    const answer = async (reply: NeutralReply) => void (card = reply);
    const cardId = context.activity.replyToId;
    const sink: ReplySink = {
      post: async (reply) => (await answer(reply), cardId),
      replaceCard: answer,
      toClicker: answer,
    };
    await this.options.core.handle(toNeutralRequest(context.activity), sink, { reference: referenceOf(context) });
    const value = card
      ? { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: renderCard(card) }
      : { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: '' };
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: value } });
    return '';
  }

  /**
   * One HTTP request: token pre-check, then botbuilder's validation and the turn. Every failure is
   * answered here, with no internals in the body and one structured log line (botbuilder's own
   * handler would print the stack to stderr and send the error text): 401 for a bad token, 503 with
   * Retry-After when the signing keys cannot be had or the turn could not be handled (the channel
   * retries), 500 for anything else.
   */
  async process(req: BotHttpRequest, res: BotHttpResponse): Promise<void> {
    const authorization = headerValue(req.headers.authorization);
    let turnStarted = false;
    try {
      if (this.signingKeys) await precheckBearerToken(authorization, this.signingKeys);
      const activity = validateAndFixActivity(req.body as Activity);
      // processActivity is public at run time; process() would print failures to stderr itself.
      const adapter = this.adapter as unknown as {
        processActivity(
          auth: string,
          activity: Activity,
          logic: (context: TurnContext) => Promise<void>,
        ): Promise<InvokeResponse | undefined>;
      };
      const invokeResponse = await adapter.processActivity(
        authorization,
        activity,
        (context) => ((turnStarted = true), this.app.run(context).then(() => undefined)),
      );
      // botbuilder answers 501 to an invoke nobody handled: for the sender that is bad input (400).
      const unhandledInvoke = activity.type === ActivityTypes.Invoke && invokeResponse?.status === 501;
      if (unhandledInvoke) {
        res.status(400);
        res.send({ error: 'unsupported invoke' });
        res.end();
        return;
      }
      res.status(invokeResponse?.status ?? 200);
      if (invokeResponse?.body !== undefined) res.send(invokeResponse.body);
      res.end();
    } catch (err) {
      const failure = classifyFailure(err, turnStarted);
      const log = { status: failure.status, reason: failure.reason, conversationId: conversationIdOf(req.body) };
      if (failure.status === 401) this.options.logger.warn(log, 'teams request refused: authentication failed');
      else if (failure.status === 503)
        this.options.logger.warn(log, 'teams request not handled: temporarily unavailable, the channel retries');
      else this.options.logger.error({ ...log, err }, 'teams request failed');
      res.status(failure.status);
      if (failure.status === 503) res.header('Retry-After', '5');
      res.send({ error: failure.message });
      res.end();
    }
  }

  /**
   * A turn that threw (storage down, state that cannot be loaded or saved). A message the bot would
   * have answered gets a localized "temporarily unavailable, try again"; if even that cannot be sent,
   * or the turn was a card click (whose card must stay as it is), the request fails so the channel
   * retries. Never 200 with nothing.
   */
  private async onTurnError(context: TurnContext, err: unknown): Promise<void> {
    const activity = context.activity;
    this.options.logger.error(
      { err, conversationId: activity.conversation?.id, activityType: activity.type },
      'teams turn failed',
    );
    // An answer already went out (a later step failed): a retry would answer twice.
    if (context.responded) return;
    if (activity.type === ActivityTypes.Message) {
      // A channel message that does not mention the bot is never answered: nothing was lost.
      if (activity.conversation?.conversationType === 'channel' && !mentionsBot(activity)) return;
      try {
        await context.sendActivity(toActivity(this.options.core.unavailableReply(toNeutralRequest(activity))));
        return;
      } catch (sendErr) {
        this.options.logger.warn(
          { err: sendErr, conversationId: activity.conversation?.id },
          'could not send the "temporarily unavailable" reply either',
        );
      }
    }
    throw new TurnNotHandledError();
  }

  private async onMessage(context: TurnContext): Promise<void> {
    await this.handleTurn(context, toNeutralRequest(context.activity));
  }

  private async onMembersAdded(context: TurnContext): Promise<void> {
    const botId = context.activity.recipient?.id;
    // Welcome once, when the bot itself joins (not every time a person joins a team).
    if (!context.activity.membersAdded?.some((m) => m.id === botId)) return;
    const base = toNeutralRequest(context.activity);
    await this.handleTurn(context, {
      ...base,
      text: undefined,
      action: { verb: VERBS.welcome, data: {} },
      origin: 'automation',
    });
  }

  /** A message turn: replies are new messages; one that replaces the clicked card updates that message. */
  private async handleTurn(context: TurnContext, request: NeutralRequest): Promise<void> {
    const sink: ReplySink = {
      post: async (reply) => (await context.sendActivity(toActivity(reply)))?.id,
      replaceCard: async (reply) => {
        await context.updateActivity({ ...toActivity(reply), id: request.sourceMessageId });
      },
      // A message turn has no per-user answer in Teams: the reply goes to the conversation.
      toClicker: async (reply) => void (await context.sendActivity(toActivity(reply))),
    };
    await this.options.core.handle(request, sink, { reference: referenceOf(context) });
  }
}

/** Where this conversation can be reached later (alerts, reports), from the authenticated activity. */
function referenceOf(context: TurnContext): ConversationReferenceRecord {
  const activity = context.activity;
  const channelData = (activity.channelData ?? {}) as {
    team?: { id?: string };
    channel?: { id?: string };
    tenant?: { id?: string };
  };
  return {
    platform: 'teams',
    conversationId: activity.conversation.id,
    channelId: channelData.channel?.id,
    teamId: channelData.team?.id,
    tenantId: activity.conversation.tenantId ?? channelData.tenant?.id,
    serviceUrl: activity.serviceUrl,
    locale: activity.locale,
    reference: { ...TurnContext.getConversationReference(activity) },
  };
}

function headerValue(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

function conversationIdOf(body: unknown): string | undefined {
  const id = (body as { conversation?: { id?: unknown } } | undefined)?.conversation?.id;
  return typeof id === 'string' ? id.slice(0, 200) : undefined;
}

/** HTTP status, log reason and the (internals-free) body message of a failed request. */
function classifyFailure(
  err: unknown,
  turnStarted: boolean,
): { status: 401 | 500 | 503; reason: string; message: string } {
  if (err instanceof TokenRejectedError) return { status: 401, reason: err.reason, message: 'unauthorized' };
  if (err instanceof SigningKeysUnavailableError)
    return {
      status: 503,
      reason: `signing keys unavailable: ${err.reason}`,
      message: 'authentication temporarily unavailable',
    };
  if (err instanceof TurnNotHandledError)
    return { status: 503, reason: 'turn not handled', message: 'temporarily unavailable' };
  if (!turnStarted && err instanceof AuthenticationError && err.statusCode === 401)
    return { status: 401, reason: err.message, message: 'unauthorized' };
  // Before the turn anything else is authentication infrastructure (metadata, network): retry later.
  if (!turnStarted)
    return {
      status: 503,
      reason: err instanceof Error ? err.message : String(err),
      message: 'authentication temporarily unavailable',
    };
  return { status: 500, reason: err instanceof Error ? err.message : String(err), message: 'internal error' };
}

/** A reply with only one paragraph of text goes out as a plain message; everything else as a card. */
export function toActivity(reply: NeutralReply): Partial<Activity> {
  const onlyText =
    !reply.title &&
    reply.badges.length === 0 &&
    reply.links.length === 0 &&
    reply.actions.length === 0 &&
    reply.sections.length === 1 &&
    Object.keys(reply.sections[0]).join() === 'text';
  if (onlyText) return MessageFactory.text(renderTeamsMarkdown(reply.sections[0].text!));
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(renderCard(reply)));
  activity.summary = withoutLiteralMarkers(reply.summary).slice(0, 200);
  return activity;
}
