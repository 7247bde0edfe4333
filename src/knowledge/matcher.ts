/**
 * FaqMatcher over the inverted index. Score of a topic = blend of
 *   - best cosine between the question and one of the topic's phrasings (questions + alternates, all languages),
 *   - coverage: share of the question's term weight found anywhere in the topic,
 *   - answer coverage: share found in the topic's answers,
 * then calibrated to 0..1 (see `calibrate`). Below `threshold` the matcher abstains and offers runners-up.
 */
import type { FaqMatcher, KbEntry, Lang, MatchAlternative, MatchOptions, MatchResult } from './types.js';
import { SUPPORTED_LANGS } from './types.js';
import { detectLanguage, langFromLocale, type HanLexicon } from './lang-detect.js';
import { KbIndex } from './index-builder.js';
import { simplifiedToTraditional, HAN } from './text/normalize.js';
import { stripControlChars } from './ingest/markup.js';

export interface KbMatcherOptions {
  /** Calibrated score under which the matcher abstains (default 0.5). */
  threshold?: number;
  /** Answer languages tried when the asker's language has no entry for the topic. */
  fallbackOrder?: Lang[];
  /** Docs page per edition with a `{locale}` placeholder. */
  docsUrls?: Partial<Record<KbEntry['edition'], string>>;
  /** Web locale per language (ja → ja-jp…). */
  locales?: Partial<Record<Lang, string>>;
  /** Longer questions are cut to this many characters before matching (bounded latency). */
  maxQuestionChars?: number;
  /** Runners-up below this calibrated score are not offered (default 0.15). */
  alternativeFloor?: number;
}

export interface MatcherInput {
  topics: string[];
  entries: KbEntry[];
  alternates: Map<string, Map<Lang, string[]>>;
  synonyms: string[][];
}

interface QueryTerm {
  term: string;
  weight: number;
  /** Index of the question term it stands for (expansions share their origin). */
  origin: number;
}

/** Blend weights and the query weight of synonym-group terms (a group term restates a word already counted). */
export const TUNING = { phrasing: 0.55, coverage: 0.3, answer: 0.15, synonymWeight: 1, center: 0.33, slope: 12, oovLatin: 1, oovCjk: 0.5 };

/** Logistic calibration of the raw blend, centred where in-scope and out-of-scope questions separate. */
export function calibrate(raw: number): number {
  return 1 / (1 + Math.exp(-TUNING.slope * (raw - TUNING.center)));
}

export class KbMatcher implements FaqMatcher {
  readonly index: KbIndex;
  private readonly byTopic = new Map<string, Map<Lang, KbEntry>>();
  private readonly options: Required<Omit<KbMatcherOptions, 'docsUrls' | 'locales'>> & Pick<KbMatcherOptions, 'docsUrls' | 'locales'>;
  private readonly lexicon: HanLexicon;

  constructor(input: MatcherInput, options: KbMatcherOptions = {}) {
    this.options = {
      threshold: options.threshold ?? 0.5,
      fallbackOrder: options.fallbackOrder ?? ['en', 'ja', 'zh-TW', 'sv', 'de'],
      maxQuestionChars: options.maxQuestionChars ?? 1000,
      alternativeFloor: options.alternativeFloor ?? 0.15,
      docsUrls: options.docsUrls,
      locales: options.locales,
    };
    this.index = new KbIndex(input);
    for (const entry of input.entries) {
      const byLang = this.byTopic.get(entry.topic) ?? new Map<Lang, KbEntry>();
      byLang.set(entry.lang, entry);
      this.byTopic.set(entry.topic, byLang);
    }
    this.lexicon = buildHanLexicon(input.entries);
  }

  get size(): number {
    return [...this.byTopic.values()].reduce((n, m) => n + m.size, 0);
  }

  match(question: string, options: MatchOptions = {}): MatchResult {
    const text = stripControlChars(String(question ?? '')).slice(0, this.options.maxQuestionChars);
    const detected = detectLanguage(text, options.localeHint, this.lexicon);
    const lang = detected.lang;
    const ranked = this.rank(detected.simplified ? simplifiedToTraditional(text) : text);
    const maxAlternatives = Math.max(0, options.maxAlternatives ?? 3);
    const best = ranked[0];
    const accepted = best !== undefined && best.score >= this.options.threshold;
    const alternatives: MatchAlternative[] = ranked
      .slice(accepted ? 1 : 0)
      .filter((r) => r.score >= this.options.alternativeFloor)
      .slice(0, maxAlternatives)
      .map((r) => ({ topic: r.topic, score: round(r.score), title: this.pickEntry(r.topic, lang)?.entry.question ?? r.topic }));
    if (!accepted) return this.abstain(lang, best?.score ?? 0, alternatives);
    const result = this.answerFor(best.topic, lang)!;
    return { ...result, score: round(best.score), alternatives };
  }

  answerFor(topic: string, lang: Lang): MatchResult | null {
    const picked = this.pickEntry(topic, lang);
    if (!picked) return null;
    const { entry, fallback } = picked;
    return {
      topic,
      lang,
      answerLang: entry.lang,
      score: 1,
      title: entry.question,
      edition: entry.edition,
      alternatives: [],
      entry,
      fallback,
      docsUrl: this.docsUrl(entry, lang),
    };
  }

