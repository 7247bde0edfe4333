/**
 * Inverted index over the knowledge base. Every question and alternate phrasing is a unit (a tf-idf
 * vector); answers feed a per-topic coverage signal. idf is computed over topics, so a term that every
 * topic mentions (registry, ACR…) weighs little.
 */
import type { KbEntry, Lang } from './types.js';
import { analyze, type AnalyzeOptions, type AnalyzedText } from './text/analyzer.js';
import { SynonymExpander } from './synonyms.js';
import { Vocabulary } from './vocabulary.js';
import { pushTo } from './list-map.js';

export interface Posting {
  unit: number;
  weight: number;
}

export interface IndexInput {
  topics: string[];
  entries: KbEntry[];
  /** topic → lang → phrasings. */
  alternates: Map<string, Map<Lang, string[]>>;
  synonyms: string[][];
}

export class KbIndex {
  readonly topicIds: string[];
  readonly unitTopic: number[] = [];
  readonly unitNorm: number[] = [];
  readonly postings = new Map<string, Posting[]>();
  /** term → topics whose question, alternates or answer contain it. */
  readonly topicPresence = new Map<string, Set<number>>();
  /** term → topics whose answer contains it. */
  readonly answerPresence = new Map<string, Set<number>>();
  readonly idf = new Map<string, number>();
  readonly maxIdf: number;
  readonly synonyms: SynonymExpander;
  readonly vocabulary: Vocabulary;

  constructor(input: IndexInput) {
    this.topicIds = input.topics;
    this.synonyms = new SynonymExpander(input.synonyms);
    const topicIndex = new Map(input.topics.map((t, i) => [t, i]));
    const units: { topic: number; terms: Map<string, number> }[] = [];
    const addPresence = (map: Map<string, Set<number>>, terms: Map<string, number>, topic: number): void => {
      for (const term of terms.keys()) {
        const set = map.get(term) ?? new Set<number>();
        set.add(topic);
        map.set(term, set);
      }
    };
    const addUnit = (text: string, topic: number): void => {
      const analyzed = this.analyze(text);
      if (analyzed.terms.size === 0) return;
      units.push({ topic, terms: analyzed.terms });
      addPresence(this.topicPresence, analyzed.terms, topic);
    };
    for (const entry of input.entries) {
      const topic = topicIndex.get(entry.topic);
      if (topic === undefined) continue;
      addUnit(entry.question, topic);
      // Our translations' answers are shown, not indexed: the models were fit with answers in the documents'
      // languages only, and English answer text explained away words of out-of-scope English questions.
      if (entry.translatedFrom) continue;
      const answer = this.analyze(entry.answer, { segmentWords: false });
      addPresence(this.answerPresence, answer.terms, topic);
      addPresence(this.topicPresence, answer.terms, topic);
    }
    for (const [topicId, byLang] of input.alternates) {
      const topic = topicIndex.get(topicId);
      if (topic === undefined) continue;
      for (const phrasings of byLang.values()) for (const p of phrasings) addUnit(p, topic);
    }
    const n = Math.max(1, input.topics.length);
    for (const [term, topics] of this.topicPresence) this.idf.set(term, Math.log(1 + n / topics.size));
    // A word of a synonym group discriminates no more than its group: which synonym one topic's text
    // happens to use (långsam vs långsamt, 很慢 vs 緩慢) must not decide between two topics.
    for (const [term, group] of this.synonyms.termGroups()) {
      const idf = this.idf.get(term);
      const groupIdf = this.idf.get(`~g${group}`);
      if (idf !== undefined && groupIdf !== undefined && groupIdf < idf) this.idf.set(term, groupIdf);
    }
    this.maxIdf = Math.log(1 + n / 0.5);
    units.forEach((unit, id) => {
      let norm = 0;
      for (const [term, tf] of unit.terms) {
        const weight = (this.idf.get(term) ?? 0) * (1 + Math.log(tf));
        norm += weight * weight;
        pushTo(this.postings, term, { unit: id, weight });
      }
      this.unitTopic.push(unit.topic);
      this.unitNorm.push(Math.sqrt(norm) || 1);
    });
    this.vocabulary = new Vocabulary(new Set(this.topicPresence.keys()), this.synonyms.wordStems());
  }

  /**
   * Adds one phrasing of a topic to the built index (phrasings accepted from feedback, see src/features/ask/learning).
   * Analyzed like a question, so the same question finds exactly these terms. idf stays as built for
   * terms the index knew (a restart rebuilds it); a term new to the index gets the idf of a one-topic term.
   * Returns false when the topic is unknown or the text has no terms.
   */
  addPhrasing(topicId: string, text: string): boolean {
    const topic = this.topicIds.indexOf(topicId);
    if (topic < 0) return false;
    const { terms } = this.analyzeQuery(text);
    if (terms.size === 0) return false;
    const unit = this.unitTopic.length;
    const oneTopicIdf = Math.log(1 + Math.max(1, this.topicIds.length));
    let norm = 0;
    for (const [term, tf] of terms) {
      const topics = this.topicPresence.get(term) ?? new Set<number>();
      topics.add(topic);
      this.topicPresence.set(term, topics);
      if (!this.idf.has(term)) this.idf.set(term, oneTopicIdf);
      const weight = this.idf.get(term)! * (1 + Math.log(tf));
      norm += weight * weight;
      pushTo(this.postings, term, { unit, weight });
    }
    this.unitTopic.push(topic);
    this.unitNorm.push(Math.sqrt(norm) || 1);
    return true;
  }

  get unitCount(): number {
    return this.unitTopic.length;
  }

  /** Analysis shared by documents and questions (synonym groups included). */
  analyze(text: string, options?: AnalyzeOptions): AnalyzedText {
    return this.synonyms.expand(analyze(text, options));
  }

  /** Analysis of a question: like `analyze`, plus unknown de/sv compounds split into known parts first. */
  analyzeQuery(text: string): AnalyzedText {
    const analyzed = analyze(text);
    const stems: string[] = [];
    for (const s of analyzed.latinStems) {
      const parts = this.vocabulary.knows(s) ? null : this.vocabulary.decompound(s);
      if (!parts) {
        stems.push(s);
        continue;
      }
      const count = analyzed.terms.get(s) ?? 1;
      analyzed.terms.delete(s);
      for (const part of parts) analyzed.terms.set(part, (analyzed.terms.get(part) ?? 0) + count);
      stems.push(...parts);
    }
    analyzed.latinStems = stems;
    return this.synonyms.expand(analyzed);
  }
}
