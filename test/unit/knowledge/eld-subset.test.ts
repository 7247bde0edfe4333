import { readFileSync } from 'node:fs';
import { eld as eldWhole } from 'eld/extrasmall';
import { readEvalFile } from '../../../src/features/ask/knowledge/evaluate.js';
import { eldFileUrl, type EldNgramsData } from '../../../src/features/ask/knowledge/eld-internals.js';
import { loadFaqMatcher } from '../../../src/features/ask/knowledge/index.js';
import { LATIN_LANG_MODEL_FILE, latinLangModel } from '../../../src/features/ask/knowledge/latin-lang-model.js';
import { ELD_SUBSET_LANGUAGES, eldSubset, formatEldSubset } from '../../../scripts/lib/eld-subset.js';

const { ngramsData: whole } = (await import(eldFileUrl('src/ngrams/extrasmall.js'))) as { ngramsData: EldNgramsData };

describe("the de/en/sv subset of eld's extrasmall database", () => {
  it('is what scripts/eld-subset.ts makes from the installed eld (rerun it after an eld upgrade)', () => {
    expect(readFileSync(LATIN_LANG_MODEL_FILE, 'utf8')).toBe(formatEldSubset(eldSubset(whole, ELD_SUBSET_LANGUAGES)));
  });

  it('gives the same language and scores as the whole database restricted to de/sv/en', () => {
    eldWhole.setLanguageSubset(['de', 'sv', 'en']);
    const { entries, data } = loadFaqMatcher();
    const texts = [
      ...['dev', 'own', 'extra', 'fresh'].flatMap((set) => readEvalFile(`test/eval/faq-${set}.jsonl`)).map((l) => l.q),
      ...entries.flatMap((e) => [e.question, e.answer]),
      ...[...data.alternates.values()].flatMap((byLang) => [...byLang.values()].flat()),
    ];
    expect(texts.length).toBeGreaterThan(1000);
    const differing = texts.filter((text) => {
      const a = eldWhole.detect(text);
      const b = latinLangModel.detect(text);
      return a.language !== b.language || JSON.stringify(a.getScores()) !== JSON.stringify(b.getScores());
    });
    expect(differing).toEqual([]);
    expect(latinLangModel.detect('Wie lösche ich ungetaggte Manifeste?').language).toBe('de');
  });

  it('keeps only the chosen languages, renumbered 0..n-1', () => {
    const subset = eldSubset(whole, ['sv', 'de']);
    expect(subset.languages).toEqual({ 0: 'de', 1: 'sv' });
    const ids = new Set(Object.values(subset.ngrams).flatMap((scores) => Object.keys(scores)));
    expect([...ids].sort()).toEqual(['0', '1']);
    expect(Object.keys(subset.ngrams).length).toBeLessThan(Object.keys(whole.ngrams).length / 4);
    expect(subset.notice).toMatch(/Nito T\.M\..*Apache License 2\.0/);
    expect(() => eldSubset(whole, ['de', 'xx'])).toThrow(/has no xx/);
  });
});
