/** Scores a matcher on a JSONL question set: P@1 by language and kind, MRR, abstention accuracy, misses. */
import { readJsonLines } from './jsonl.js';
import { z } from 'zod';

export const evalLineSchema = z.object({
  q: z.string(),
  lang: z.string().optional(),
  expect: z.array(z.string()),
  kind: z.string().optional(),
});
export type EvalLine = z.infer<typeof evalLineSchema>;

export { JsonLinesError as EvalInputError } from './jsonl.js';

export function readEvalFile(path: string): EvalLine[] {
  return readJsonLines(
    path,
    (value) => {
      const parsed = evalLineSchema.safeParse(value);
      return parsed.success ? parsed.data : undefined;
    },
    '{"q": string, "expect": [ids]}',
  );
}

/** A system's full reply: the answer (null = abstain), its confidence, and the topics it suggests. */
export interface Ranked {
  answer: string | null;
  confidence: number;
  /** Runners-up under an answer, or the closest topics offered when abstaining. */
  suggestions: string[];
}

/**
 * What a system under evaluation returns for one question: ranked topics ([] when it abstains), or the
 * full reply (then MRR also counts the suggestions offered with an abstention, and confidence is known).
 */
export type Ranker = (q: string, line: EvalLine) => string[] | Ranked;

/** A wrong answer at or above this confidence is "confidently wrong". */
export const CONFIDENTLY_WRONG = 0.9;

export interface Bucket {
  n: number;
  correct: number;
}

/** One language's or kind's figures: P@1 over all its lines (bucket), and over its in-scope lines with their MRR. */
export interface Group extends Bucket {
  inScope: Bucket & { mrr: number };
  confidentlyWrong: number;
}

export interface EvalReport {
  total: number;
  /** mrr: reciprocal rank of the right topic in answer + suggestions. */
  inScope: Bucket & { mrr: number };
  /** In-scope questions it abstained on, and how many of those suggested the right topic. */
  abstainedInScope: Bucket;
  /** Wrong answers (wrong topic, or an answer to an out-of-scope question) with confidence ≥ CONFIDENTLY_WRONG. */
  confidentlyWrong: Bucket;
  outOfScope: Bucket;
  byLang: Record<string, Group>;
  byKind: Record<string, Group>;
  misses: { q: string; lang?: string; kind?: string; expect: string[]; got: string | null }[];
}

export function evaluate(lines: EvalLine[], ranker: Ranker): EvalReport {
  const report: EvalReport = {
    total: lines.length,
    inScope: { n: 0, correct: 0, mrr: 0 },
    abstainedInScope: { n: 0, correct: 0 },
    confidentlyWrong: { n: lines.length, correct: 0 },
    outOfScope: { n: 0, correct: 0 },
    byLang: {},
    byKind: {},
    misses: [],
  };
  const groupOf = (map: Record<string, Group>, key: string): Group =>
    (map[key] ??= { n: 0, correct: 0, inScope: { n: 0, correct: 0, mrr: 0 }, confidentlyWrong: 0 });
  for (const line of lines) {
    const reply = ranker(line.q, line);
    const {
      answer: top,
      confidence,
      suggestions,
    } = Array.isArray(reply) ? { answer: reply[0] ?? null, confidence: NaN, suggestions: reply.slice(1) } : reply;
    const ranked = top === null ? suggestions : [top, ...suggestions];
    let ok: boolean;
    let reciprocalRank = 0;
    if (line.expect.length === 0) {
      ok = top === null;
      report.outOfScope.n++;
      if (ok) report.outOfScope.correct++;
    } else {
      ok = top !== null && line.expect.includes(top);
      report.inScope.n++;
      if (ok) report.inScope.correct++;
      const rank = ranked.findIndex((t) => line.expect.includes(t));
      if (rank >= 0) reciprocalRank = 1 / (rank + 1);
      report.inScope.mrr += reciprocalRank;
      if (top === null) {
        report.abstainedInScope.n++;
        if (rank >= 0) report.abstainedInScope.correct++;
      }
    }
    const sureWrong = !ok && top !== null && confidence >= CONFIDENTLY_WRONG;
    if (sureWrong) report.confidentlyWrong.correct++;
    const kind = line.kind ?? (line.expect.length === 0 ? 'out-of-scope' : 'in-scope');
    for (const group of [groupOf(report.byLang, line.lang ?? '?'), groupOf(report.byKind, kind)]) {
      group.n++;
      if (ok) group.correct++;
      if (sureWrong) group.confidentlyWrong++;
      if (line.expect.length === 0) continue;
      group.inScope.n++;
      if (ok) group.inScope.correct++;
      group.inScope.mrr += reciprocalRank;
    }
    if (!ok) report.misses.push({ q: line.q, lang: line.lang, kind: line.kind, expect: line.expect, got: top });
  }
  for (const b of [
    report.inScope,
    ...[...Object.values(report.byLang), ...Object.values(report.byKind)].map((g) => g.inScope),
  ])
    if (b.n > 0) b.mrr /= b.n;
  return report;
}

export function ratio(b: Bucket): string {
  return b.n === 0 ? '   -  ' : `${(b.correct / b.n).toFixed(3)} (${b.correct}/${b.n})`;
}

export function formatReport(report: EvalReport): string {
  const out: string[] = [];
  out.push(`questions: ${report.total}`);
  out.push(`in-scope P@1: ${ratio(report.inScope)}   MRR (answer + suggestions): ${report.inScope.mrr.toFixed(3)}`);
  out.push(`out-of-scope abstention: ${ratio(report.outOfScope)}`);
  out.push(`in-scope abstentions that suggest the right topic: ${ratio(report.abstainedInScope)}`);
  out.push(`confidently wrong (wrong answer, confidence ≥ ${CONFIDENTLY_WRONG}): ${ratio(report.confidentlyWrong)}`);
  out.push('', 'by language and kind: P@1 over all lines (abstaining counts as right on out-of-scope ones),');
  out.push('in-scope P@1, MRR over answer + suggestions, confidently wrong:');
  const table = (title: string, groups: Record<string, Group>): void => {
    out.push(`  ${title.padEnd(14)} ${'P@1 (all)'.padEnd(16)} ${'in-scope P@1'.padEnd(16)} MRR    conf. wrong`);
    for (const [k, g] of Object.entries(groups).sort()) {
      const mrr = g.inScope.n === 0 ? '  -  ' : g.inScope.mrr.toFixed(3);
      out.push(`  ${k.padEnd(14)} ${ratio(g).padEnd(16)} ${ratio(g.inScope).padEnd(16)} ${mrr}  ${g.confidentlyWrong}`);
    }
  };
  table('language', report.byLang);
  out.push('');
  table('kind', report.byKind);
  out.push('', `misses (${report.misses.length}):`);
  for (const m of report.misses)
    out.push(
      `  [${m.lang ?? '?'}/${m.kind ?? '-'}] ${JSON.stringify(m.q)} expected ${m.expect.join('|') || '(abstain)'} got ${m.got ?? '(abstain)'}`,
    );
  return out.join('\n');
}
