/**
 * Language of a short question among ja, zh-TW, de, sv, en.
 * - Any kana → ja.
 * - Han only → ja or zh: Simplified-only characters or Chinese function words → zh; characters that
 *   Japanese writes differently from Traditional Chinese (検, 録, 削…) → ja; otherwise the locale hint,
 *   else zh-TW.
 * - Latin → eld's n-gram scores for de/sv/en plus diacritics and stopword evidence; the hint breaks ties.
 *
 * Memory: eld runs on the de/en/sv subset of its 'extrasmall' database (~1.5 MB of heap instead of ~28 MB
 * for all 60 languages, same scores; see latin-lang-model.ts), and the character-form converters are
 * built from opencc-js's dictionaries without its full phrase tries (see text/chinese-script.ts).
 * Check language accuracy after a change with `npx tsx scripts/eval-lang.ts --kb test/eval/*.jsonl`.
 */
import { langFromLocale, type Lang } from '../../../core/lang.js';
export { langFromLocale } from '../../../core/lang.js';
import { HAN, KANA } from './text/normalize.js';
import {
  japaneseToTraditional as jpToT,
  simplifiedToTraditional as cnToTw,
  traditionalToJapanese as tToJp,
} from './text/chinese-script.js';
import { latinLangModel } from './latin-lang-model.js';

const ZH_FUNCTION_CHARS = /[的嗎吗呢麼么們们這这個个沒没什為为哪誰谁您妳裡里]/u;
const SV_WORDS = new Set(
  'och att är jag hur varför vad inte det som för med till kan en ett min mitt mina har finns tar bort får går efter när från'.split(
    ' ',
  ),
);
const DE_WORDS = new Set(
  'und ist ich wie warum was nicht der die das ein eine mit zu für kann wird werden mein meine bei nach von auf sich gibt es auch'.split(
    ' ',
  ),
);
const EN_WORDS = new Set(
  'and is i how why what not the a an with to for can will my of in on does do it this that from after when'.split(' '),
);

export interface DetectedLang {
  lang: Lang;
  /** True when the text is Chinese written with Simplified characters (normalize before matching). */
  simplified: boolean;
}

/** Han bigrams seen only in Japanese vs only in Chinese documents (built from the knowledge base). */
export interface HanLexicon {
  jaOnly: Set<string>;
  zhOnly: Set<string>;
}

function lexiconVote(text: string, lexicon: HanLexicon | undefined): number {
  if (!lexicon) return 0;
  const chars = [...text];
  let vote = 0;
  for (let i = 0; i + 1 < chars.length; i++) {
    const bigram = chars[i]! + chars[i + 1]!;
    if (lexicon.jaOnly.has(bigram)) vote += 1;
    if (lexicon.zhOnly.has(bigram)) vote -= 1;
  }
  return vote;
}

function detectHan(text: string, hint: Lang | undefined, lexicon: HanLexicon | undefined): DetectedLang {
  const han = [...text].filter((c) => HAN.test(c));
  const simplified = han.some((c) => cnToTw(c) !== c);
  if (simplified || ZH_FUNCTION_CHARS.test(text)) return { lang: 'zh-TW', simplified };
  const japaneseForms = han.filter((c) => jpToT(c) !== c).length;
  const traditionalForms = han.filter((c) => tToJp(c) !== c && jpToT(c) === c).length;
  const vote = japaneseForms - traditionalForms + lexiconVote(text, lexicon);
  if (vote > 0) return { lang: 'ja', simplified: false };
  if (vote < 0) return { lang: 'zh-TW', simplified: false };
  if (japaneseForms > traditionalForms) return { lang: 'ja', simplified: false };
  if (traditionalForms > japaneseForms) return { lang: 'zh-TW', simplified: false };
  return { lang: hint === 'ja' ? 'ja' : 'zh-TW', simplified: false };
}

function detectLatin(text: string, hint: Lang | undefined): Lang {
  const lower = text.toLowerCase();
  const words = lower.match(/\p{L}+/gu) ?? [];
  if (words.length === 0) return hint ?? 'en';
  const scores: Record<'de' | 'sv' | 'en', number> = { de: 0, sv: 0, en: 0 };
  const eldScores = latinLangModel.detect(text).getScores();
  for (const l of ['de', 'sv', 'en'] as const) scores[l] += (eldScores[l] ?? 0) * 2;
  if (/[å]/.test(lower)) scores.sv += 1.5;
  if (/[üß]/.test(lower)) scores.de += 1.5;
  for (const w of words) {
    if (SV_WORDS.has(w)) scores.sv += 0.6;
    if (DE_WORDS.has(w)) scores.de += 0.6;
    if (EN_WORDS.has(w)) scores.en += 0.6;
  }
  if (hint === 'de' || hint === 'sv' || hint === 'en') scores[hint] += 0.3;
  const ranked = (Object.entries(scores) as ['de' | 'sv' | 'en', number][]).sort((a, b) => b[1] - a[1]);
  return ranked[0]![1] > 0 ? ranked[0]![0] : (hint ?? 'en');
}

export function detectLanguage(text: string, localeHint?: string, lexicon?: HanLexicon): DetectedLang {
  const hint = langFromLocale(localeHint);
  if (KANA.test(text)) return { lang: 'ja', simplified: false };
  if (HAN.test(text)) return detectHan(text, hint, lexicon);
  if (/\p{L}/u.test(text)) return { lang: detectLatin(text, hint), simplified: false };
  return { lang: hint ?? 'en', simplified: false };
}
