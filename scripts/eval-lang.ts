/**
 * `npx tsx scripts/eval-lang.ts FILE.jsonl [FILE.jsonl…]`: language-detection accuracy of the matcher
 * (the `lang` it reports, i.e. detectLanguage with the knowledge base's Han lexicon, no locale hint)
 * against each eval line's `lang` field, per language, with the confusions listed.
 * With --kb, also the knowledge base's own questions (each entry's question against its `lang`).
 * Used to check that a change of the language detector (e.g. its n-gram database) loses nothing.
 */
import { loadFaqMatcher } from '../src/features/ask/knowledge/index.js';
import { readEvalFile } from '../src/features/ask/knowledge/evaluate.js';

const files = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (files.length === 0 && !process.argv.includes('--kb')) {
  process.stderr.write('usage: npx tsx scripts/eval-lang.ts [--kb] FILE.jsonl [FILE.jsonl…]\n');
  process.exit(2);
}
const { matcher, entries } = loadFaqMatcher();
const sets: [string, { q: string; lang?: string }[]][] = files.map((file) => [file, readEvalFile(file)]);
if (process.argv.includes('--kb'))
  sets.push(['knowledge base questions', entries.map((e) => ({ q: e.question, lang: e.lang }))]);
for (const [name, lines] of sets) {
  const byLang = new Map<string, { ok: number; n: number }>();
  const wrong: string[] = [];
  for (const line of lines) {
    if (!line.lang) continue;
    const got = matcher.match(line.q).lang;
    const stat = byLang.get(line.lang) ?? { ok: 0, n: 0 };
    stat.n++;
    if (got === line.lang) stat.ok++;
    else wrong.push(`  ${line.lang} → ${got}: ${JSON.stringify(line.q)}`);
    byLang.set(line.lang, stat);
  }
  const total = [...byLang.values()].reduce((t, s) => ({ ok: t.ok + s.ok, n: t.n + s.n }), { ok: 0, n: 0 });
  const cells = [...byLang.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([lang, s]) => `${lang} ${s.ok}/${s.n}`);
  process.stdout.write(
    `== ${name}\nlanguage detection: ${total.ok}/${total.n} (${((100 * total.ok) / total.n).toFixed(1)}%)  ${cells.join('  ')}\n`,
  );
  if (wrong.length > 0) process.stdout.write(`${wrong.join('\n')}\n`);
}
