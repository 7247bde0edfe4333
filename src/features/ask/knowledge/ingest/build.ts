/** Builds the knowledge base entries from the manifest: parse each source, map to topics, merge versions. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KnowledgeData, SourceSpec } from '../manifest.js';
import type { KbEntry } from '../types.js';
import { parseDocfxMarkdown } from './docfx-markdown.js';
import { stripArtifacts, stripLinks, toPlainText, toSafeMarkdown } from './markup.js';
import type { ParseOptions, RawEntry } from './raw-entry.js';
import { parseRenderedText } from './rendered-text.js';

export interface BuiltKnowledgeBase {
  entries: KbEntry[];
  warnings: string[];
}

/** One source document → raw entries (answers still with links and artifacts). */
export function parseSource(spec: SourceSpec, text: string, data: KnowledgeData): RawEntry[] {
  const map = data.topicMap;
  const options: ParseOptions = {
    headings: { ...(map.headings[spec.lang] ?? {}), ...(map.headings[spec.file] ?? {}) },
    anchors: map.anchors,
    sectionHeadings: [...(map.sectionHeadings[spec.lang] ?? []), ...(map.sectionHeadings[spec.file] ?? [])],
    splits: [...(map.splits[spec.lang] ?? []), ...(map.splits[spec.file] ?? [])],
  };
  return spec.format === 'docfx-markdown' ? parseDocfxMarkdown(text, options) : parseRenderedText(text, options);
}

const entryKey = (topic: string, lang: string, edition: string): string => `${topic}\u0000${lang}\u0000${edition}`;

/**
 * Our translations (`translatedFrom` in sources.yaml) name, per entry, the first listed language whose
 * source document has the same topic in the same edition: that is the text it was translated from.
 */
function attributeTranslations(entries: KbEntry[], data: KnowledgeData, warnings: string[]): void {
  const specs = new Map(data.manifest.sources.map((s) => [s.file, s]));
  const originals = new Set(
    entries.filter((e) => !specs.get(e.source)?.translatedFrom).map((e) => entryKey(e.topic, e.lang, e.edition)),
  );
  for (const entry of entries) {
    const from = specs.get(entry.source)?.translatedFrom;
    if (!from) continue;
    entry.translatedFrom = from.find((lang) => originals.has(entryKey(entry.topic, lang, entry.edition)));
    if (!entry.translatedFrom)
      warnings.push(
        `sources/${entry.source}: ${entry.topic} has no ${entry.edition} source in ${from.join('/')} to be translated from`,
      );
  }
}

/**
 * Parses every source of the manifest. Versions of the same language and edition are merged per topic,
 * the newest document (docDate) winning; topics only the older version has are kept.
 */
export function buildEntries(data: KnowledgeData): BuiltKnowledgeBase {
  const warnings = [...data.warnings];
  const byKey = new Map<string, KbEntry>();
  for (const spec of data.manifest.sources) {
    let text: string;
    try {
      text = readFileSync(join(data.dir, 'sources', spec.file), 'utf8');
    } catch (error) {
      warnings.push(`sources/${spec.file}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      continue;
    }
    const raw = parseSource(spec, text, data);
    if (raw.length === 0) warnings.push(`sources/${spec.file}: no entries found (check format and topic-map)`);
    for (const r of raw) {
      if (r.topic === null) {
        warnings.push(`sources/${spec.file}: question maps to no topic: "${r.question}"`);
        continue;
      }
      const topic = data.topics.get(r.topic);
      if (!topic) {
        warnings.push(`sources/${spec.file}: topic "${r.topic}" is not in topics.tsv`);
        continue;
      }
      const answer = toSafeMarkdown(stripLinks(stripArtifacts(r.answer)));
      if (answer === '') warnings.push(`sources/${spec.file}: empty answer for ${r.topic}`);
      const entry: KbEntry = {
        topic: r.topic,
        lang: spec.lang,
        question: toPlainText(r.question),
        answer,
        section: topic.section,
        source: spec.file,
        edition: spec.edition,
        docDate: spec.docDate,
      };
      const key = entryKey(entry.topic, entry.lang, entry.edition);
      const existing = byKey.get(key);
      if (existing && existing.source !== entry.source) {
        if (existing.docDate >= entry.docDate) continue;
      } else if (existing) {
        warnings.push(`sources/${spec.file}: topic ${entry.topic} appears twice; keeping the first`);
        continue;
      }
      byKey.set(key, entry);
    }
  }
  const entries = [...byKey.values()];
  attributeTranslations(entries, data, warnings);
  const covered = new Set(entries.map((e) => e.topic));
  for (const id of data.topics.keys()) {
    if (!covered.has(id)) warnings.push(`topic ${id} has no entry in any source document`);
  }
  return { entries, warnings };
}
