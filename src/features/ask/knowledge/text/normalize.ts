/** Script-level normalization shared by indexing and querying. */
import { stripControlChars } from '../ingest/markup.js';

export const HAN = /\p{Script=Han}/u;
export const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
export const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆]+/gu;

/**
 * NFKC (full-width → ASCII, half-width katakana → full-width), lowercase, control/bidi characters
 * removed, katakana prolonged sound marks dropped (コンテナー ~ コンテナ), stretched letters undone (unstretch).
 */
export function normalizeText(text: string): string {
  return unstretch(stripControlChars(text.normalize('NFKC')))
    .toLowerCase()
    .replace(/(?<=\p{Script=Katakana})ー/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A letter typed three or more times in a row, written once: chat stretches words for emphasis (sloooow,
 * langsaaam, 遅いいい), and no word of the five languages needs a letter three times (German Schifffahrt still
 * meets Schiffahrt through typo tolerance).
 */
export function unstretch(text: string): string {
  return text.replace(/(\p{L})\1{2,}/gu, '$1');
}
