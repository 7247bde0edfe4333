/**
 * Ask: questions answered from the FAQ knowledge base. Typed text that no other feature takes comes here
 * (the router's fallback), as do the answer cards' buttons (another topic, 👍/👎) and the welcome. Other
 * features add to its answers and misses through the core's decorators.
 */
import { requiredActionString } from '../../core/action-data.js';
import { CoreError } from '../../core/errors.js';
import type { ChatFeature, MissContext } from '../../core/feature.js';
import { keywordReplyLang } from '../../core/i18n.js';
import { isLang, type Lang } from '../../core/lang.js';
import { VERBS, type NeutralReply, type NeutralRequest, type ReplySection } from '../../core/model.js';
import type { FeedbackStore } from '../../core/ports.js';
import type { CommandRouter, RouteContext } from '../../core/router.js';
import { AskError } from './errors.js';
import type { FaqMatcher } from './knowledge/types.js';
import {
  abstainReply,
  answerReply,
  askHelpSections,
  feedbackThanksReply,
  smallTalkReply,
  welcomeReply,
} from './replies.js';

export interface AskFeatureOptions {
  matcher: FaqMatcher;
  feedback: FeedbackStore;
}

const MAX_QUESTION_LENGTH = 1000;
/** Topics offered after a 👎. */
const MAX_SUGGESTIONS = 3;

export class AskFeature implements ChatFeature {
  constructor(private readonly options: AskFeatureOptions) {}

  register(router: CommandRouter): void {
    router
      .onAction(VERBS.welcome, async (_req, ctx) => welcomeReply(ctx.lang))
      .onAction(VERBS.ask, (req, ctx) => this.ask(requiredActionString(req, 'question'), ctx, actionLang(req), req))
      .onAction(VERBS.showTopic, (req, ctx) => this.showTopic(req, ctx))
      .onAction(VERBS.feedback, (req, ctx) => this.recordFeedback(req, ctx))
      .fallback((req, ctx) => this.ask(req.text ?? '', ctx, undefined, req));
  }

  helpSection(lang: Lang): ReplySection[] {
    return askHelpSections(lang);
  }

  /**
   * The decorated FAQ answer to `question`, or null when the matcher abstains (the caller says something
   * else). For other features: Act answers a request it cannot run with the FAQ's answer when one fits.
   */
  readonly answerOrNull = async (
    question: string,
    request: NeutralRequest,
    ctx: RouteContext,
  ): Promise<NeutralReply | null> => {
    const reply = question.trim() ? await this.ask(question, ctx, undefined, request, false) : null;
    return reply?.kind === 'answer' ? reply : null;
  };

  /** `offerChoice` false: the abstention is not shown (a feature only wants an answer), so nothing is offered. */
  private async ask(
    rawText: string,
    ctx: RouteContext,
    langHint: Lang | undefined,
    request: NeutralRequest,
    offerChoice = true,
  ): Promise<NeutralReply> {
    const question = rawText.trim().slice(0, MAX_QUESTION_LENGTH);
    if (!question) throw new AskError('emptyQuestion');
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
        ? ctx.decorateMiss(reply, { kind: 'abstain', question, questionLang: askedLang, suggestions, request })
        : reply;
    }
    return ctx.decorateAnswer(answerReply(result, askedLang, question), { topic: result.topic, question, request });
  }

  private async showTopic(request: NeutralRequest, ctx: RouteContext): Promise<NeutralReply> {
    const topic = requiredActionString(request, 'topic');
    const lang = actionLang(request) ?? ctx.lang;
    const result = this.options.matcher.answerFor(topic, lang);
    if (!result || !result.entry) throw new AskError('topicNotFound');
    return ctx.decorateAnswer(answerReply(result, lang), { topic, question: '', request });
  }

  private async recordFeedback(request: NeutralRequest, ctx: RouteContext): Promise<NeutralReply> {
    const vote = requiredActionString(request, 'vote');
    if (vote !== 'up' && vote !== 'down') throw new CoreError('invalidAction');
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
    return ctx.decorateMiss(
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

/** The language a button carries (the card's language), when valid. */
export function actionLang(request: NeutralRequest): Lang | undefined {
  const lang = request.action?.data.lang;
  return isLang(lang) ? lang : undefined;
}
