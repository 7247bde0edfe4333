import { randomUUID } from 'node:crypto';
import type { FaqMatcher, Lang } from '../knowledge/types.js';
import { UserFacingError } from './errors.js';
import { format, greetingLang, helpKeywordLang, isLang, keywordReplyLang, langFromLocale, strings } from './i18n.js';
import { VERBS, type NeutralReply, type NeutralRequest, type ReplySection } from './model.js';
import type { FeedbackStore, Logger } from './ports.js';
import { abstainReply, answerReply, errorReply, feedbackThanksReply, helpReply, welcomeReply } from './replies.js';
import { CommandRouter, type RouteContext } from './router.js';

export interface BotCoreOptions {
  matcher: FaqMatcher;
  feedback: FeedbackStore;
  logger: Logger;
  /** Language of the bot's strings when the client locale is missing or unsupported. */
  defaultLang: Lang;
  /** Feature modules (actions, alerts, …) that add their verbs and text commands; the FAQ stays last. */
  features?: BotFeature[];
}

/** A feature plugs its routes into the core's router; text routes are tried in registration order. */
export interface BotFeature {
  register(router: CommandRouter): void;
  /** What this feature offers the person asking for help, in their language (commands they may use). */
  helpSection?(lang: Lang, request: NeutralRequest): ReplySection | Promise<ReplySection>;
  /** Lets a feature add to a FAQ answer (e.g. buttons that lead from the answer into an action). */
  decorateAnswer?(reply: NeutralReply, context: AnswerContext): NeutralReply | Promise<NeutralReply>;
}

/** What a feature knows about an answer it may decorate. */
export interface AnswerContext {
  topic: string;
  /** The question as asked (typed text or the button's question); empty for a topic button. */
  question: string;
  request: NeutralRequest;
}

const MAX_QUESTION_LENGTH = 1000;

/**
 * The channel-neutral bot: one request in, at most one reply out. Adapters (Teams, Slack) call
 * `handle` and render what comes back; every decision (when to answer, in which language) is here.
 */
export class BotCore {
  private readonly router = new CommandRouter();

  constructor(private readonly options: BotCoreOptions) {
    this.router
      .onAction(VERBS.welcome, async (_req, ctx) => welcomeReply(ctx.lang))
      .onAction(VERBS.help, (req, ctx) => this.help(actionLang(req) ?? ctx.lang, req))
      .onAction(VERBS.ask, (req, ctx) => this.ask(requiredString(req, 'question'), ctx, actionLang(req), req))
      .onAction(VERBS.showTopic, (req, ctx) => this.showTopic(req, ctx))
      .onAction(VERBS.feedback, (req, ctx) => this.recordFeedback(req, ctx))
      .onUnknownAction(async () => {
        throw new UserFacingError('unknownAction');
      })
      .onText((text) => helpKeywordLang(text) !== null, (req) => this.help(keywordReplyLang(helpKeywordLang(req.text ?? '')!, req.locale), req))
      .onText((text) => greetingLang(text) !== null, async (req) => welcomeReply(keywordReplyLang(greetingLang(req.text ?? '')!, req.locale)));
    for (const feature of options.features ?? []) feature.register(this.router);
    this.router.fallback((req, ctx) => this.ask(req.text ?? '', ctx, undefined, req));
  }

  /** Null means "stay silent" (e.g. a channel message that did not mention the bot). */
  async handle(request: NeutralRequest, signal?: AbortSignal): Promise<NeutralReply | null> {
    if (request.conversation.type === 'channel' && request.origin === 'typed' && !request.mentionedBot) return null;
    const lang = this.uiLang(request);
    const ctx: RouteContext = { lang, signal, answerFaq: (question) => this.answerOrNull(question, lang, request) };
    try {
      const handler = this.router.resolve(request);
      return handler ? await handler(request, ctx) : null;
    } catch (err) {
      const lang = actionLang(request) ?? ctx.lang;
      if (err instanceof UserFacingError) return errorReply(lang, err.localizedMessage(lang));
      const ref = randomUUID().slice(0, 8);
      this.options.logger.error({ err, ref, platform: request.platform, conversationId: request.conversation.id, verb: request.action?.verb }, 'turn failed');
      return errorReply(lang, format(strings(lang).errorInternal, { ref }));
    }
  }

