/**
 * Typo and compound tolerance for Latin terms: a term unknown to the index is expanded to vocabulary
 * terms at edit distance 1 (symmetric-deletion lookup, so no scan of the vocabulary) and, for long
 * words, to vocabulary terms it contains or that contain it (German compounds: Speicherkontingent…).
 */

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

const LATIN_TERM = /^[a-z0-9][a-z0-9.\-/]*$/;

export class Vocabulary {
  private readonly deletes = new Map<string, string[]>();
  private readonly long: string[] = [];
  private readonly cache = new Map<string, Expansion[]>();

  constructor(private readonly terms: Set<string>) {
    for (const term of terms) {
      if (!LATIN_TERM.test(term) || term.length < 4) continue;
      for (const d of deletions(term)) {
        const list = this.deletes.get(d) ?? [];
        list.push(term);
        this.deletes.set(d, list);
      }
      if (term.length >= 5) this.long.push(term);
    }
  }

  has(term: string): boolean {
    return this.terms.has(term);
  }

  /** Close vocabulary terms for a Latin query term that the index does not know. */
  expand(term: string): Expansion[] {
    const cached = this.cache.get(term);
    if (cached) return cached;
    const found = new Map<string, number>();
    if (LATIN_TERM.test(term) && term.length >= 5) {
      const candidates = new Set<string>([...(this.deletes.get(term) ?? [])]);
      for (const d of deletions(term)) {
        if (this.terms.has(d) && d.length >= 5) candidates.add(d);
        for (const c of this.deletes.get(d) ?? []) candidates.add(c);
      }
      for (const c of candidates) if (withinOneEdit(c, term) || isTransposition(c, term)) found.set(c, 0.8);
      if (term.length >= 6) {
        for (const v of this.long) {
          if (found.has(v)) continue;
          if ((v.length >= 6 && term.includes(v)) || v.includes(term)) found.set(v, 0.5 * Math.min(v.length, term.length) / Math.max(v.length, term.length) + 0.2);
        }
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