  /** Topics ranked by calibrated score (exposed for evaluation and benchmarks). */
  rank(text: string): { topic: string; score: number }[] {
    const index = this.index;
    const analyzed = index.analyze(text);
    const queryTerms: QueryTerm[] = [];
    let norm2 = 0;
    let origin = 0;
    for (const [term, count] of analyzed.terms) {
      const tf = (1 + Math.log(count)) * (term.startsWith('~g') ? TUNING.synonymWeight : 1);
      const idf = index.idf.get(term);
      if (idf !== undefined) {
        queryTerms.push({ term, weight: idf * tf, origin });
        norm2 += (idf * tf) ** 2;
      } else {
        const expansions = HAN.test(term) || term.includes(':') ? [] : index.vocabulary.expand(term);
        let best = 0;
        for (const e of expansions) {
          const eIdf = index.idf.get(e.term) ?? 0;
          queryTerms.push({ term: e.term, weight: eIdf * tf * e.factor, origin });
          best = Math.max(best, eIdf * tf);
        }
        // Unknown words weigh in the norm: a question about something else scores low.
        const unknown = best || (term.startsWith('w:') ? 0 : index.maxIdf * (HAN.test(term) || /[ぁ-ヿ]/.test(term) ? TUNING.oovCjk : TUNING.oovLatin));
        norm2 += (unknown * tf) ** 2;
      }
      origin++;
    }
    if (queryTerms.length === 0 || norm2 === 0) return [];
    const qNorm = Math.sqrt(norm2);
    const dots = new Float64Array(index.unitCount);
    const topicCount = index.topicIds.length;
    const coverage = new Float64Array(topicCount);
    const answerCoverage = new Float64Array(topicCount);
    const seenOrigin = new Map<number, Set<number>>();
    const seenAnswerOrigin = new Map<number, Set<number>>();
    const credit = (map: Map<number, Set<number>>, target: Float64Array, topic: number, q: QueryTerm): void => {
      // Each question term counts once per topic, even when several expansions match.
      const seen = map.get(topic) ?? new Set<number>();
      if (seen.has(q.origin)) return;
      seen.add(q.origin);
      map.set(topic, seen);
      target[topic]! += q.weight * q.weight;
    };
    for (const q of queryTerms) {
      for (const p of index.postings.get(q.term) ?? []) dots[p.unit]! += q.weight * p.weight;
      for (const t of index.topicPresence.get(q.term) ?? []) credit(seenOrigin, coverage, t, q);
      for (const t of index.answerPresence.get(q.term) ?? []) credit(seenAnswerOrigin, answerCoverage, t, q);
    }
    const phrasing = new Float64Array(topicCount);
    for (let u = 0; u < dots.length; u++) {
      if (dots[u] === 0) continue;
      const cos = dots[u]! / (qNorm * index.unitNorm[u]!);
      const t = index.unitTopic[u]!;
      if (cos > phrasing[t]!) phrasing[t] = cos;
    }
    const results: { topic: string; score: number }[] = [];
    for (let t = 0; t < topicCount; t++) {
      if (coverage[t] === 0) continue;
      const raw = TUNING.phrasing * phrasing[t]! + TUNING.coverage * (coverage[t]! / norm2) + TUNING.answer * (answerCoverage[t]! / norm2);
      results.push({ topic: index.topicIds[t]!, score: calibrate(Math.min(1, raw)) });
    }
    return results.sort((a, b) => b.score - a.score);
  }

  private pickEntry(topic: string, lang: Lang): { entry: KbEntry; fallback: boolean } | null {
    const byLang = this.byTopic.get(topic);
    if (!byLang) return null;
    const own = byLang.get(lang);
    if (own) return { entry: own, fallback: false };
    for (const l of [...this.options.fallbackOrder, ...SUPPORTED_LANGS]) {
      const entry = byLang.get(l);
      if (entry) return { entry, fallback: true };
    }
    return null;
  }

  private docsUrl(entry: KbEntry, lang: Lang): string | null {
    const template = this.options.docsUrls?.[entry.edition];
    if (!template) return null;
    const locale = this.options.locales?.[lang] ?? 'en-us';
    return template.replace('{locale}', locale);
  }

  private abstain(lang: Lang, score: number, alternatives: MatchAlternative[]): MatchResult {
    return { topic: null, lang, answerLang: null, score: round(score), title: null, edition: null, alternatives, entry: null, fallback: false, docsUrl: null };
  }
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}

/** Han bigrams that occur only in the Japanese or only in the Chinese documents. */
function buildHanLexicon(entries: KbEntry[]): HanLexicon {
  const collect = (lang: Lang): Set<string> => {
    const set = new Set<string>();
    for (const e of entries) {
      if (e.lang !== lang) continue;
      const chars = [...`${e.question}\n${e.answer}`];
      for (let i = 0; i + 1 < chars.length; i++) {
        if (HAN.test(chars[i]!) && HAN.test(chars[i + 1]!)) set.add(chars[i]! + chars[i + 1]!);
      }
    }
    return set;
  };
  const ja = collect('ja');
  const zh = collect('zh-TW');
  return { jaOnly: new Set([...ja].filter((b) => !zh.has(b))), zhOnly: new Set([...zh].filter((b) => !ja.has(b))) };
}

export { langFromLocale };
