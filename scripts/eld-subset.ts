/**
 * `npx tsx scripts/eld-subset.ts [--check]`
 * Writes src/features/ask/knowledge/ngrams/eld-ngrams-de-en-sv.json: the de/en/sv part of eld's 'extrasmall' n-gram
 * database (the one the language detector used before, restricted with setLanguageSubset), from the
 * installed eld package, plus a copy of eld's licence next to it. Nothing is downloaded.
 * Detection scores are the same as with the whole database (test/unit/knowledge/eld-subset.test.ts),
 * at ~1/10 of its heap. Rerun after upgrading eld; --check exits 1 when the files are out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { eldFileUrl, type EldNgramsData } from '../src/features/ask/knowledge/eld-internals.js';
import { ELD_SUBSET_LANGUAGES, eldSubset, formatEldSubset } from './lib/eld-subset.js';
const dataDir = new URL('../src/features/ask/knowledge/ngrams/', import.meta.url);
const outputs = new Map<string, string>();

const { ngramsData } = (await import(eldFileUrl('src/ngrams/extrasmall.js'))) as { ngramsData: EldNgramsData };
outputs.set('eld-ngrams-de-en-sv.json', formatEldSubset(eldSubset(ngramsData, ELD_SUBSET_LANGUAGES)));
outputs.set('eld-LICENSE.txt', readFileSync(fileURLToPath(eldFileUrl('LICENSE')), 'utf8'));

let stale = 0;
for (const [name, content] of outputs) {
  const path = fileURLToPath(new URL(name, dataDir));
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (current !== content) {
      process.stderr.write(`${path} is out of date: run npx tsx scripts/eld-subset.ts\n`);
      stale++;
    }
  } else {
    writeFileSync(path, content);
    process.stdout.write(`wrote ${path} (${(content.length / 1024).toFixed(0)} KB)\n`);
  }
}
process.exitCode = stale > 0 ? 1 : 0;
