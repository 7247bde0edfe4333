/**
 * The message catalog's tables (src/core/catalog.ts): every feature's tables have every English key in all five
 * languages, no extra keys, the same {placeholders} as English and no empty text. The compiler already refuses a
 * missing key where the table is typed; this checks what reaches run time, and a deliberately broken table
 * proves the check fails.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defineMessages, format, type Messages } from '../../../src/core/catalog.js';
import { SUPPORTED_LANGS, type Lang } from '../../../src/core/lang.js';
import { coreMessages } from '../../../src/core/messages/index.js';
import { actMessages } from '../../../src/features/act/messages/index.js';
import { alertMessages } from '../../../src/features/alerts/messages/index.js';
import { askMessages } from '../../../src/features/ask/messages/index.js';

/** Every catalog, by the file that defines it (a new catalog must be added here: see the discovery test). */
const CATALOGS: Record<string, Messages<string>> = {
  'src/core/messages/index.ts': coreMessages,
  'src/features/act/messages/index.ts': actMessages,
  'src/features/alerts/messages/index.ts': alertMessages,
  'src/features/ask/messages/index.ts': askMessages,
};

const repoRoot = join(import.meta.dirname, '../../..');

function placeholders(text: string): string {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort().join(',');
}

/** What is wrong with a feature's tables, one line per problem; empty when they are complete. */
function tableProblems(tables: Readonly<Record<string, Readonly<Record<string, unknown>>>>): string[] {
  const problems: string[] = [];
  const english = tables.en ?? {};
  for (const lang of SUPPORTED_LANGS) {
    const table = tables[lang];
    if (!table) {
      problems.push(`${lang}: no table`);
      continue;
    }
    for (const key of Object.keys(english)) if (!Object.hasOwn(table, key)) problems.push(`${lang}: missing ${key}`);
    for (const [key, text] of Object.entries(table)) {
      if (!Object.hasOwn(english, key)) problems.push(`${lang}: extra ${key}`);
      else if (typeof text !== 'string' || text.trim() === '') problems.push(`${lang}: empty ${key}`);
      else if (placeholders(text) !== placeholders(english[key] as string))
        problems.push(
          `${lang}: ${key} has {${placeholders(text)}}, English has {${placeholders(english[key] as string)}}`,
        );
    }
  }
  return problems;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('message catalog', () => {
  test.each(Object.entries(CATALOGS))(
    '%s: every key in all five languages, same placeholders, no empty text',
    (_, m) => {
      expect(Object.keys(m.tables).sort()).toEqual([...SUPPORTED_LANGS].sort());
      expect(tableProblems(m.tables)).toEqual([]);
    },
  );

  test('the check fails on a broken table: a key missing, an extra key, a placeholder lost, an empty text', () => {
    const en = { greet: 'Hello {name}', bye: 'Bye', count: '{n} items' };
    const good = { greet: 'Hallo {name}', bye: 'Tschüss', count: '{n} Elemente' };
    const tables: Record<Lang, Record<string, string>> = {
      en,
      ja: { ...good },
      'zh-TW': { ...good },
      de: good,
      sv: good,
    };
    expect(tableProblems(tables)).toEqual([]);

    const { bye: _bye, ...withoutBye } = good;
    expect(tableProblems({ ...tables, ja: withoutBye })).toEqual(['ja: missing bye']);
    expect(tableProblems({ ...tables, sv: { ...good, hello: 'Hej' } })).toEqual(['sv: extra hello']);
    expect(tableProblems({ ...tables, de: { ...good, greet: 'Hallo {nam}' } })).toEqual([
      'de: greet has {nam}, English has {name}',
    ]);
    expect(tableProblems({ ...tables, 'zh-TW': { ...good, bye: ' ' } })).toEqual(['zh-TW: empty bye']);
    const { sv: _sv, ...withoutSwedish } = tables;
    expect(tableProblems(withoutSwedish)).toEqual(['sv: no table']);
  });

  test('every catalog in the code is checked here', () => {
    const defining = [...sourceFiles(join(repoRoot, 'src')), ...sourceFiles(join(repoRoot, 'dialogs'))]
      .filter((file) => /\bdefineMessages\(/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(repoRoot, file))
      .filter((file) => file !== join('src', 'core', 'catalog.ts'));
    expect(defining.sort()).toEqual(Object.keys(CATALOGS).sort());
  });

  test('t fills placeholders in the asked language, leaves unknown ones visible and falls back to English', () => {
    const en = { greet: 'Hello {name}, {who}?' };
    const { t, has } = defineMessages({
      en,
      ja: { greet: '{name} さん、{who}?' },
      'zh-TW': { greet: '{name}，{who}？' },
      de: { greet: 'Hallo {name}, {who}?' },
      sv: { greet: 'Hej {name}, {who}?' },
    });
    expect(t('de', 'greet', { name: 'Ada' })).toBe('Hallo Ada, {who}?');
    expect(t('ja', 'greet', { name: 'Ada', who: 1 })).toBe('Ada さん、1?');
    expect(t('fr' as Lang, 'greet', { name: 'Ada', who: 'you' })).toBe('Hello Ada, you?');
    expect(has('greet')).toBe(true);
    expect(has('toString')).toBe(false);
    expect(format('{a}{a} {__proto__}', { a: 'x' })).toBe('xx {__proto__}');
  });
});
