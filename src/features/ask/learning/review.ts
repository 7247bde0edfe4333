/** One review of a chosen phrasing (chat or CLI): the conditional store update, audited whatever its outcome. */
import type { AuditEntry, AuditOrigin } from '../../../storage/audit-log.js';
import type { LearningStore, Miss, ReviewOutcome } from './store.js';

export type ReviewDecision = 'accept' | 'reject';

export interface ReviewDeps {
  store: Pick<LearningStore, 'review'>;
  audit: { append(entry: AuditEntry): Promise<unknown> };
}

/** The audit record's target for a miss (ids from buttons or the shell are cut, never trusted to be short). */
export function missTarget(id: string): string {
  return `kb-miss:${id.slice(0, 64)}`;
}

/** What an audit record says about a reviewed phrasing (the question is what was asked, never an identity). */
export function auditDetails(miss: Miss): Record<string, unknown> {
  return { topic: miss.chosenTopic, lang: miss.lang, question: miss.question, kind: miss.kind };
}

export async function reviewPhrasing(
  deps: ReviewDeps,
  id: string,
  decision: ReviewDecision,
  actor: string,
  origin: AuditOrigin,
): Promise<ReviewOutcome> {
  const outcome = await deps.store.review(id, decision, actor);
  await deps.audit.append({
    actor,
    action: `kb.${decision}`,
    target: missTarget(id),
    origin,
    result: outcome.ok ? 'ok' : 'refused',
    details: outcome.ok ? auditDetails(outcome.miss) : { reason: outcome.reason },
  });
  return outcome;
}
