/**
 * Learning from the people who use the bot. After a miss (an abstention, or 👎 on an answer) the person is
 * asked "Which of these did you mean?"; the miss is stored first, so the buttons carry only its id and a
 * topic, and the server checks the topic was offered. Knowledge maintainers (policy `knowledge.maintainers`)
 * accept or reject the choices with `kb review`; an accepted choice becomes an alternate phrasing of the
 * topic in every instance (PhrasingOverlay), and `npm run kb -- export` writes it to knowledge/alternates.
 */
import { actionString } from '../../../core/action-data.js';
import type { ChatFeature, MissContext } from '../../../core/feature.js';
import type { NeutralReply, NeutralRequest, ReplySection } from '../../../core/model.js';
import type { Logger } from '../../../core/ports.js';
import { errorReply } from '../../../core/replies.js';
import { answerReply } from '../replies.js';
import type { CommandRouter, RouteContext } from '../../../core/router.js';
import type { AuditEntry } from '../../../storage/audit-log.js';
import { actorOf, type Actor } from '../../../core/actor.js';
import type { FaqMatcher } from '../knowledge/types.js';
import { isLang, type Lang } from '../../../core/lang.js';
import { choiceSection, LEARN_VERBS, learningHelpSection, noneChosenReply, reviewReply, withChoice } from './cards.js';
import { t, type AskMessageKey } from '../messages/index.js';
import { missTarget, reviewPhrasing } from './review.js';
import { NONE_OF_THESE, type LearningStore } from './store.js';

export { LEARN_VERBS } from './cards.js';

const REVIEW_COMMAND = /^kb\s+review$/i;
/** Topics offered after a miss (besides "None of these"). */
const MAX_CHOICES = 3;
/** Pending phrasings shown on one review card. */
const REVIEW_PAGE = 5;

export interface LearningFeatureOptions {
  store: LearningStore;
  matcher: FaqMatcher;
  /** Who may review (the approval policy's knowledge.maintainers). */
  policy: { canMaintainKnowledge(actor: Actor): boolean };
  audit: { append(entry: AuditEntry): Promise<unknown> };
  /** Keyed hash of a platform user id (the feedback store's), so no raw user id is stored. */
  hashUser: (platform: string, userId: string) => string;
  /**
   * Best-ranked topics for a question, used when the matcher had no runner-up above its floor (most
   * abstentions): low-scored guesses are still worth asking about, with "None of these" beside them.
   */
  candidates?: (question: string) => string[];
  /** Applies accepted phrasings to this instance's matcher (PhrasingOverlay.refresh). */
  refresh: () => Promise<unknown>;
  logger: Logger;
}

export class LearningFeature implements ChatFeature {
  constructor(private readonly options: LearningFeatureOptions) {}

  register(router: CommandRouter): void {
    router
      .onAction(LEARN_VERBS.choose, (req, ctx) => this.choose(req, ctx.lang))
      .onAction(LEARN_VERBS.accept, (req, ctx) => this.review(req, ctx, 'accept'))
      .onAction(LEARN_VERBS.reject, (req, ctx) => this.review(req, ctx, 'reject'))
      .onText(
        (text) => REVIEW_COMMAND.test(text.trim()),
        (req, ctx) => this.reviewCard(req, ctx.lang),
      );
  }

  /** The help card's part on teaching the FAQ; knowledge maintainers also see `kb review` and the shell commands. */
  helpSection(lang: Lang, request: NeutralRequest): ReplySection {
    return learningHelpSection(lang, this.options.policy.canMaintainKnowledge(actorOf(request)));
  }

