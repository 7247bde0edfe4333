/**
 * Is a question about the registry at all? "How do I reset my Windows password?" shares "reset" and
 * "password" with FAQ topics, and word overlap alone cannot tell that it is about something else. What can is
 * which words people use when they ask about the registry (manifest, push, replication, タグ, 映像檔) and which
 * when they ask about other things (laptop, printer, spreadsheet, vacation). A naive Bayes model over the
 * analyzer's terms learns that from two sides: every phrasing the index holds (FAQ questions and curated
 * alternates, all languages) and knowledge/off-topic.yaml (workplace questions about other subjects).
 */
import type { KbIndex } from './index-builder.js';

/** Additive smoothing of the document frequencies (half a document). */
const SMOOTHING = 0.5;
/** Bound of one term's log-odds: one word never decides alone. */
const MAX_TERM_LOG_ODDS = 4;

export class DomainModel {
  /** term → log P(term | registry question) − log P(term | other question), over the terms either side uses. */
  private readonly logOdds = new Map<string, number>();

  /** `offTopic`: analyzed terms of each off-topic question. The registry side is the index's phrasing units. */
  constructor(index: KbIndex, offTopic: Iterable<ReadonlySet<string>>) {
    const { count: offCount, docs: offDocs } = documentFrequencies(offTopic);
    if (offDocs === 0) return;
    const onDocs = index.unitCount;
    const odds = (on: number, off: number): number => clamp(logOdds(on, onDocs, off, offDocs));
    for (const [term, postings] of index.postings)
      this.logOdds.set(term, odds(postings.length, offCount.get(term) ?? 0));
    for (const [term, off] of offCount) if (!index.postings.has(term)) this.logOdds.set(term, odds(0, off));
  }

  /**
   * Log-odds that the question is about the registry rather than something else, from the terms either side
   * has seen (0 when it has none of them, or without an off-topic side). Presence only: repeating a word adds
   * nothing.
   */
  score(terms: Iterable<string>): number {
    let sum = 0;
    for (const term of terms) sum += this.logOdds.get(term) ?? 0;
    return sum;
  }
}

/** In how many of the documents (term sets) each term occurs, and how many documents there are. */
export function documentFrequencies(docs: Iterable<ReadonlySet<string>>): { count: Map<string, number>; docs: number } {
  const count = new Map<string, number>();
  let n = 0;
  for (const terms of docs) {
    n++;
    for (const term of terms) count.set(term, (count.get(term) ?? 0) + 1);
  }
  return { count, docs: n };
}

/** Log-odds of a term's document frequency on one side (on of onDocs) against the other (off of offDocs), smoothed. */
export function logOdds(on: number, onDocs: number, off: number, offDocs: number): number {
  return (
    Math.log((on + SMOOTHING) / (onDocs + 2 * SMOOTHING)) - Math.log((off + SMOOTHING) / (offDocs + 2 * SMOOTHING))
  );
}

function clamp(x: number): number {
  return Math.max(-MAX_TERM_LOG_ODDS, Math.min(MAX_TERM_LOG_ODDS, x));
}
