/** Learning from feedback: builds the store, the overlay on this instance's matcher and the chat feature. */
import type { Actor } from '../../../core/actor.js';
import type { AuditLog } from '../../../storage/audit-log.js';
import type { Logger } from '../../../core/ports.js';
import type { FaqMatcher } from '../knowledge/types.js';
import type { Database } from '../../../storage/types.js';
import { LearningFeature } from './feature.js';
import { PhrasingOverlay, type PhrasingTarget } from './overlay.js';
import { LearningStore } from './store.js';

export { LearningFeature, LEARN_VERBS } from './feature.js';
export { PhrasingOverlay, DEFAULT_REFRESH_INTERVAL_IN_MS, type PhrasingTarget } from './overlay.js';
export { LearningStore, NONE_OF_THESE, type AcceptedPhrasing, type Miss } from './store.js';

export interface CreateLearningOptions {
  db: Database;
  /** The instance's matcher: answers come from it, accepted phrasings are added to it. */
  matcher: FaqMatcher & PhrasingTarget & { rank?(text: string): { topic: string }[] };
  /** Who may review learnt phrasings (the approval policy's knowledge maintainers). */
  policy: { canMaintainKnowledge(actor: Actor): boolean };
  audit: Pick<AuditLog, 'append'>;
  hashUser: (platform: string, userId: string) => string;
  logger: Logger;
}

export interface Learning {
  feature: LearningFeature;
  overlay: PhrasingOverlay;
  store: LearningStore;
}

export function createLearning(options: CreateLearningOptions): Learning {
  const store = new LearningStore(options.db);
  const overlay = new PhrasingOverlay(store, options.matcher, options.logger);
  const { matcher } = options;
  const candidates = matcher.rank ? (question: string) => matcher.rank!(question).map((r) => r.topic) : undefined;
  const feature = new LearningFeature({ ...options, store, candidates, refresh: () => overlay.refresh() });
  return { feature, overlay, store };
}
