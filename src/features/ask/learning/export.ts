/**
 * `npm run kb -- export`: writes accepted phrasings into knowledge/alternates/<lang>.yaml for review in a
 * pull request. The files are edited as text, not re-serialized, so comments, order and layout stay as
 * curated: a phrasing goes after the last item of its topic's list (a topic not in the file gets a new
 * list at the end). Phrasings the file already has, under any topic, and evaluation questions (which
 * must never become training phrasings) are skipped and reported.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load as parseYaml } from 'js-yaml';
import { isLang } from '../../../core/lang.js';
import type { AcceptedPhrasing } from './store.js';

export interface PhrasingAddition {
  topic: string;
  phrasing: string;
}

export type SkipReason =
  'already-listed' | 'listed-under-another-topic' | 'evaluation-question' | 'unknown-topic' | 'unknown-language';

export interface ExportReport {
  written: (PhrasingAddition & { lang: string })[];
  skipped: (PhrasingAddition & { lang: string; reason: SkipReason })[];
}

export interface ExportOptions {
  knowledgeDir: string;
  /** Topic ids of knowledge/topics.tsv. */
  topics: ReadonlySet<string>;
  /** Questions that must not become phrasings (the evaluation sets). */
  excludedQuestions?: Iterable<string>;
}

/** The comparison the curated-data tests use: case, width and spacing do not make a phrasing new. */
export function samePhrasingKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** A YAML scalar that reads back as `text`: plain when that is safe, else double-quoted (JSON syntax is valid YAML). */
export function yamlScalar(text: string): string {
  try {
    const plain = parseYaml(`- ${text}`) as unknown;
    if (Array.isArray(plain) && plain.length === 1 && plain[0] === text && !text.includes('\n')) return text;
  } catch {
    // not plain-safe
  }
  return JSON.stringify(text);
}

const TOP_LEVEL = /^\S/;
const COMMENT = /^#/;
const LIST_ITEM = /^(\s+)-\s/;

/** Adds phrasings under their topics in the text of one alternates file, keeping everything else as it is. */
export function addPhrasingsToYaml(text: string, additions: readonly PhrasingAddition[]): string {
  const lines = text.replace(/\n$/, '').split('\n');
  for (const { topic, phrasing } of additions) {
    const item = (indent: string) => `${indent}- ${yamlScalar(phrasing)}`;
    const key = lines.findIndex((line) =>
      new RegExp(`^${escapeRegExp(topic)}:\\s*(\\[\\]|null|~)?\\s*(#.*)?$`).test(line),
    );
    if (key < 0 && lines.some((line) => line.startsWith(`${topic}:`)))
      throw new Error(`${topic}: not a block list; edit this topic by hand`);
    if (key < 0) {
      lines.push('', `${topic}:`, item('  '));
      continue;
    }
    lines[key] = `${topic}:`;
    let last = key;
    let indent = '  ';
    for (let i = key + 1; i < lines.length; i++) {
      const line = lines[i]!;
      if (TOP_LEVEL.test(line) && !COMMENT.test(line)) break;
      const match = LIST_ITEM.exec(line);
      if (match) {
        last = i;
        indent = match[1]!;
      }
    }
    lines.splice(last + 1, 0, item(indent));
  }
  return `${lines.join('\n')}\n`;
}

/** Writes accepted phrasings into `<knowledgeDir>/alternates/<lang>.yaml`; running it twice adds nothing twice. */
export function exportAcceptedPhrasings(phrasings: readonly AcceptedPhrasing[], options: ExportOptions): ExportReport {
  const report: ExportReport = { written: [], skipped: [] };
  const writes: [string, string][] = [];
  const excluded = new Set([...(options.excludedQuestions ?? [])].map(samePhrasingKey));
  const byLang = new Map<string, AcceptedPhrasing[]>();
  for (const p of phrasings) byLang.set(p.lang, [...(byLang.get(p.lang) ?? []), p]);
  for (const [lang, list] of byLang) {
    const path = join(options.knowledgeDir, 'alternates', `${lang}.yaml`);
    const skip = (p: AcceptedPhrasing, reason: SkipReason) =>
      report.skipped.push({ lang, topic: p.topic, phrasing: p.question, reason });
    if (!isLang(lang)) {
      list.forEach((p) => skip(p, 'unknown-language'));
      continue;
    }
    const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
    const owner = new Map<string, string>();
    const current = (parseYaml(text) ?? {}) as Record<string, string[] | null>;
    for (const [topic, items] of Object.entries(current))
      for (const item of items ?? []) owner.set(samePhrasingKey(String(item)), topic);
    const additions: PhrasingAddition[] = [];
    for (const p of list) {
      const key = samePhrasingKey(p.question);
      const listedUnder = owner.get(key);
      if (!options.topics.has(p.topic)) skip(p, 'unknown-topic');
      else if (listedUnder !== undefined)
        skip(p, listedUnder === p.topic ? 'already-listed' : 'listed-under-another-topic');
      else if (excluded.has(key)) skip(p, 'evaluation-question');
      else {
        owner.set(key, p.topic);
        additions.push({ topic: p.topic, phrasing: p.question });
      }
    }
    if (additions.length === 0) continue;
    writes.push([path, addPhrasingsToYaml(text, additions)]);
    report.written.push(...additions.map((a) => ({ ...a, lang })));
  }
  // Every file is worked out before any is written: a file that cannot be edited changes nothing.
  for (const [path, text] of writes) writeFileSync(path, text);
  return report;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
