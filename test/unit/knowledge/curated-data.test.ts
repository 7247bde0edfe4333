// Validates the curated knowledge data (alternate phrasings, synonyms) and the evaluation sets:
// everything refers to real topic ids, every topic is reachable in every language, synonym groups
// do not overlap, and no evaluation question leaked into the training phrasings.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const repoRoot = join(import.meta.dirname, '../../..');
const LANGS = ['ja', 'zh-TW', 'de', 'sv', 'en'] as const;
const KINDS = ['paraphrase', 'colloquial', 'typo', 'error', 'mixed', 'cross-lingual', 'out-of-scope'] as const;
const MIN_PHRASINGS_PER_TOPIC = 5;

// knowledge/topics.tsv is the project's copy; before it lands on this branch, read the shared original.
function topicsPath(): string {
  const candidates = [
    join(repoRoot, 'knowledge', 'topics.tsv'),
    join(repoRoot, '..', '..', 'shared', 'knowledge', 'topics.tsv'),
  ];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`topics.tsv not found in: ${candidates.join(', ')}`);
  return found;
}

function loadTopicIds(): string[] {
  const lines = readFileSync(topicsPath(), 'utf8').split('\n').slice(1); // first line is the header
  return lines.filter((line) => line.trim() !== '').map((line) => line.split('\t')[0].trim());
}

/** Case- and whitespace-insensitive form used to compare phrasings and terms. */
function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

interface EvalLine {
  q: string;
  lang: string;
  expect: string[];
  kind?: string;
}

function readJsonLines(relativePath: string): EvalLine[] {
  const text = readFileSync(join(repoRoot, relativePath), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      try {
        return JSON.parse(line) as EvalLine;
      } catch {
        throw new Error(`${relativePath}:${index + 1} is not valid JSON`);
      }
    });
}

function loadAlternates(lang: string): Record<string, unknown> {
  return parse(readFileSync(join(repoRoot, 'knowledge', 'alternates', `${lang}.yaml`), 'utf8')) as Record<
    string,
    unknown
  >;
}

const topicIds = loadTopicIds();
const knownTopics = new Set(topicIds);
const alternatesByLang = new Map(LANGS.map((lang) => [lang, loadAlternates(lang)]));
const ownEval = readJsonLines('test/eval/faq-own.jsonl');
const devEval = readJsonLines('test/eval/faq-dev.jsonl');
const extraEval = readJsonLines('test/eval/faq-extra.jsonl');
const freshEval = readJsonLines('test/eval/faq-fresh.jsonl');
const neighboursEval = readJsonLines('test/eval/faq-neighbours-r3.jsonl');
const kindsEval = readJsonLines('test/eval/faq-kinds-r3.jsonl');
const kindsBEval = readJsonLines('test/eval/faq-kinds-r3b.jsonl');
const kinds4aEval = readJsonLines('test/eval/faq-kinds-r4a.jsonl');
const kinds4bEval = readJsonLines('test/eval/faq-kinds-r4b.jsonl');
const kinds4cEval = readJsonLines('test/eval/faq-kinds-r4c.jsonl');
const kinds4dEval = readJsonLines('test/eval/faq-kinds-r4d.jsonl');
const kinds4eEval = readJsonLines('test/eval/faq-kinds-r4e.jsonl');
const kinds5Evals = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((k): [string, EvalLine[]] => [
  `test/eval/faq-kinds-r5${k}.jsonl`,
  readJsonLines(`test/eval/faq-kinds-r5${k}.jsonl`),
]);
// Round 6: r6a–h, then r7a–d, r8a–d, r9a–d and r10a–d, written while it went on.
const kinds6Evals = [
  ...['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((k) => `r6${k}`),
  ...['a', 'b', 'c', 'd'].flatMap((k) => [`r7${k}`, `r8${k}`, `r9${k}`, `r10${k}`]),
].map((set): [string, EvalLine[]] => [
  `test/eval/faq-kinds-${set}.jsonl`,
  readJsonLines(`test/eval/faq-kinds-${set}.jsonl`),
]);

describe('topics', () => {
  it('has unique, non-empty topic ids', () => {
    expect(topicIds.length).toBeGreaterThan(0);
    expect(topicIds.filter((id) => !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id))).toEqual([]);
    expect(new Set(topicIds).size).toBe(topicIds.length);
  });
});

