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
  return readJsonLines(path, (value) => {
    const parsed = evalLineSchema.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  }, '{"q": string, "expect": [ids]}');
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

export interface EvalReport {
  total: number;
  /** mrr: reciprocal rank of the right topic in answer + suggestions. */
  inScope: Bucket & { mrr: number };
  /** In-scope questions it abstained on, and how many of those suggested the right topic. */
  abstainedInScope: Bucket;
  /** Wrong answers (wrong topic, or an answer to an out-of-scope question) with confidence ≥ CONFIDENTLY_WRONG. */
  confidentlyWrong: Bucket;
  outOfScope: Bucket;
  byLang: Record<string, Bucket>;
  byKind: Record<string, Bucket>;
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
  const bump = (map: Record<string, Bucket>, key: string, ok: boolean): void => {
    const b = (map[key] ??= { n: 0, correct: 0 });
    b.n++;
    if (ok) b.correct++;
  };
  for (const line of lines) {
    const reply = ranker(line.q, line);
    const { answer: top, confidence, suggestions } = Array.isArray(reply) ? { answer: reply[0] ?? null, confidence: NaN, suggestions: reply.slice(1) } : reply;
    const ranked = top === null ? suggestions : [top, ...suggestions];
    let ok: boolean;
    if (line.expect.length === 0) {
      ok = top === null;
      report.outOfScope.n++;
      if (ok) report.outOfScope.correct++;
    } else {
      ok = top !== null && line.expect.includes(top);
      report.inScope.n++;
      if (ok) report.inScope.correct++;
      const rank = ranked.findIndex((t) => line.expect.includes(t));
      if (rank >= 0) report.inScope.mrr += 1 / (rank + 1);
      if (top === null) {
        report.abstainedInScope.n++;
        if (rank >= 0) report.abstainedInScope.correct++;
      }
    }
    if (!ok && top !== null && confidence >= CONFIDENTLY_WRONG) report.confidentlyWrong.correct++;
    bump(report.byLang, line.lang ?? '?', ok);
    bump(report.byKind, line.kind ?? (line.expect.length === 0 ? 'out-of-scope' : 'in-scope'), ok);
    if (!ok) report.misses.push({ q: line.q, lang: line.lang, kind: line.kind, expect: line.expect, got: top });
  }
  if (report.inScope.n > 0) report.inScope.mrr /= report.inScope.n;
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
  out.push('', 'P@1 (abstention counted as correct on out-of-scope lines) by language:');
  for (const [k, b] of Object.entries(report.byLang).sort()) out.push(`  ${k.padEnd(14)} ${ratio(b)}`);
  out.push('', 'by kind:');
  for (const [k, b] of Object.entries(report.byKind).sort()) out.push(`  ${k.padEnd(14)} ${ratio(b)}`);
  out.push('', `misses (${report.misses.length}):`);
  for (const m of report.misses) out.push(`  [${m.lang ?? '?'}/${m.kind ?? '-'}] ${JSON.stringify(m.q)} expected ${m.expect.join('|') || '(abstain)'} got ${m.got ?? '(abstain)'}`);
  return out.join('\n');
}
