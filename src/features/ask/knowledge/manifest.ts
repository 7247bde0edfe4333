/** Loads and validates the data files of knowledge/ (manifest, topics, topic map, alternates, synonyms). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load as parseYaml } from 'js-yaml';
import { z } from 'zod';
import { SUPPORTED_LANGS, type Lang } from './types.js';

const langSchema = z.enum(SUPPORTED_LANGS);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'docDate must be YYYY-MM-DD');

const manifestSchema = z.object({
  docs: z.object({ azure: z.string().url(), 'azure-stack-hub': z.string().url() }),
  locales: z.record(langSchema, z.string().min(2)),
  fallbackOrder: z.array(langSchema).min(1),
  sources: z
    .array(
      z.object({
        file: z.string().min(1),
        lang: langSchema,
        format: z.enum(['rendered-text', 'docfx-markdown']),
        edition: z.enum(['azure', 'azure-stack-hub']),
        docDate: isoDate,
        /** Set on our own translations: the source languages, in the order they are translated from. */
        translatedFrom: z.array(langSchema).min(1).optional(),
      }),
    )
    .min(1),
});
export type KnowledgeManifest = z.infer<typeof manifestSchema>;
export type SourceSpec = KnowledgeManifest['sources'][number];

const splitSchema = z.object({ startsWith: z.string().min(4), topic: z.string(), question: z.string().min(1) });
const topicMapSchema = z.object({
  anchors: z.record(z.string(), z.string()).default({}),
  headings: z.record(z.string(), z.record(z.string(), z.string())).default({}),
  sectionHeadings: z.record(z.string(), z.array(z.string())).default({}),
  splits: z.record(z.string(), z.array(splitSchema)).default({}),
});
export type TopicMap = z.infer<typeof topicMapSchema>;

export interface Topic {
  id: string;
  section: string;
  gist: string;
}

export interface KnowledgeData {
  dir: string;
  manifest: KnowledgeManifest;
  topics: Map<string, Topic>;
  topicMap: TopicMap;
  /** topic → lang → phrasings. */
  alternates: Map<string, Map<Lang, string[]>>;
  /** Groups of equivalent terms across languages. */
  synonyms: string[][];
  /** Workplace questions about other subjects (off-topic.yaml): the other side of the domain model. */
  offTopic: string[];
  /** General IT questions that share words with the FAQ (general-it.yaml): with offTopic, the general side of the registry anchors. */
  generalIt: string[];
  warnings: string[];
}

export class KnowledgeDataError extends Error {
  override readonly name = 'KnowledgeDataError';
}

function readYaml(path: string): unknown {
  try {
    return parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new KnowledgeDataError(`${path}: ${(error as Error).message}`);
  }
}

function parseWith<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, value: unknown, path: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new KnowledgeDataError(`${path}: ${issues}`);
  }
  return result.data;
}

export function loadTopics(path: string): Map<string, Topic> {
  const topics = new Map<string, Topic>();
  const lines = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  for (const line of lines.slice(1)) {
    const [id, section, gist = ''] = line.split('\t');
    if (!id || !section) throw new KnowledgeDataError(`${path}: malformed line "${line}"`);
    topics.set(id, { id, section, gist });
  }
  return topics;
}

const alternatesSchema = z.record(z.string(), z.array(z.string()).nullable());
const offTopicSchema = z.record(langSchema, z.array(z.string().min(1)));
const synonymsSchema = z.array(z.array(z.union([z.string(), z.number()]).transform(String)).min(2));

/** Reads every data file of `dir` (default layout of knowledge/); missing curated files are warnings. */
export function loadKnowledgeData(dir: string): KnowledgeData {
  const warnings: string[] = [];
  const manifestPath = join(dir, 'sources.yaml');
  const manifest = parseWith(manifestSchema, readYaml(manifestPath), manifestPath);
  const topics = loadTopics(join(dir, 'topics.tsv'));
  const topicMapPath = join(dir, 'topic-map.yaml');
  const topicMap = parseWith(topicMapSchema, readYaml(topicMapPath), topicMapPath);

  const checkTopic = (topic: string, where: string): void => {
    if (!topics.has(topic)) warnings.push(`${where}: unknown topic "${topic}"`);
  };
  for (const [anchor, topic] of Object.entries(topicMap.anchors)) checkTopic(topic, `topic-map anchors.${anchor}`);
  for (const [lang, map] of Object.entries(topicMap.headings)) {
    for (const topic of Object.values(map)) checkTopic(topic, `topic-map headings.${lang}`);
  }

  const alternates = new Map<string, Map<Lang, string[]>>();
  for (const lang of SUPPORTED_LANGS) {
    const path = join(dir, 'alternates', `${lang}.yaml`);
    if (!existsSync(path)) {
      warnings.push(`alternates/${lang}.yaml is missing`);
      continue;
    }
    const data = parseWith(alternatesSchema, readYaml(path) ?? {}, path);
    for (const [topic, phrasings] of Object.entries(data)) {
      checkTopic(topic, `alternates/${lang}.yaml`);
      if (!topics.has(topic)) continue;
      const byLang = alternates.get(topic) ?? new Map<Lang, string[]>();
      byLang.set(lang, (phrasings ?? []).map((p) => p.trim()).filter(Boolean));
      alternates.set(topic, byLang);
    }
  }

  const synonymsPath = join(dir, 'synonyms.yaml');
  let synonyms: string[][] = [];
  if (existsSync(synonymsPath)) synonyms = parseWith(synonymsSchema, readYaml(synonymsPath) ?? [], synonymsPath);
  else warnings.push('synonyms.yaml is missing');

  const offTopicPath = join(dir, 'off-topic.yaml');
  let offTopic: string[] = [];
  if (existsSync(offTopicPath))
    offTopic = Object.values(parseWith(offTopicSchema, readYaml(offTopicPath) ?? {}, offTopicPath)).flat();
  else warnings.push('off-topic.yaml is missing: questions sharing words with the FAQ are answered more often');

  const generalItPath = join(dir, 'general-it.yaml');
  let generalIt: string[] = [];
  if (existsSync(generalItPath))
    generalIt = Object.values(parseWith(offTopicSchema, readYaml(generalItPath) ?? {}, generalItPath)).flat();
  else
    warnings.push(
      'general-it.yaml is missing: general IT questions that share words with the FAQ are answered more often',
    );

  return { dir, manifest, topics, topicMap, alternates, synonyms, offTopic, generalIt, warnings };
}
