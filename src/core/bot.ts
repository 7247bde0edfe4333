import { errorReference } from './action-data.js';
import { CoreError, UserFacingError } from './errors.js';
import type { AnswerContext, ChatFeature, MissContext } from './feature.js';
import { helpKeywordLang, keywordReplyLang } from './i18n.js';
import { isLang, langFromLocale, type Lang } from './lang.js';
import { t } from './messages/index.js';
import { VERBS, type NeutralReply, type NeutralRequest, type ReplySection } from './model.js';
import type { Logger } from './ports.js';
import { errorReply, helpReply } from './replies.js';
import { CommandRouter, type RouteContext } from './router.js';

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
}

/**
 * The channel-neutral bot: one request in, at most one reply out. Adapters (Teams, Slack) call
 * `handle` and render what comes back. The core itself only routes, answers "help", and turns failures into
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

  /** Null means "stay silent" (e.g. a channel message that did not mention the bot). */
  async handle(request: NeutralRequest, signal?: AbortSignal): Promise<NeutralReply | null> {
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