describe.each(LANGS)('alternates/%s.yaml', (lang) => {
  const alternates = alternatesByLang.get(lang)!;

  it('is a map of known topic ids to lists of non-empty strings', () => {
    expect(alternates).toBeInstanceOf(Object);
    expect(Object.keys(alternates).filter((topic) => !knownTopics.has(topic))).toEqual([]);
    const malformed = Object.entries(alternates)
      .filter(([, list]) => !Array.isArray(list) || list.some((p) => typeof p !== 'string' || p.trim() === ''))
      .map(([topic]) => topic);
    expect(malformed).toEqual([]);
  });

  it(`gives every topic at least ${MIN_PHRASINGS_PER_TOPIC} distinct phrasings`, () => {
    const thin = topicIds.filter((topic) => {
      const list = (alternates[topic] ?? []) as string[];
      return new Set(list.map(normalize)).size < MIN_PHRASINGS_PER_TOPIC;
    });
    expect(thin).toEqual([]);
  });

  it('never lists the same phrasing under two topics or twice under one', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const [topic, list] of Object.entries(alternates) as [string, string[]][]) {
      for (const phrasing of list) {
        const key = normalize(phrasing);
        const previous = owner.get(key);
        if (previous !== undefined) clashes.push(`${phrasing} (${previous} / ${topic})`);
        owner.set(key, topic);
      }
    }
    expect(clashes).toEqual([]);
  });
});

describe('synonyms.yaml', () => {
  const groups = parse(readFileSync(join(repoRoot, 'knowledge', 'synonyms.yaml'), 'utf8')) as unknown;

  it('is a list of groups of at least two non-empty plain strings', () => {
    expect(Array.isArray(groups)).toBe(true);
    const list = groups as unknown[];
    expect(list.length).toBeGreaterThanOrEqual(80);
    const malformed = list.filter(
      (group) =>
        !Array.isArray(group) || group.length < 2 || group.some((t) => typeof t !== 'string' || t.trim() === ''),
    );
    expect(malformed).toEqual([]);
  });

  it('holds plain terms, not regular expressions', () => {
    const regexLike = /\\|\(\?|\.\*|\.\+|[\^$|]|\[[^\]]*\]/;
    const terms = (groups as string[][]).flat();
    expect(terms.filter((term) => regexLike.test(term))).toEqual([]);
  });

  it('puts each term in exactly one group', () => {
    const seen = new Map<string, number>();
    const duplicates: string[] = [];
    (groups as string[][]).forEach((group, index) => {
      for (const term of group) {
        const key = normalize(term);
        if (seen.has(key)) duplicates.push(`${term} (groups ${seen.get(key)} and ${index})`);
        seen.set(key, index);
      }
    });
    expect(duplicates).toEqual([]);
  });
});