  /** Stores the miss and appends "Which of these did you mean?" (the suggestions and "None of these"). */
  async decorateMiss(reply: NeutralReply, miss: MissContext): Promise<NeutralReply> {
    const { request } = miss;
    const suggestions = (
      miss.suggestions.length > 0 ? miss.suggestions : (this.options.candidates?.(miss.question) ?? [])
    )
      .filter((topic) => topic !== miss.answeredTopic)
      .slice(0, MAX_CHOICES);
    if (suggestions.length === 0) return reply;
    const stored = await this.options.store.recordMiss({
      platform: request.platform,
      kind: miss.kind,
      question: miss.question,
      lang: miss.questionLang,
      offered: suggestions,
      answeredTopic: miss.answeredTopic,
      askerHash: this.options.hashUser(request.platform, request.user.id),
    });
    const titled = suggestions.map((topic) => ({ topic, title: this.topicTitle(topic, reply.lang) }));
    return withChoice(reply, choiceSection(reply.lang, stored.id, titled));
  }

  private async choose(request: NeutralRequest, lang: Lang): Promise<NeutralReply> {
    const id = stringData(request, 'miss');
    const topic = stringData(request, 'topic');
    const outcome = await this.options.store.choose(
      id,
      topic,
      this.options.hashUser(request.platform, request.user.id),
    );
    if (!outcome.ok) return errorReply(lang, t(lang, `choice.${outcome.reason}`));
    const { miss } = outcome;
    this.options.logger.info(
      { miss: miss.id, kind: miss.kind, lang: miss.lang, topic: miss.chosenTopic ?? NONE_OF_THESE },
      'miss: choice recorded',
    );
    // Like every answer, in the language the question was written in (the choice card was, too).
    const replyLang = isLang(miss.lang) ? miss.lang : lang;
    const answer = miss.chosenTopic ? this.options.matcher.answerFor(miss.chosenTopic, replyLang) : null;
    if (!answer?.entry) return noneChosenReply(replyLang);
    const reply = answerReply(answer, replyLang);
    return { ...reply, sections: [{ text: t(replyLang, 'choice.thanks') }, ...reply.sections] };
  }

  private async review(
    request: NeutralRequest,
    ctx: RouteContext,
    decision: 'accept' | 'reject',
  ): Promise<NeutralReply> {
    const lang = ctx.lang;
    const actor = actorOf(request);
    const id = stringData(request, 'miss');
    if (!this.options.policy.canMaintainKnowledge(actor)) {
      await this.options.audit.append({
        actor: actor.id,
        action: `kb.${decision}`,
        target: missTarget(id),
        origin: request.origin,
        result: 'refused',
        details: { reason: 'not-maintainer' },
      });
      return errorReply(lang, t(lang, 'review.notMaintainer'));
    }
    const outcome = await reviewPhrasing(this.options, id, decision, actor.id, request.origin);
    if (!outcome.ok) return this.reviewCard(request, lang, t(lang, `review.${outcome.reason}`));
    const { miss } = outcome;
    this.options.logger.info({ miss: miss.id, decision, topic: miss.chosenTopic, lang: miss.lang }, 'kb review');
    await this.options.refresh();
    const key: AskMessageKey = decision === 'accept' ? 'review.accepted' : 'review.rejected';
    return this.reviewCard(
      request,
      lang,
      t(lang, key, { question: miss.question, topic: this.topicTitle(miss.chosenTopic!, lang) }),
    );
  }

  /** The pending phrasings with Accept / Reject, in the maintainer's language (refreshes this instance first). */
  private async reviewCard(request: NeutralRequest, lang: Lang, status?: string): Promise<NeutralReply> {
    if (!this.options.policy.canMaintainKnowledge(actorOf(request)))
      return errorReply(lang, t(lang, 'review.notMaintainer'));
    await this.options.refresh();
    const [pending, count] = await Promise.all([
      this.options.store.listPending(REVIEW_PAGE),
      this.options.store.countPending(),
    ]);
    const items = pending.map((miss) => ({
      miss,
      chosenTitle: this.topicTitle(miss.chosenTopic!, lang),
      answeredTitle: miss.answeredTopic ? this.topicTitle(miss.answeredTopic, lang) : undefined,
    }));
    return reviewReply(lang, items, count, status);
  }

  private topicTitle(topic: string, lang: Lang): string {
    return this.options.matcher.answerFor(topic, lang)?.title ?? topic;
  }
}

const stringData = (request: NeutralRequest, key: string): string => actionString(request, key) ?? '';
