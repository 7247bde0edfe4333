/** Script-level normalization shared by indexing and querying. */
import { stripControlChars } from '../ingest/markup.js';

export const HAN = /\p{Script=Han}/u;
export const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
export const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆]+/gu;

/**
 * NFKC (full-width → ASCII, half-width katakana → full-width), lowercase, control/bidi characters
 * removed, katakana prolonged sound marks dropped (コンテナー ~ コンテナ).
 */
export function normalizeText(text: string): string {
  return stripControlChars(text.normalize('NFKC'))
    .toLowerCase()
    .replace(/(?<=\p{Script=Katakana})ー/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}
