/**
 * The two parts of the `eld` package that its public entry points do not export: the detector factory
 * (`createEld`, which every entry point calls with a built-in database) and the n-gram databases.
 * eld 2.1.0 has no public way to run its detector on another database in Node (`load()` only reads
 * files inside its own ngrams folder), so these are imported by file URL next to the resolved package.
 * Pinned by test/unit/knowledge/eld-subset.test.ts: an eld upgrade that moves them fails that test.
 */

/** eld's n-gram database format (src/ngrams/*.js): n-gram → { language id: score }. */
export interface EldNgramsData {
  type: string;
  languages: Record<string, string>;
  isSubset: boolean;
  ngrams: Record<string, Record<string, number>>;
}

export interface EldDetector {
  detect(text: string): { language: string; getScores(): Record<string, number> };
}

interface EldInternals {
  createEld(): { instance: EldDetector; loadData(data: EldNgramsData): string };
}

/** file: URL of a file inside the installed eld package (`src/languageDetector.js`…). */
export function eldFileUrl(pathInPackage: string): string {
  // import.meta.resolve('eld') is …/node_modules/eld/src/entries/dynamic.js.
  return new URL(`../../${pathInPackage}`, import.meta.resolve('eld')).href;
}

/** eld's own detector, loaded with `data` instead of one of its built-in databases. */
export async function createEldDetector(data: EldNgramsData): Promise<EldDetector> {
  const { createEld } = (await import(eldFileUrl('src/languageDetector.js'))) as EldInternals;
  const { instance, loadData } = createEld();
  if (!loadData(data)) throw new Error('eld rejected the n-gram database');
  return instance;
}
