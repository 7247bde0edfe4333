/**
 * Builds the Ask feature: the FAQ matcher's answers, 👍/👎 feedback, and learning from it (phrasings people
 * chose after a miss, reviewed by knowledge maintainers, added to this instance's matcher).
 */
import type { Actor } from '../../core/actor.js';
import type { Feature, HealthCheck, RetentionTask } from '../../core/feature.js';
import type { Logger } from '../../core/ports.js';
import type { AuditLog } from '../../storage/audit-log.js';
import type { FeedbackStore } from '../../storage/feedback-store.js';
import type { Database } from '../../storage/types.js';
import { AskFeature } from './feature.js';
import type { FaqMatcher } from './knowledge/types.js';
import { createLearning, type Learning, type PhrasingTarget } from './learning/index.js';
import { missesRetention } from './learning/retention.js';

export { AskFeature } from './feature.js';
/** The language a question is written in: Act answers a request in words in that language. */
export { detectLanguage } from './knowledge/lang-detect.js';

export interface CreateAskOptions {
  db: Database;
  matcher: FaqMatcher;
  feedback: FeedbackStore;
  /** Who may review learnt phrasings (the approval policy's knowledge maintainers). */
  policy: { canMaintainKnowledge(actor: Actor): boolean };
  audit: Pick<AuditLog, 'append'>;
  logger: Logger;
}

export interface Ask extends Feature {
  readonly name: 'ask';
  feature: AskFeature;
  /** Absent when the matcher cannot take phrasings (test fakes). */
  learning?: Learning;
}

export function createAsk(options: CreateAskOptions): Ask {
  const { db, matcher, feedback } = options;
  const feature = new AskFeature({ matcher, feedback });
  // Learning from feedback needs a matcher that takes phrasings (the real one; test fakes may not).
  const learning = isPhrasingTarget(matcher)
    ? createLearning({
        db,
        matcher,
        policy: options.policy,
        audit: options.audit,
        hashUser: (platform, userId) => feedback.hashUserId(platform, userId),
        logger: options.logger,
      })
    : undefined;
  const health: HealthCheck[] = [
    { name: 'knowledge', check: async () => ({ ok: matcher.size > 0, detail: `${matcher.size} entries` }) },
  ];
  const retentionTasks: RetentionTask[] = [
    { name: 'feedback', purge: (olderThan) => feedback.purgeOlderThan(olderThan) },
    missesRetention(db),
  ];
  return {
    name: 'ask',
    // Ask first: its help section opens the help card; learning decorates misses before Act and Alerts do.
    chat: learning ? [feature, learning.feature] : [feature],
    health,
    retentionTasks,
    async start() {
      await learning?.overlay.start();
    },
    async stop() {
      learning?.overlay.stop();
    },
    feature,
    learning,
  };
}

function isPhrasingTarget(matcher: FaqMatcher): matcher is FaqMatcher & PhrasingTarget {
  return typeof (matcher as Partial<PhrasingTarget>).addPhrasings === 'function';
}
