/** The languages the bot speaks (its own strings and the FAQ), owned by the core so every layer shares one type. */
export const SUPPORTED_LANGS = ['ja', 'zh-TW', 'de', 'sv', 'en'] as const;
export type Lang = (typeof SUPPORTED_LANGS)[number];

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (SUPPORTED_LANGS as readonly string[]).includes(value);
}

/** Maps a channel locale ("de-DE", "zh-Hant-TW", "sv") to a supported language, if any. */
export function langFromLocale(locale: string | undefined): Lang | undefined {
  if (!locale) return undefined;
  const l = locale.toLowerCase();
  if (l.startsWith('zh')) return 'zh-TW';
  const base = l.split(/[-_]/)[0];
  return (SUPPORTED_LANGS as readonly string[]).includes(base ?? '') ? (base as Lang) : undefined;
}
