/**
 * Synonym groups (knowledge/synonyms.yaml) double as a cross-lingual dictionary: every term of a group,
 * in any language, adds the group's term `~gN` to the analyzed text, on the documents and on the question.
 */
import { CJK_RUN, normalizeText } from './text/normalize.js';
import { phraseStem, type AnalyzedText } from './text/analyzer.js';
import { pushTo } from './list-map.js';

interface LatinTerm {
  stems: string[];
  group: number;
}

export class SynonymExpander {
  private readonly latinByFirst = new Map<string, LatinTerm[]>();
  /** CJK terms keyed by their first character, so a text is scanned once instead of once per term. */
  private readonly cjkByFirst = new Map<string, { text: string; group: number }[]>();

  constructor(groups: string[][]) {
    groups.forEach((group, index) => {
      for (const raw of group) {
        const term = normalizeText(raw);
        if (term === '') continue;
        if (term.replace(CJK_RUN, '') !== term) {
          const first = term[0]!;
          pushTo(this.cjkByFirst, first, { text: term, group: index });
          continue;
        }
        const stems = term.split(/\s+/).flatMap((w) => phraseStem(w) ?? []);
        if (stems.length === 0) continue;
        pushTo(this.latinByFirst, stems[0]!, { stems, group: index });
      }
    });
  }

  /** One-term synonyms as index terms (Latin stems, two-character CJK words) → their group. */
  termGroups(): Map<string, number> {
    const out = new Map<string, number>();
    for (const list of this.latinByFirst.values())
      for (const t of list) if (t.stems.length === 1) out.set(t.stems[0]!, t.group);
    for (const list of this.cjkByFirst.values())
      for (const t of list) if ([...t.text].length === 2) out.set(t.text, t.group);
    return out;
  }

  /**
   * Stems of the words of the Latin synonym terms (known words even where no document uses them alone). A word of a
   * phrase counts too: split as an unknown compound (framework → fram + work), ".NET Framework" would not be found.
   */
  wordStems(): Set<string> {
    const out = new Set<string>();
    for (const list of this.latinByFirst.values()) for (const t of list) for (const s of t.stems) out.add(s);
    return out;
  }

  /** Group ids whose terms occur in the text. */
  groupsIn(analyzed: AnalyzedText): Set<number> {
    const found = new Set<number>();
    const stems = analyzed.latinStems;
    for (let i = 0; i < stems.length; i++) {
      for (const term of this.latinByFirst.get(stems[i]!) ?? [])
        if (phraseAt(stems, i, term.stems)) found.add(term.group);
    }
    const text = analyzed.normalized;
    for (let i = 0; i < text.length; i++) {
      for (const term of this.cjkByFirst.get(text[i]!) ?? []) if (text.startsWith(term.text, i)) found.add(term.group);
    }
    return found;
  }

  /** Adds `~gN` terms to `analyzed.terms` (one count per group). */
  expand(analyzed: AnalyzedText): AnalyzedText {
    for (const group of this.groupsIn(analyzed)) analyzed.terms.set(`~g${group}`, 1);
    return analyzed;
  }
}

/**
 * Whether the phrase's stems follow each other from position i. A word's parts come right after its own stem
 * (GitLab → gitlab, git, lab; docker-compose → docker-compos, docker, compos): they are skipped, so "GitLab runner"
 * is the phrase "gitlab runner".
 */
function phraseAt(stems: readonly string[], i: number, phrase: readonly string[]): boolean {
  let at = i;
  for (let k = 1; k < phrase.length; k++) {
    let next = at + 1;
    while (next < stems.length && stems[next] !== phrase[k] && stems[at]!.includes(stems[next]!)) next++;
    if (stems[next] !== phrase[k]) return false;
    at = next;
  }
  return true;
}
