/**
 * Typo and compound tolerance for Latin terms: a term unknown to the index is expanded to vocabulary
 * terms at edit distance 1 (symmetric-deletion lookup, so no scan of the vocabulary) and, for long
 * words, to vocabulary terms it contains or that contain it (German compounds: Speicherkontingent…).
 */
import { stem } from './text/stem.js';
import { pushTo } from './list-map.js';

export interface Expansion {
  term: string;
  /** Multiplier applied to the query weight of the expanded term. */
  factor: number;
}

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

const LATIN_TERM = /^[a-z0-9äåöü][a-z0-9äåöü.\-/]*$/;

/** Longest word corrected or split into parts (the longest indexed term, a URL, has 56 characters). */
const MAX_WORD_LENGTH = 64;

/** A Latin word with ae, oe or ue where German has ä, ö or ü. */
const TRANSLITERATED_UMLAUT = /^[a-z]*(?:ae|oe|ue)[a-z]*$/;

export class Vocabulary {
  private readonly deletes = new Map<string, string[]>();
  /** 4-gram → long vocabulary terms containing it (finds terms that contain a query word without a scan). */
  private readonly grams = new Map<string, string[]>();
  private readonly cache = new Map<string, Expansion[]>();
  private readonly splits = new Map<string, string[] | null>();

  /**
   * @param terms the index's terms (typo targets)
   * @param lexicon further known words that may be compound parts (synonym terms), not typo targets
   */
  constructor(
    private readonly terms: Set<string>,
    private readonly lexicon: Set<string> = new Set(),
  ) {
    for (const term of terms) {
      if (!LATIN_TERM.test(term) || term.length < 4) continue;
      for (const d of deletions(term)) pushTo(this.deletes, d, term);
      if (term.length >= 6) for (const g of new Set(grams4(term))) pushTo(this.grams, g, term);
    }
  }

  has(term: string): boolean {
    return this.terms.has(term);
  }

  /** Known as an index term or as a synonym term. */
  knows(term: string): boolean {
    return this.terms.has(term) || this.lexicon.has(term);
  }

  /**
   * Splits an unknown de/sv compound into vocabulary stems (registerkvoten → regist + kvot,
   * Containerregistrierungsadministratorkennwort → contain + registrier + administrator + kennwort).
   * Parts are at least 4 letters; a linking s is absorbed by the stemmer. When no full split exists, a
   * known head at the end (compounds are right-headed: nodpool → pool) is returned with the unknown rest
   * as its own part, so the known part is matched and the unknown part still counts as unexplained.
   */
  /** Stem of a compound part if the vocabulary knows it, also without a linking s (Registrierungs-). */
  private knownPart(part: string): string | null {
    const known = (w: string): boolean => this.terms.has(w) || this.lexicon.has(w);
    const stemmed = stem(part);
    if (known(stemmed)) return stemmed;
    if (part.endsWith('s') && part.length > 4) {
      const unlinked = stem(part.slice(0, -1));
      if (known(unlinked)) return unlinked;
    }
    return null;
  }

  decompound(word: string): string[] | null {
    const cached = this.splits.get(word);
    if (cached !== undefined) return cached;
    let result: string[] | null = null;
    if (LATIN_TERM.test(word) && word.length >= 7 && word.length <= MAX_WORD_LENGTH && !/[\d.\-/]/.test(word)) {
      const n = word.length;
      // best[i] = fewest parts covering word[0..i) with known stems.
      const best: (string[] | null)[] = new Array(n + 1).fill(null);
      best[0] = [];
      for (let i = 0; i < n; i++) {
        if (!best[i]) continue;
        for (let j = i + 4; j <= n; j++) {
          if (i === 0 && j === n) continue;
          const part = this.knownPart(word.slice(i, j));
          if (part === null) continue;
          const parts = [...best[i]!, part];
          if (!best[j] || best[j]!.length > parts.length) best[j] = parts;
        }
      }
      result = best[n];
      if (!result) {
        for (let i = 3; i <= n - 4 && !result; i++) {
          const head = this.knownPart(word.slice(i));
          if (head !== null) result = [word.slice(0, i), head];
        }
      }
    }
    if (this.splits.size > 5000) this.splits.clear();
    this.splits.set(word, result);
    return result;
  }

  /** Close vocabulary terms for a Latin query term that the index does not know. */
  expand(term: string): Expansion[] {
    // The work grows with the square of the length: a pasted 900-character token is no typo of a known word.
    if (term.length > MAX_WORD_LENGTH) return [];
    const cached = this.cache.get(term);
    if (cached) return cached;
    const found = new Map<string, number>();
    // German typed without umlauts (zaeh, loeschen, fuer): the spelling with them is the same word.
    if (TRANSLITERATED_UMLAUT.test(term)) {
      const umlauts = term.replace(/ae/g, 'ä').replace(/oe/g, 'ö').replace(/ue/g, 'ü');
      if (this.terms.has(umlauts)) found.set(umlauts, 0.95);
    }
    // Four-letter words only get transpositions (slwo → slow): one edit of a short word is another word.
    if (LATIN_TERM.test(term) && term.length === 4) {
      for (let i = 0; i + 1 < term.length; i++) {
        const swapped = term.slice(0, i) + term[i + 1] + term[i] + term.slice(i + 2);
        if (swapped !== term && this.terms.has(swapped)) found.set(swapped, 0.8);
      }
      // A dropped letter (chek → check, helt → help) is the commonest typo; only insertions, so a short word
      // is not changed into a different word of its own length.
      for (const c of this.deletes.get(term) ?? []) if (c.length === 5 && !found.has(c)) found.set(c, 0.6);
    }
    if (LATIN_TERM.test(term) && term.length >= 5) {
      const candidates = new Set<string>([...(this.deletes.get(term) ?? [])]);
      for (const d of deletions(term)) {
        if (this.terms.has(d) && d.length >= 5) candidates.add(d);
        for (const c of this.deletes.get(d) ?? []) candidates.add(c);
      }
      for (const c of candidates) if (withinOneEdit(c, term) || isTransposition(c, term)) found.set(c, 0.8);
      if (term.length >= 6) {
        const factor = (v: string): number =>
          (0.5 * Math.min(v.length, term.length)) / Math.max(v.length, term.length) + 0.2;
        // Vocabulary terms the query word contains (German compounds: speicherkontingent → kontingent).
        for (let i = 0; i < term.length; i++) {
          for (let j = i + 6; j <= term.length; j++) {
            const v = term.slice(i, j);
            if (v !== term && !found.has(v) && this.terms.has(v)) found.set(v, factor(v));
          }
        }
        // Vocabulary terms that contain the query word.
        for (const v of this.grams.get(term.slice(0, 4)) ?? [])
          if (!found.has(v) && v !== term && v.includes(term)) found.set(v, factor(v));
      }
    }
    const list = [...found.entries()]
      .map(([t, factor]) => ({ term: t, factor }))
      .sort((a, b) => b.factor - a.factor)
      .slice(0, 8);
    if (this.cache.size > 5000) this.cache.clear();
    this.cache.set(term, list);
    return list;
  }
}

function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const diff: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
  return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!];
}

/** True when a and b differ by at most one insertion, deletion or substitution. */
export function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

function grams4(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 4 <= word.length; i++) out.push(word.slice(i, i + 4));
  return out;
}
