import { errorReference, requiredActionString } from './action-data.js';
import type { FaqMatcher, Lang } from '../features/ask/knowledge/types.js';
import { UserFacingError } from './errors.js';
import { format, helpKeywordLang, isLang, keywordReplyLang, langFromLocale, strings } from './i18n.js';
import { VERBS, type NeutralReply, type NeutralRequest, type ReplySection } from './model.js';
import type { FeedbackStore, Logger } from './ports.js';
import {
  abstainReply,
  answerReply,
  errorReply,
  feedbackThanksReply,
  helpReply,
  smallTalkReply,
  welcomeReply,
} from './replies.js';
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
  /** Lets a feature add to a miss, an abstention or a 👎 (e.g. "Which of these did you mean?"). */
  decorateMiss?(reply: NeutralReply, miss: MissContext): NeutralReply | Promise<NeutralReply>;
}

/** A question the FAQ did not answer well: it abstained, or the person voted 👎 on the answer. */
export interface MissContext {
  kind: 'abstain' | 'down';
  /** The question as asked. */
  question: string;
  /** Language the question is written in (detected). */
  questionLang: Lang;
  /** Topics that might be what was meant, best first (never the answered topic of a 👎). */
  suggestions: string[];
  /** The topic that was answered and voted 👎. */
  answeredTopic?: string;
  request: NeutralRequest;
}

/** What a feature knows about an answer it may decorate. */
export interface AnswerContext {
  topic: string;
  /** The question as asked (typed text or the button's question); empty for a topic button. */
  question: string;
  request: NeutralRequest;
}

const MAX_QUESTION_LENGTH = 1000;
/** Topics offered after a 👎. */
const MAX_SUGGESTIONS = 3;

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
      .onAction(VERBS.ask, (req, ctx) => this.ask(requiredActionString(req, 'question'), ctx, actionLang(req), req))
      .onAction(VERBS.showTopic, (req, ctx) => this.showTopic(req, ctx))
      .onAction(VERBS.feedback, (req, ctx) => this.recordFeedback(req, ctx))
      .onUnknownAction(async () => {
        throw new UserFacingError('unknownAction');
      })
      .onText(
        (text) => helpKeywordLang(text) !== null,
        (req) => this.help(keywordReplyLang(helpKeywordLang(req.text ?? '')!, req.locale), req),
      );
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
      if (err instanceof UserFacingError) return errorReply(lang, err.localize(lang));
      const ref = errorReference();
      this.options.logger.error(
        { err, ref, platform: request.platform, conversationId: request.conversation.id, verb: request.action?.verb },
        'turn failed',
      );
      return errorReply(lang, format(strings(lang).errorInternal, { ref }));
    }
  }

  private async help(lang: Lang, request: NeutralRequest): Promise<NeutralReply> {
    const sections: ReplySection[] = [];
    for (const feature of this.options.features ?? [])
      if (feature.helpSection) sections.push(await feature.helpSection(lang, request));
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

  /** `offerChoice` false: the abstention is not shown (a feature only wants an answer), so nothing is offered. */
  private async ask(
    rawText: string,
    ctx: RouteContext,
    langHint: Lang | undefined,
    request: NeutralRequest,
    offerChoice = true,
  ): Promise<NeutralReply> {
    const question = rawText.trim().slice(0, MAX_QUESTION_LENGTH);
    if (!question) throw new UserFacingError('emptyQuestion');
    const result = this.options.matcher.match(question, { localeHint: langHint ?? ctx.lang, maxAlternatives: 3 });
    // Answer in the language the question was written in; the card says so when the KB lacks it.
    const askedLang = result.lang;
    if (result.smallTalk) {
      // Greetings get the welcome (what to ask, with examples); an English "thanks"/"hi" is typed by everyone.
      const lang = keywordReplyLang(askedLang, request.locale);
      return result.smallTalk === 'greeting' ? welcomeReply(lang) : smallTalkReply(lang, result.smallTalk);
    }
    if (!result.topic || !result.entry) {
      const reply = abstainReply(result, askedLang);
      const suggestions = result.alternatives.map((a) => a.topic);
      return offerChoice
        ? this.decorateMiss(reply, { kind: 'abstain', question, questionLang: askedLang, suggestions, request })
        : reply;
    }
    return this.decorate(answerReply(result, askedLang, question), { topic: result.topic, question, request });
  }

  /** The decorated FAQ answer, or null when the matcher abstains (the caller says something else). */
  private async answerOrNull(question: string, lang: Lang, request: NeutralRequest): Promise<NeutralReply | null> {
    const reply = question.trim() ? await this.ask(question, { lang }, undefined, request, false) : null;
    return reply?.kind === 'answer' ? reply : null;
  }

  private async decorate(reply: NeutralReply, context: AnswerContext): Promise<NeutralReply> {
    let decorated = reply;
    for (const feature of this.options.features ?? [])
      if (feature.decorateAnswer) decorated = await feature.decorateAnswer(decorated, context);
    return decorated;
  }

  private async decorateMiss(reply: NeutralReply, miss: MissContext): Promise<NeutralReply> {
    let decorated = reply;
    for (const feature of this.options.features ?? [])
      if (feature.decorateMiss) decorated = await feature.decorateMiss(decorated, miss);
    return decorated;
  }

  private async showTopic(request: NeutralRequest, ctx: RouteContext): Promise<NeutralReply> {
    const topic = requiredActionString(request, 'topic');
    const lang = actionLang(request) ?? ctx.lang;
    const result = this.options.matcher.answerFor(topic, lang);
    if (!result || !result.entry) throw new UserFacingError('topicNotFound');
    return this.decorate(answerReply(result, lang), { topic, question: '', request });
  }

  private async recordFeedback(request: NeutralRequest, ctx: RouteContext): Promise<NeutralReply> {
    const vote = requiredActionString(request, 'vote');
    if (vote !== 'up' && vote !== 'down') throw new UserFacingError('invalidAction');
    const lang = actionLang(request) ?? ctx.lang;
    const answerLang = request.action?.data.answerLang;
    await this.options.feedback.record({
      platform: request.platform,
      userId: request.user.id,
      answerId: request.sourceMessageId,
      topic: requiredActionString(request, 'topic'),
      question: String(request.action?.data.question ?? '').slice(0, MAX_QUESTION_LENGTH),
      vote,
      locale: lang,
      answerLang: isLang(answerLang) ? answerLang : undefined,
    });
    const thanks = feedbackThanksReply(lang, vote);
    const asked = request.action?.data.asked;
    if (vote === 'up' || typeof asked !== 'string' || !asked.trim()) return thanks;
    return this.decorateMiss(
      thanks,
      this.downVoteMiss(
        asked.trim().slice(0, MAX_QUESTION_LENGTH),
        requiredActionString(request, 'topic'),
        lang,
        request,
      ),
    );
  }

  /** A 👎: what else the question might have meant (the matcher's other candidates, not the answered topic). */
  private downVoteMiss(question: string, answeredTopic: string, lang: Lang, request: NeutralRequest): MissContext {
    const result = this.options.matcher.match(question, { localeHint: lang, maxAlternatives: MAX_SUGGESTIONS + 1 });
    const candidates = [result.topic, ...result.alternatives.map((a) => a.topic)];
    const suggestions = candidates
      .filter((t): t is string => t !== null && t !== answeredTopic)
      .slice(0, MAX_SUGGESTIONS);
    return { kind: 'down', question, questionLang: result.lang, suggestions, answeredTopic, request };
  }
}

function actionLang(request: NeutralRequest): Lang | undefined {
  const lang = request.action?.data.lang;
  return isLang(lang) ? lang : undefined;
}
