/**
 * The message catalog: every user-facing string of a feature lives in plain per-language tables (a `messages/`
 * folder with en.ts, ja.ts, zh-TW.ts, de.ts, sv.ts) and is read through the feature's `t(lang, key, params)`.
 * English defines the keys; `Translation<typeof en>` makes a missing or extra key in another language a compile
 * error, and test/unit/i18n/catalog.test.ts checks keys, placeholders and empty strings at run time.
 */
import type { Lang } from './lang.js';

export type MessageParams = Readonly<Record<string, string | number>>;

/** Another language's table for the English table `En`: exactly its keys, each a string. */
export type Translation<En> = { readonly [K in keyof En]: string };

/** A feature's tables, one per supported language. */
export type MessageTables<En> = { readonly en: En } & { readonly [L in Exclude<Lang, 'en'>]: Translation<En> };

export interface Messages<Key extends string> {
  readonly tables: Readonly<Record<Lang, Readonly<Record<Key, string>>>>;
  /** The message `key` in `lang` with its `{name}` placeholders filled. */
  t(lang: Lang, key: Key, params?: MessageParams): string;
  /** Whether `key` is one of this feature's keys (for keys built at run time, e.g. `action.${name}`). */
  has(key: string): key is Key;
}

export function defineMessages<En extends Record<string, string>>(
  tables: MessageTables<En>,
): Messages<keyof En & string> {
  type Key = keyof En & string;
  const all = tables as unknown as Record<Lang, Record<Key, string>>;
  return {
    tables: all,
    // An unknown language at run time (a stored value from an older version) falls back to English.
    t: (lang, key, params = {}) => format(all[lang]?.[key] ?? all.en[key], params),
    has: (key): key is Key => Object.hasOwn(tables.en, key),
  };
}

/** Fills `{name}` placeholders; an unknown name stays as written. The one formatter of every message table. */
export function format(template: string, params: MessageParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}
