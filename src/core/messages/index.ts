/** The core's message catalog: its help title, its error replies, and each language's own name. */
import { defineMessages } from '../catalog.js';
import type { Lang } from '../lang.js';
import { de } from './de.js';
import { en } from './en.js';
import { ja } from './ja.js';
import { sv } from './sv.js';
import { zhTW } from './zh-TW.js';

export const coreMessages = defineMessages({ en, ja, 'zh-TW': zhTW, de, sv });
export const { t } = coreMessages;
export type CoreMessageKey = keyof typeof en;

/** A language's name as its speakers write it ("Deutsch", "日本語"), for badges such as "shown in {lang}". */
export function languageName(lang: Lang): string {
  return t(lang, 'langName');
}
