/**
 * Turns text into index terms. Latin: lowercase words, camelCase/hyphen parts, light stems, stopwords
 * dropped. CJK: Intl.Segmenter words plus character bigrams (the segmenter splits katakana compounds such
 * as コンテナ|レジスト|リ, bigrams keep them findable). Synonym groups add a shared `~gN` term, which is how
 * a German question reaches a topic that only the Japanese document covers.
 */
import { CJK_STOPWORDS, LATIN_STOPWORDS } from './stopwords.js';
import { stem } from './stem.js';
import { CJK_RUN, KANA, normalizeText, unstretch } from './normalize.js';

const segmenterJa = new Intl.Segmenter('ja', { granularity: 'word' });
const segmenterZh = new Intl.Segmenter('zh', { granularity: 'word' });
const LATIN_WORD = /[\p{L}\p{N}][\p{L}\p{N}._'/+-]*/gu;
const HIRAGANA_ONLY = /^[\p{Script=Hiragana}ー]+$/u;
const KATA_HIRA = /^(?:\p{Script=Katakana}\p{Script=Hiragana}|\p{Script=Hiragana}\p{Script=Katakana})$/u;
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}々〆]/u;

export interface AnalyzedText {
  /** Terms with their counts. */
  terms: Map<string, number>;
  /** Latin stems in order (for multi-word synonym matching). */
  latinStems: string[];
  /** Normalized text (for CJK synonym substring matching). */
  normalized: string;
}

function add(terms: Map<string, number>, term: string, count = 1): void {
  terms.set(term, (terms.get(term) ?? 0) + count);
}

const MEASURE = /^(?:\d{1,2}|\d+(?:[.,]\d+)?(?:[kmgt]i?b|x|s|ms|min|h))$/;
const BARE_NUMBER = /^\d+$/;

/** Words recur across thousands of phrasings and answers: their stems are computed once. */
const stemCache = new Map<string, string[]>();

/** The stem a word has inside a multi-word name (synonyms.yaml): its first stem, or a bare number as typed. */
export function phraseStem(word: string): string | undefined {
  return latinWordStems(word)[0] ?? (BARE_NUMBER.test(word) ? word : undefined);
}

/** Latin word → stems of the word and of its parts (camelCase, hyphen, slash, dot). */
export function latinWordStems(original: string): string[] {
  const cached = stemCache.get(original);
  if (cached) return cached;
  const stems = computeLatinWordStems(original);
  if (stemCache.size > 50_000) stemCache.clear();
  stemCache.set(original, stems);
  return stems;
}

function computeLatinWordStems(original: string): string[] {
  const parts = original
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Za-z])(?=\d)/g, '$1 ') // TLS1.2 → TLS 1.2 (the whole word is kept as well)
    .split(/[\s._'/+-]+/)
    .map((p) => p.toLowerCase())
    .filter((p) => p.length > 0);
  const whole = original.toLowerCase().replace(/^[._'/+-]+|[._'/+-]+$/g, '');
  // Sizes and counts people quote ("1GB", "800mb", "15 min", "3x") say how bad, not what about: no term.
  if (MEASURE.test(whole)) return [];
  const out = new Set<string>();
  if (whole && !LATIN_STOPWORDS.has(whole)) out.add(stem(whole.replace(/['/+]/g, '')));
  // Parts of compounds (net/http, check-health, InvalidAuthenticationInfo); short numbers (24.04 → 04) are noise.
  if (parts.length > 1)
    for (const p of parts) if (!LATIN_STOPWORDS.has(p) && p.length > 1 && !/^\d{1,2}$/.test(p)) out.add(stem(p));
  return [...out].filter((s) => s.length > 0);
}

export interface AnalyzeOptions {
  /** Add Intl.Segmenter words (default true). Long answers skip it: bigrams suffice there and it is the slow part. */
  segmentWords?: boolean;
}

export function analyze(text: string, options: AnalyzeOptions = {}): AnalyzedText {
  const terms = new Map<string, number>();
  const latinStems: string[] = [];
  // Case is needed for camelCase splitting, so Latin words come from the NFKC text before lowercasing.
  const nfkc = unstretch(text.normalize('NFKC'));
  const normalized = normalizeText(text);
  // Latin words glued to Japanese or Chinese ("ACRへのpushが遅い", "刪除tag") are words too: CJK runs are
  // cut out first, or the whole line would read as one CJK "word" and lose them.
  for (const match of nfkc.replace(CJK_RUN, ' ').matchAll(LATIN_WORD)) {
    const word = match[0];
    const stems = latinWordStems(word);
    for (const s of stems) {
      add(terms, s);
      latinStems.push(s);
    }
    // A quoted count is no term, but it still spells a name with its neighbours ("Windows 11").
    if (stems.length === 0 && BARE_NUMBER.test(word)) latinStems.push(word);
  }
  const segmentWords = options.segmentWords !== false && CJK_CHAR.test(normalized);
  const segments = segmentWords ? [...(KANA.test(normalized) ? segmenterJa : segmenterZh).segment(normalized)] : [];
  // Function words (の, 怎麼辦…) break CJK runs, so no bigram straddles them (の書, 慢怎 are noise).
  const content = segmentWords
    ? segments.map((s) => (CJK_STOPWORDS.has(s.segment) ? ' ' : s.segment)).join('')
    : normalized;
  for (const run of content.matchAll(CJK_RUN)) {
    const chars = [...run[0]];
    if (chars.length === 1) {
      if (!CJK_STOPWORDS.has(chars[0]!)) add(terms, chars[0]!);
      continue;
    }
    for (let i = 0; i + 1 < chars.length; i++) {
      const bigram = chars[i]! + chars[i + 1]!;
      // Hiragana-only bigrams are grammar (ときの, している), not content: they only add noise.
      // A katakana word followed by a particle (プルで, ロールを) is a word boundary, not a term.
      if (!HIRAGANA_ONLY.test(bigram) && !KATA_HIRA.test(bigram)) add(terms, bigram);
    }
  }
  for (const seg of segments) {
    const word = seg.segment;
    if (!seg.isWordLike || !CJK_CHAR.test(word) || [...word].length < 2 || CJK_STOPWORDS.has(word)) continue;
    // Segmenter words longer than a bigram add a phrase-level signal on top of the bigrams.
    if ([...word].length > 2) add(terms, `w:${word}`);
  }
  return { terms, latinStems, normalized };
}
