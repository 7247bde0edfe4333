/**
 * Chinese and Japanese character-form conversion, built from opencc-js's own dictionaries (one shared
 * instance of each converter for the whole process).
 *
 * opencc-js's ready-made `Converter({ from: 'cn', to: 'tw' })` holds two tries (segmentation and
 * conversion) over all ~49,800 Simplified→Traditional phrases: ~42 MB of heap. Most of those phrases
 * convert exactly as their characters do one by one, so they add nothing over STCharacters. This module
 * keeps only the ~9,800 phrases whose Traditional form differs from the character-by-character conversion
 * (复制 → 複製, not 復制; 分钟 → 分鐘, not 分鍾) in one trie with the characters, then applies the Taiwan
 * variants, as OpenCC's s2tw config does: ~7 MB of heap, including the phrase dictionaries' module text,
 * which stays loaded. On the knowledge base's zh-TW text (questions, answers, alternates) turned into
 * Simplified and back, it differs from the full converter in 1 character of ~14,000: a phrase boundary
 * that only the full segmentation trie sees (keeping every phrase that can shift such a boundary would
 * mean keeping ~98% of them). The jp→t and t→jp converters use opencc-js's jp2t / t2jp dictionaries.
 */
import { ConverterFactory } from 'opencc-js/core';
import cjkCompatibilityIdeographs from 'opencc-js/dict/CJK_Compatibility_Ideographs';
import jpShinjitaiCharacters from 'opencc-js/dict/JPShinjitaiCharacters';
import jpShinjitaiCharactersRev from 'opencc-js/dict/JPShinjitaiCharactersRev';
import jpShinjitaiPhrases from 'opencc-js/dict/JPShinjitaiPhrases';
import stCharacters from 'opencc-js/dict/STCharacters';
import stPhrases from 'opencc-js/dict/STPhrases';
import stPhrasesRegional from 'opencc-js/dict/STPhrases_GeneratedFromRegionalPhrases';
import twVariants from 'opencc-js/dict/TWVariants';
import twVariantsPhrases from 'opencc-js/dict/TWVariantsPhrases';

type Dict = string;

function entries(dict: Dict): [string, string][] {
  return dict.split('|').map((line) => line.split(' ') as [string, string]);
}

/** The phrases of `phraseDicts` that `characters` alone would convert differently (as an opencc dict). */
export function phrasesBeyondCharacters(phraseDicts: Dict[], characters: Dict): Dict {
  const byChar = new Map(entries(characters));
  const kept: string[] = [];
  for (const dict of phraseDicts) {
    for (const [source, target] of entries(dict)) {
      let charByChar = '';
      for (const c of source) charByChar += byChar.get(c) ?? c;
      if (charByChar !== target) kept.push(`${source} ${target}`);
    }
  }
  return kept.join('|');
}

// Every OpenCC config first maps CJK compatibility ideographs to their unified forms.
const unifyCompatibilityIdeographs = ConverterFactory([cjkCompatibilityIdeographs]);

const cnToTw = ConverterFactory(
  // A group is one trie: the first dict wins on equal keys, the longest match wins in the text.
  [phrasesBeyondCharacters([stPhrases, stPhrasesRegional], stCharacters), stCharacters],
  [twVariantsPhrases, twVariants],
);
const jpToT = ConverterFactory([jpShinjitaiPhrases, jpShinjitaiCharacters]);
const tToJp = ConverterFactory([jpShinjitaiCharactersRev]);

/** Simplified → Traditional Chinese as written in Taiwan (no-op on Traditional text). */
export function simplifiedToTraditional(text: string): string {
  return cnToTw(unifyCompatibilityIdeographs(text));
}

/** Japanese shinjitai → OpenCC standard Traditional forms (検 → 檢). */
export function japaneseToTraditional(text: string): string {
  return jpToT(unifyCompatibilityIdeographs(text));
}

/** OpenCC standard Traditional → Japanese shinjitai forms (檢 → 検). */
export function traditionalToJapanese(text: string): string {
  return tToJp(unifyCompatibilityIdeographs(text));
}
