/**
 * Help keywords and the language they are answered in. The texts themselves live in the message catalogs
 * (core's in src/core/messages/, each feature's in its messages/ folder).
 */
import { langFromLocale, type Lang } from './lang.js';

/** Typed words that open help, per language (lower-case, without a leading slash). */
const HELP_WORDS: Record<string, Lang> = {
  help: 'en',
  '?': 'en',
  hilfe: 'de',
  hjälp: 'sv',
  hjalp: 'sv',
  ヘルプ: 'ja',
  へるぷ: 'ja',
  使い方: 'ja',
  說明: 'zh-TW',
  幫助: 'zh-TW',
  帮助: 'zh-TW',
  说明: 'zh-TW',
};

function keyword(text: string): string {
  return text
    .trim()
    .replace(/^\//, '')
    .replace(/[\s!?！？。.,、，~〜\p{Extended_Pictographic}]+$/u, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** The language of a help keyword when `text` is one, else null. */
export function helpKeywordLang(text: string): Lang | null {
  const word = keyword(text);
  // Own keys only: "__proto__" or "constructor" typed in chat must not reach Object.prototype.
  if (Object.hasOwn(HELP_WORDS, word)) return HELP_WORDS[word];
  return text.trim() === '?' ? 'en' : null;
}

/**
 * Which language answers a keyword. A German, Swedish, Japanese or Chinese keyword is the person's
 * language, whatever the client says. English words are typed by everyone (and Teams sends the
 * untranslated command-menu title "help"), so they follow the client locale when it is supported.
 */
export function keywordReplyLang(keywordLang: Lang, locale: string | undefined): Lang {
  return keywordLang === 'en' ? (langFromLocale(locale) ?? 'en') : keywordLang;
}
