/**
 * Our English translation (knowledge/sources/en-translation-*.md): every topic has an English answer, it says
 * which FAQ it was translated from, and its commands, code blocks and links are exactly the source's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildEntries, parseSource } from '../../../src/features/ask/knowledge/ingest/build.js';
import { loadKnowledgeData } from '../../../src/features/ask/knowledge/manifest.js';
import { DEFAULT_KNOWLEDGE_DIR, loadFaqMatcher } from '../../../src/features/ask/knowledge/index.js';
import type { KbEntry } from '../../../src/features/ask/knowledge/types.js';

const data = loadKnowledgeData(DEFAULT_KNOWLEDGE_DIR);
const { entries } = buildEntries(data);
const english = new Map(entries.filter((e) => e.lang === 'en').map((e) => [e.topic, e]));
const originals = entries.filter((e) => !e.translatedFrom);

const codeBlocks = (markdown: string): string[] =>
  [...markdown.matchAll(/```[^\n]*\n([\s\S]*?)\n```/g)].map((m) => m[1]!);
const inlineCode = (markdown: string): string[] =>
  [...markdown.replace(/```[\s\S]*?```/g, '').matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!.trim()).sort();
const linkTargets = (markdown: string): string[] =>
  [...new Set([...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!))].sort();

/** The raw (links kept) answer of `entry` in its own source document. */
function rawAnswer(entry: KbEntry): string {
  const spec = data.manifest.sources.find((s) => s.file === entry.source)!;
  const raw = parseSource(spec, readFileSync(join(data.dir, 'sources', spec.file), 'utf8'), data);
  return raw.find((r) => r.topic === entry.topic)!.answer;
}

function sourceOf(entry: KbEntry): KbEntry {
  const source = originals.find(
    (o) => o.topic === entry.topic && o.lang === entry.translatedFrom && o.edition === entry.edition,
  );
  if (!source) throw new Error(`${entry.topic}: no ${entry.translatedFrom} ${entry.edition} source`);
  return source;
}

describe('English answers (our translation)', () => {
  it('exist for every topic and name the FAQ they were translated from', () => {
    expect([...data.topics.keys()].filter((t) => !english.get(t)?.translatedFrom)).toEqual([]);
    expect(english.size).toBe(data.topics.size);
  });

  it('follow the Azure edition unless the topic only exists in the Stack Hub edition', () => {
    for (const [topic, entry] of english) {
      const azureExists = originals.some((o) => o.topic === topic && o.edition === 'azure');
      expect(`${topic}: ${entry.edition}`).toBe(`${topic}: ${azureExists ? 'azure' : 'azure-stack-hub'}`);
    }
  });

  it.each([...data.topics.keys()])('%s keeps the code blocks, inline code and links of its source exactly', (topic) => {
    const entry = english.get(topic)!;
    const source = sourceOf(entry);
    expect(codeBlocks(entry.answer)).toEqual(codeBlocks(source.answer));
    expect(inlineCode(entry.answer)).toEqual(inlineCode(source.answer));
    expect(linkTargets(rawAnswer(entry))).toEqual(linkTargets(rawAnswer(source)));
    expect(entry.answer.trim().length).toBeGreaterThan(20);
  });

  it('is what an English asker gets, with the official English page linked', () => {
    const { matcher } = loadFaqMatcher();
    const result = matcher.match('How do I delete untagged manifests?');
    expect(result).toMatchObject({ topic: 'delete-untagged-manifests', lang: 'en', answerLang: 'en', fallback: false });
    expect(result.entry!.translatedFrom).toBe('ja');
    expect(result.docsUrl).toBe('https://learn.microsoft.com/en-us/azure/container-registry/container-registry-faq');
    // The fallback order is unchanged: a Swedish asker of a topic the Swedish FAQ lacks gets the first listed language.
    const sv = matcher.answerFor('firewall-rules-delay', 'sv')!;
    expect(sv).toMatchObject({ answerLang: data.manifest.fallbackOrder[0], fallback: true });
  });
});