  private async help(lang: Lang, request: NeutralRequest): Promise<NeutralReply> {
    const sections: ReplySection[] = [];
    for (const feature of this.options.features ?? []) if (feature.helpSection) sections.push(await feature.helpSection(lang, request));
    return helpReply(lang, sections);
  }

  /**
   * What a channel answers when a turn could not be handled at all (the database is down, the turn
   * state cannot be loaded): a localized "temporarily unavailable, try again", never silence.
   */
  unavailableReply(request: Pick<NeutralRequest, 'locale'>): NeutralReply {
    const lang = langFromLocale(request.locale) ?? this.options.defaultLang;
    return errorReply(lang, strings(lang).errorUnavailable);
  }

  /** Client locale when supported, else the configured default. */
  uiLang(request: NeutralRequest): Lang {
    return langFromLocale(request.locale) ?? this.options.defaultLang;
  }

  private async ask(rawText: string, ctx: RouteContext, langHint: Lang | undefined, request: NeutralRequest): Promise<NeutralReply> {
    const question = rawText.trim().slice(0, MAX_QUESTION_LENGTH);
    if (!question) throw new UserFacingError('emptyQuestion');
    const result = this.options.matcher.match(question, { localeHint: langHint ?? ctx.lang, maxAlternatives: 3 });
    // Answer in the language the question was written in; the card says so when the KB lacks it.
    const askedLang = result.lang;
    if (!result.topic || !result.entry) return abstainReply(result, askedLang);
    return this.decorate(answerReply(result, askedLang), { topic: result.topic, question, request });
  }

  /** The decorated FAQ answer, or null when the matcher abstains (the caller says something else). */
  private async answerOrNull(question: string, lang: Lang, request: NeutralRequest): Promise<NeutralReply | null> {
    const reply = question.trim() ? await this.ask(question, { lang }, undefined, request) : null;
    return reply?.kind === 'answer' ? reply : null;
  }

  private async decorate(reply: NeutralReply, context: AnswerContext): Promise<NeutralReply> {
    let decorated = reply;
    for (const feature of this.options.features ?? []) if (feature.decorateAnswer) decorated = await feature.decorateAnswer(decorated, context);
    return decorated;
  }

  private async showTopic(request: NeutralRequest, ctx: RouteContext): Promise<NeutralReply> {
    const topic = requiredString(request, 'topic');
    const lang = actionLang(request) ?? ctx.lang;
    const result = this.options.matcher.answerFor(topic, lang);
    if (!result || !result.entry) throw new UserFacingError('topicNotFound');
    return this.decorate(answerReply(result, lang), { topic, question: '', request });
  }

  private async recordFeedback(request: NeutralRequest, ctx: RouteContext): Promise<NeutralReply> {
    const vote = requiredString(request, 'vote');
    if (vote !== 'up' && vote !== 'down') throw new UserFacingError('invalidAction');
    const lang = actionLang(request) ?? ctx.lang;
    const answerLang = request.action?.data.answerLang;
    await this.options.feedback.record({
      platform: request.platform,
      userId: request.user.id,
      answerId: request.sourceMessageId,
      topic: requiredString(request, 'topic'),
      question: String(request.action?.data.question ?? '').slice(0, MAX_QUESTION_LENGTH),
      vote,
      locale: lang,
      answerLang: isLang(answerLang) ? answerLang : undefined,
    });
    return feedbackThanksReply(lang, vote);
  }
}

function actionLang(request: NeutralRequest): Lang | undefined {
  const lang = request.action?.data.lang;
  return isLang(lang) ? lang : undefined;
}

function requiredString(request: NeutralRequest, key: string): string {
  const value = request.action?.data[key];
  if (typeof value !== 'string' || value.trim() === '') throw new UserFacingError('invalidAction');
  return value;
}
