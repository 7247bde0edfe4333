/**
 * The Teams channel: teams-ai Application over botbuilder's CloudAdapter (TeamsAdapter). It only
 * translates — activity → neutral request → BotCore → neutral reply → Adaptive Card.
 */
import { performance } from 'node:perf_hooks';
// Deep imports: the package index also loads the AI planners and gpt-tokenizer's BPE tables
// (~20 MB RSS) that this bot never uses. teams-ai 1.x has no exports map, so these paths are public.
import { Application } from '@microsoft/teams-ai/lib/Application.js';
import { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter.js';
import { TurnState } from '@microsoft/teams-ai/lib/TurnState.js';
import { ActivityTypes, CardFactory, MemoryStorage, MessageFactory, TurnContext, type Activity, type Storage } from 'botbuilder';
import type { BotCredentials } from '../../config/index.js';
import type { BotCore } from '../../core/bot.js';
import { VERBS, type NeutralReply, type NeutralRequest } from '../../core/model.js';
import type { BotMetrics, ConversationReferenceStore, Logger } from '../../core/ports.js';
import { toNeutralRequest } from './activity.js';
import { renderCard } from './cards/render.js';

export interface TeamsChannelOptions {
  core: BotCore;
  references: ConversationReferenceStore;
  metrics: BotMetrics;
  logger: Logger;
  /** botbuilder Storage for turn state (SQL in production; memory when omitted). */
  storage?: Storage;
  /** Absent: no JWT validation (local Playground). Present: every request must carry a valid token. */
  credentials?: BotCredentials;
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

export class TeamsChannel {
  readonly adapter: TeamsAdapter;
  readonly app: Application<TurnState>;

  constructor(private readonly options: TeamsChannelOptions) {
    const c = options.credentials;
    this.adapter = new TeamsAdapter(
      c ? { MicrosoftAppId: c.appId, MicrosoftAppPassword: c.appPassword, MicrosoftAppType: c.appType, MicrosoftAppTenantId: c.tenantId } : {},
    );
    this.adapter.onTurnError = async (context, err) => {
      options.logger.error({ err, conversationId: context.activity.conversation?.id }, 'teams turn error');
    };
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
  }

  /**
   * Answers an Action.Execute invoke with the replacement card for the person who clicked (or asked for
   * a refresh). The invoke response is sent here, not by teams-ai, which would otherwise post a card
   * that carries `refresh` to everyone: per-user views must stay per user.
   */
  private async onActionExecute(context: TurnContext): Promise<string> {
    const started = performance.now();
    const request = toNeutralRequest(context.activity);
    await this.saveReference(context);
    const reply = await this.options.core.handle(request);
    const value = reply
      ? { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: renderCard(reply) }
      : { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: '' };
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: value } });
    // The card replaces the one that was clicked: that message now shows this reply.
    if (reply?.onPosted && context.activity.replyToId) await reply.onPosted(context.activity.replyToId);
    this.options.metrics.observeTurn('teams', reply?.kind ?? 'ignored', performance.now() - started);
    return '';
  }

  /** Hands one HTTP request to botbuilder (JWT check, activity parsing, turn, response). */
  async process(req: BotHttpRequest, res: BotHttpResponse): Promise<void> {
    await this.adapter.process(req as never, res as never, (context) => this.app.run(context).then(() => undefined));
  }

  private async onMessage(context: TurnContext): Promise<void> {
    await this.handleTurn(context, toNeutralRequest(context.activity));
  }

  private async onMembersAdded(context: TurnContext): Promise<void> {
    const botId = context.activity.recipient?.id;
    // Welcome once, when the bot itself joins (not every time a person joins a team).
    if (!context.activity.membersAdded?.some((m) => m.id === botId)) return;
    const base = toNeutralRequest(context.activity);
    await this.handleTurn(context, { ...base, text: undefined, action: { verb: VERBS.welcome, data: {} }, origin: 'automation' });
  }

  private async handleTurn(context: TurnContext, request: NeutralRequest): Promise<void> {
    const started = performance.now();
    // Stored before the turn runs: a subscription created in this very turn refers to it.
    await this.saveReference(context);
    const reply = await this.options.core.handle(request);
    const sent = reply ? await context.sendActivity(toActivity(reply)) : undefined;
    if (reply?.onPosted && sent?.id) await reply.onPosted(sent.id);
    this.options.metrics.observeTurn('teams', reply?.kind ?? 'ignored', performance.now() - started);
  }

  /** Kept on every turn so alerts can post into this conversation later; never fails the turn. */
  private async saveReference(context: TurnContext): Promise<void> {
    const activity = context.activity;
    try {
      const channelData = (activity.channelData ?? {}) as { team?: { id?: string }; channel?: { id?: string }; tenant?: { id?: string } };
      await this.options.references.upsert({
        platform: 'teams',
        conversationId: activity.conversation.id,
        channelId: channelData.channel?.id,
        teamId: channelData.team?.id,
        tenantId: activity.conversation.tenantId ?? channelData.tenant?.id,
        serviceUrl: activity.serviceUrl,
        locale: activity.locale,
        reference: { ...TurnContext.getConversationReference(activity) },
      });
    } catch (err) {
      this.options.logger.warn({ err, conversationId: activity.conversation.id }, 'could not store conversation reference');
    }
  }
}

/** A reply with only one paragraph of text goes out as a plain message; everything else as a card. */
export function toActivity(reply: NeutralReply): Partial<Activity> {
  const onlyText = !reply.title && reply.badges.length === 0 && reply.links.length === 0 && reply.actions.length === 0 && reply.sections.length === 1 && Object.keys(reply.sections[0]).join() === 'text';
  if (onlyText) return MessageFactory.text(reply.sections[0].text!);
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(renderCard(reply)));
  activity.summary = reply.summary.slice(0, 200);
  return activity;
}