describe.each<[string, EvalLine[]]>([
  ['test/eval/faq-own.jsonl', ownEval],
  ['test/eval/faq-dev.jsonl', devEval],
  ['test/eval/faq-extra.jsonl', extraEval],
  ['test/eval/faq-fresh.jsonl', freshEval],
  ['test/eval/faq-neighbours-r3.jsonl', neighboursEval],
  ['test/eval/faq-kinds-r3.jsonl', kindsEval],
  ['test/eval/faq-kinds-r3b.jsonl', kindsBEval],
  ['test/eval/faq-kinds-r4a.jsonl', kinds4aEval],
  ['test/eval/faq-kinds-r4b.jsonl', kinds4bEval],
  ['test/eval/faq-kinds-r4c.jsonl', kinds4cEval],
  ['test/eval/faq-kinds-r4d.jsonl', kinds4dEval],
  ['test/eval/faq-kinds-r4e.jsonl', kinds4eEval],
  ...kinds5Evals,
  ...kinds6Evals,
])('%s', (_file, lines) => {
  it('has well-formed lines with a known language and known expected topics', () => {
    const bad = lines.filter(
      (line) =>
        typeof line.q !== 'string' ||
        line.q.trim() === '' ||
        !(LANGS as readonly string[]).includes(line.lang) ||
        !Array.isArray(line.expect) ||
        line.expect.length > 2 ||
        new Set(line.expect).size !== line.expect.length ||
        line.expect.some((topic) => !knownTopics.has(topic)),
    );
    expect(bad).toEqual([]);
  });

  it('asks each question once per language', () => {
    // A bare "help" or "ok" is typed by people of every language: one line per language is not a repeat.
    const key = (line: { q: string; lang: string }) => `${line.lang}:${normalize(line.q)}`;
    const counts = new Map<string, number>();
    for (const line of lines) counts.set(key(line), (counts.get(key(line)) ?? 0) + 1);
    expect([...counts].filter(([, count]) => count > 1).map(([q]) => q)).toEqual([]);
  });

  it('copies no question verbatim from the alternate phrasings', () => {
    const phrasings = new Set(
      [...alternatesByLang.values()]
        .flatMap((alternates) => Object.values(alternates).flat() as string[])
        .map(normalize),
    );
    expect(lines.filter((line) => phrasings.has(normalize(line.q))).map((line) => line.q)).toEqual([]);
  });
});

describe('faq-own.jsonl coverage', () => {
  it('labels every line with a known kind, and only out-of-scope lines expect no topic', () => {
    const bad = ownEval.filter(
      (line) =>
        !(KINDS as readonly string[]).includes(line.kind ?? '') ||
        (line.kind === 'out-of-scope') !== (line.expect.length === 0),
    );
    expect(bad).toEqual([]);
  });

  it('covers every topic, every language and every kind', () => {
    const expected = new Set(ownEval.flatMap((line) => line.expect));
    expect(topicIds.filter((topic) => !expected.has(topic))).toEqual([]);
    expect(LANGS.filter((lang) => !ownEval.some((line) => line.lang === lang))).toEqual([]);
    expect(KINDS.filter((kind) => !ownEval.some((line) => line.kind === kind))).toEqual([]);
  });

  it('has at least 220 questions, roughly a fifth of them out of scope', () => {
    expect(ownEval.length).toBeGreaterThanOrEqual(220);
    const outOfScopeShare = ownEval.filter((line) => line.expect.length === 0).length / ownEval.length;
    expect(outOfScopeShare).toBeGreaterThanOrEqual(0.15);
    expect(outOfScopeShare).toBeLessThanOrEqual(0.3);
  });
});

describe.each([
  ['off-topic.yaml', 'the other side of the domain model'],
  ['general-it.yaml', 'the general side of the registry anchors'],
])('%s (%s)', (file) => {
  const offTopic = parse(readFileSync(join(repoRoot, 'knowledge', file), 'utf8')) as Record<string, unknown>;
  const all = Object.values(offTopic).flat() as string[];

  it('has at least 30 non-empty questions in each language and no other keys', () => {
    expect(Object.keys(offTopic).sort()).toEqual([...LANGS].sort());
    for (const lang of LANGS) {
      const list = offTopic[lang] as unknown[];
      expect(list.filter((q) => typeof q === 'string' && q.trim() !== '').length).toBeGreaterThanOrEqual(30);
    }
  });

  it('copies no evaluation question and no FAQ phrasing', () => {
    const evaluation = new Set(
      [
        'faq-own',
        'faq-dev',
        'faq-extra',
        'faq-fresh',
        'faq-heldout-r3',
        'faq-neighbours-r3',
        'faq-kinds-r3',
        'faq-kinds-r3b',
      ]
        .flatMap((name) => readJsonLines(`test/eval/${name}.jsonl`))
        .map((line) => normalize(line.q)),
    );
    const phrasings = new Set(
      [...alternatesByLang.values()]
        .flatMap((alternates) => Object.values(alternates).flat() as string[])
        .map(normalize),
    );
    expect(all.filter((q) => evaluation.has(normalize(q)) || phrasings.has(normalize(q)))).toEqual([]);
  });
});
