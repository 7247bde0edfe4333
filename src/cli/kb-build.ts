/** npm run kb:build: validates knowledge/, prints the topic × language coverage table and the warnings. */
import { loadFaqMatcher, KnowledgeDataError } from '../features/ask/knowledge/index.js';
import { SUPPORTED_LANGS } from '../core/lang.js';

function main(): number {
  let loaded;
  try {
    loaded = loadFaqMatcher();
  } catch (error) {
    if (error instanceof KnowledgeDataError) {
      process.stderr.write(`kb:build: invalid knowledge data: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const { data, entries, warnings, buildTimeInMs, matcher } = loaded;
  const width = Math.max(...[...data.topics.keys()].map((t) => t.length));
  const cell = (s: string): string => s.padEnd(7);
  const out: string[] = [];
  out.push(
    'Topic × language coverage (D = document entry, S = Stack Hub edition, a<N> = alternate phrasings only, - = none)',
  );
  out.push(`${'topic'.padEnd(width)}  ${SUPPORTED_LANGS.map(cell).join('')}`);
  for (const topic of data.topics.keys()) {
    const cells = SUPPORTED_LANGS.map((lang) => {
      const entry = entries.find((e) => e.topic === topic && e.lang === lang);
      const alts = data.alternates.get(topic)?.get(lang)?.length ?? 0;
      const doc = entry ? (entry.edition === 'azure-stack-hub' ? 'S' : 'D') : '';
      return cell(doc ? `${doc}+${alts}` : alts > 0 ? `a${alts}` : '-');
    });
    out.push(`${topic.padEnd(width)}  ${cells.join('')}`);
  }
  const perLang = SUPPORTED_LANGS.map((l) => `${l}: ${entries.filter((e) => e.lang === l).length}`).join(', ');
  out.push(
    '',
    `entries: ${entries.length} (${perLang}); topics: ${data.topics.size}; phrasing units: ${matcher.index.unitCount}; synonym groups: ${data.synonyms.length}`,
  );
  out.push(`index built in ${buildTimeInMs.toFixed(0)} ms`);
  out.push('', warnings.length === 0 ? 'no warnings' : `warnings (${warnings.length}):`);
  for (const w of warnings) out.push(`  - ${w}`);
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}

process.exitCode = main();
