/** Script-level normalization shared by indexing and querying. */
import * as OpenCC from 'opencc-js';
import { stripControlChars } from '../ingest/markup.js';

const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });

export const HAN = /\p{Script=Han}/u;
export const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
export const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆]+/gu;

/** Simplified → Traditional Chinese (no-op on Traditional text). Only applied to text judged Chinese. */
export function simplifiedToTraditional(text: string): string {
  return toTraditional(text);
}

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
