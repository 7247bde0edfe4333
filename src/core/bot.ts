import { errorReference } from './action-data.js';
import { CoreError, UserFacingError } from './errors.js';
import type { AnswerContext, ChatFeature, MissContext } from './feature.js';
import { helpKeywordLang, keywordReplyLang } from './i18n.js';
import { isLang, langFromLocale, type Lang } from './lang.js';
import { t } from './messages/index.js';
import { VERBS, type NeutralReply, type NeutralRequest, type ReplySection } from './model.js';
import type { BotMetrics, ConversationReferenceRecord, ConversationReferenceStore, Logger } from './ports.js';
import { errorReply, helpReply } from './replies.js';
import { CommandRouter, type RouteContext } from './router.js';
import { deliver, type ReplySink } from './turn.js';

export type { AnswerContext, ChatFeature, MissContext } from './feature.js';

export interface BotCoreOptions {
  logger: Logger;
  /** Language of the bot's strings when the client locale is missing or unsupported. */
  defaultLang: Lang;
  /**
   * The features' chat parts (Ask, Act, Alerts…): their verbs and text commands, tried in this order; the
   * feature that registers the router's fallback (Ask) takes whatever typed text nobody else did.
   */
  features: readonly ChatFeature[];
  /** Where conversation references are kept (for posting later); none in tests that do not need it. */
  references?: ConversationReferenceStore;
  metrics?: BotMetrics;
}

export interface TurnOptions {
  /** Where this conversation can be reached later (the channel builds it from the authenticated payload). */
  reference?: ConversationReferenceRecord;
  signal?: AbortSignal;
}

/**
 * The channel-neutral bot: one request in, at most one reply out. Channels (Teams, Slack) call `handle` with a
 * sink that realises the reply on their platform. The core itself only routes, answers "help", and turns failures into
 * localized errors; everything else is a feature's.
 */
export class BotCore {
  private readonly router = new CommandRouter();

  constructor(private readonly options: BotCoreOptions) {
    this.router
      .onAction(VERBS.help, (req, ctx) => this.help(actionLang(req) ?? ctx.lang, req))
      .onUnknownAction(async () => {
        throw new CoreError('unknownAction');
      })
      .onText(
        (text) => helpKeywordLang(text) !== null,
        (req) => this.help(keywordReplyLang(helpKeywordLang(req.text ?? '')!, req.locale), req),
      );
    for (const feature of options.features) feature.register(this.router);
  }

  /**
   * One turn, the same for every channel: remember where the conversation is (before handling: a subscription
   * made in this very turn refers to it), decide the reply, deliver it through the channel's sink where it says
   * it goes, tell the reply its message id, count the turn. Returns the reply (null: the bot stayed silent).
   */
  async handle(request: NeutralRequest, sink: ReplySink, turn: TurnOptions = {}): Promise<NeutralReply | null> {
    const started = performance.now();
    if (turn.reference) await this.remember(turn.reference);
    const reply = await this.reply(request, turn.signal);
    if (reply) {
      const messageId = await deliver(reply, sink, request);
      if (messageId && reply.onPosted) await reply.onPosted(messageId);
    }
    this.options.metrics?.observeTurn(request.platform, reply?.kind ?? 'ignored', performance.now() - started);
    return reply;
  }

  /** Kept on every turn so alerts and reports can post into this conversation later; never fails the turn. */
  private async remember(reference: ConversationReferenceRecord): Promise<void> {
    try {
      await this.options.references?.upsert(reference);
    } catch (err) {
      this.options.logger.warn(
        { err, platform: reference.platform, conversationId: reference.conversationId },
        'could not store conversation reference',
      );
    }
  }

  /** The reply to one request, without delivering it. Null means "stay silent" (a channel message not for us). */
  async reply(request: NeutralRequest, signal?: AbortSignal): Promise<NeutralReply | null> {
    if (request.conversation.type === 'channel' && request.origin === 'typed' && !request.mentionedBot) return null;
    const ctx: RouteContext = {
      lang: this.uiLang(request),
      signal,
      decorateAnswer: (reply, context) => this.decorateAnswer(reply, context),
      decorateMiss: (reply, miss) => this.decorateMiss(reply, miss),
    };
    try {
      const handler = this.router.resolve(request);
      return handler ? await handler(request, ctx) : null;
    } catch (err) {
      const lang = actionLang(request) ?? ctx.lang;
      if (err instanceof UserFacingError) return errorReply(lang, err.localize(lang));
      const ref = errorReference();
      this.options.logger.error(
        { err, ref, platform: request.platform, conversationId: request.conversation.id, verb: request.action?.verb },
        'turn failed',
      );
      return errorReply(lang, t(lang, 'error.internal', { ref }));
    }
  }

  private async help(lang: Lang, request: NeutralRequest): Promise<NeutralReply> {
    const sections: ReplySection[] = [];
    for (const feature of this.options.features)
      if (feature.helpSection) sections.push(...[await feature.helpSection(lang, request)].flat());
    return helpReply(lang, sections);
  }

  /**
   * What a channel answers when a turn could not be handled at all (the database is down, the turn
   * state cannot be loaded): a localized "temporarily unavailable, try again", never silence.
   */
  unavailableReply(request: Pick<NeutralRequest, 'locale'>): NeutralReply {
    const lang = langFromLocale(request.locale) ?? this.options.defaultLang;
    return errorReply(lang, t(lang, 'error.unavailable'));
  }

  /** Client locale when supported, else the configured default. */
  uiLang(request: NeutralRequest): Lang {
    return langFromLocale(request.locale) ?? this.options.defaultLang;
  }

  private async decorateAnswer(reply: NeutralReply, context: AnswerContext): Promise<NeutralReply> {
    let decorated = reply;
    for (const feature of this.options.features)
      if (feature.decorateAnswer) decorated = await feature.decorateAnswer(decorated, context);
    return decorated;
  }

  private async decorateMiss(reply: NeutralReply, miss: MissContext): Promise<NeutralReply> {
    let decorated = reply;
    for (const feature of this.options.features)
      if (feature.decorateMiss) decorated = await feature.decorateMiss(decorated, miss);
    return decorated;
  }
}

function actionLang(request: NeutralRequest): Lang | undefined {
  const lang = request.action?.data.lang;
  return isLang(lang) ? lang : undefined;
}
