/**
 * npm run bench:kb -- [FILE]  (default test/eval/faq-own.jsonl)
 * Same knowledge base, three systems: (a) fuse.js alone, (b) MiniSearch BM25 with its default tokenizer,
 * (c) our matcher. Prints accuracy, p50/p99 latency, index build time and heap, then a scale run on a
 * synthetic 10,000-entry knowledge base. A benchmark, not a test: nothing is asserted.
 */
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import { loadFaqMatcher, KbMatcher } from '../src/features/ask/knowledge/index.js';
import { evaluate, readEvalFile, type EvalLine } from '../src/features/ask/knowledge/evaluate.js';
import type { KbEntry, Lang } from '../src/features/ask/knowledge/types.js';

interface Doc {
  id: number;
  topic: string;
  question: string;
  alternates: string;
  answer: string;
}

interface System {
  name: string;
  buildTimeInMs: number;
  heapInMb: number;
  rank: (q: string) => string[];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function heapUsedInMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

function measureBuild<T>(build: () => T): { value: T; buildTimeInMs: number; heapInMb: number } {
  const before = heapUsedInMb();
  const started = performance.now();
  const value = build();
  const buildTimeInMs = performance.now() - started;
  return { value, buildTimeInMs, heapInMb: Math.max(0, heapUsedInMb() - before) };
}

function docsFrom(entries: KbEntry[], alternates: Map<string, Map<Lang, string[]>>): Doc[] {
  const topics = new Set(entries.map((e) => e.topic));
  for (const t of alternates.keys()) topics.add(t);
  return [...topics].map((topic, id) => ({
    id,
    topic,
    question: entries
      .filter((e) => e.topic === topic)
      .map((e) => e.question)
      .join(' \n'),
    alternates: [...(alternates.get(topic)?.values() ?? [])].flat().join(' \n'),
    answer: entries
      .filter((e) => e.topic === topic)
      .map((e) => e.answer)
      .join(' \n'),
  }));
}

/** fuse.js over every phrasing (questions and alternates) as its own item: its best-suited setup. */
function fuseSystem(docs: Doc[]): System {
  const items = docs.flatMap((d) =>
    `${d.question}\n${d.alternates}`
      .split('\n')
      .map((text) => ({ topic: d.topic, text: text.trim() }))
      .filter((i) => i.text !== ''),
  );
  const {
    value: fuse,
    buildTimeInMs,
    heapInMb,
  } = measureBuild(() => new Fuse(items, { keys: ['text'], includeScore: true, ignoreLocation: true, threshold: 0.5 }));
  return {
    name: 'fuse.js',
    buildTimeInMs,
    heapInMb,
    rank: (q) => [...new Set(fuse.search(q.slice(0, 200), { limit: 10 }).map((r) => r.item.topic))],
  };
}

function miniSearchSystem(docs: Doc[]): System {
  const {
    value: mini,
    buildTimeInMs,
    heapInMb,
  } = measureBuild(() => {
    const m = new MiniSearch<Doc>({ fields: ['question', 'alternates', 'answer'], storeFields: ['topic'] });
    m.addAll(docs);
    return m;
  });
  return {
    name: 'MiniSearch BM25',
    buildTimeInMs,
    heapInMb,
    rank: (q) =>
      mini
        .search(q, { boost: { question: 3, alternates: 2 } })
        .slice(0, 5)
        .map((r) => r.topic as string),
  };
}

function ourSystem(): System & { matcher: KbMatcher } {
  const { value, buildTimeInMs, heapInMb } = measureBuild(() => loadFaqMatcher());
  const matcher = value.matcher;
  return {
    name: 'ours',
    matcher,
    buildTimeInMs,
    heapInMb,
    rank: (q) => {
      const r = matcher.match(q, { maxAlternatives: 4 });
      return r.topic === null ? [] : [r.topic, ...r.alternatives.map((a) => a.topic)];
    },
  };
}

/** Latency is steady-state: JIT warm-up first, then extra timed passes for a stable p99 (time-bounded). */
const WARMUP_BUDGET_IN_MS = 5_000;
const EXTRA_TIMING_BUDGET_IN_MS = 3_000;

function run(system: System, lines: EvalLine[]): { p1: number; abstain: number; p50: number; p99: number } {
  // Warm-up: up to two passes over the set, within the budget (slow systems get fewer lines, none get none).
  const warmupStarted = performance.now();
  for (let pass = 0; pass < 2; pass++) {
    for (const l of lines) {
      system.rank(l.q);
      if (performance.now() - warmupStarted > WARMUP_BUDGET_IN_MS) break;
    }
  }
  const times: number[] = [];
  const timed = (q: string) => {
    const t = performance.now();
    const r = system.rank(q);
    times.push(performance.now() - t);
    return r;
  };
  const report = evaluate(lines, timed);
  const extraStarted = performance.now();
  for (let i = 0; performance.now() - extraStarted < EXTRA_TIMING_BUDGET_IN_MS; i++) timed(lines[i % lines.length].q);
  times.sort((a, b) => a - b);
  return {
    p1: report.inScope.correct / Math.max(1, report.inScope.n),
    abstain: report.outOfScope.correct / Math.max(1, report.outOfScope.n),
    p50: percentile(times, 0.5),
    p99: percentile(times, 0.99),
  };
}

function printTable(title: string, rows: { system: System; r: ReturnType<typeof run> }[]): void {
  console.log(`\n${title}`);
  console.log(
    `${'system'.padEnd(16)} ${'P@1'.padStart(6)} ${'abstain'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'build ms'.padStart(9)} ${'heap MB'.padStart(8)}`,
  );
  const ours = rows.find((x) => x.system.name === 'ours')!;
  for (const { system, r } of rows) {
    console.log(
      `${system.name.padEnd(16)} ${r.p1.toFixed(3).padStart(6)} ${r.abstain.toFixed(3).padStart(8)} ${r.p50.toFixed(3).padStart(8)} ${r.p99.toFixed(3).padStart(8)} ${system.buildTimeInMs.toFixed(0).padStart(9)} ${system.heapInMb.toFixed(1).padStart(8)}` +
        (system.name === 'ours' ? '' : `   p99 ×${(r.p99 / ours.r.p99).toFixed(1)} of ours`),
    );
  }
}

/** 10,000 synthetic entries: real entries recombined with numbered variants, so vocabulary grows realistically. */
function syntheticEntries(entries: KbEntry[], count: number): { topics: string[]; entries: KbEntry[] } {
  const out: KbEntry[] = [];
  const topics: string[] = [];
  for (let i = 0; out.length < count; i++) {
    const base = entries[i % entries.length]!;
    const other = entries[(i * 7 + 3) % entries.length]!;
    const topic = `${base.topic}-v${Math.floor(i / entries.length)}`;
    if (i < count) topics.push(topic);
    out.push({
      ...base,
      topic,
      question: `${base.question} ${other.question.split(/\s+/).slice(0, 3).join(' ')} variant${i}`,
      answer: `${base.answer}\n${other.answer.slice(0, 300)} token${i % 997}`,
    });
  }
  return { topics: [...new Set(out.map((e) => e.topic))], entries: out };
}

function main(): void {
  const file = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'test/eval/faq-own.jsonl';
  const lines = readEvalFile(file);
  const ours = ourSystem();
  const loaded = loadFaqMatcher();
  const docs = docsFrom(loaded.entries, loaded.data.alternates);
  const systems = [fuseSystem(docs), miniSearchSystem(docs), ours];
  console.log(
    `knowledge base: ${loaded.entries.length} entries, ${docs.length} topics, ${ours.matcher.index.unitCount} phrasings; questions: ${lines.length} from ${file}`,
  );
  console.log('fuse.js and MiniSearch return their best hit (they never abstain); ours abstains below its threshold.');
  printTable(
    'Real knowledge base',
    systems.map((system) => ({ system, r: run(system, lines) })),
  );

  const synthetic = syntheticEntries(loaded.entries, 10_000);
  const scaled = measureBuild(
    () =>
      new KbMatcher({
        topics: synthetic.topics,
        entries: synthetic.entries,
        alternates: loaded.data.alternates,
        synonyms: loaded.data.synonyms,
        offTopic: loaded.data.offTopic,
        generalIt: loaded.data.generalIt,
      }),
  );
  const scaledOurs: System = {
    name: 'ours',
    buildTimeInMs: scaled.buildTimeInMs,
    heapInMb: scaled.heapInMb,
    rank: (q) => {
      const r = scaled.value.match(q);
      return r.topic === null ? [] : [r.topic.replace(/-v\d+$/, '')];
    },
  };
  const synthDocs = synthetic.entries.map((e, id) => ({
    id,
    topic: e.topic.replace(/-v\d+$/, ''),
    question: e.question,
    alternates: '',
    answer: e.answer,
  }));
  const scaledFuse = fuseSystem(synthDocs);
  const scaledMini = miniSearchSystem(synthDocs);
  const subset = lines.slice(0, 100);
  printTable(
    `Scale run: synthetic ${synthetic.entries.length} entries (first ${subset.length} questions; accuracy only indicative, fuse.js on 10)`,
    [
      { system: scaledFuse, r: run(scaledFuse, subset.slice(0, 10)) },
      { system: scaledMini, r: run(scaledMini, subset) },
      { system: scaledOurs, r: run(scaledOurs, subset) },
    ],
  );
}

main();
