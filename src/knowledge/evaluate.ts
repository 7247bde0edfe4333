/** Scores a matcher on a JSONL question set: P@1 by language and kind, MRR, abstention accuracy, misses. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const evalLineSchema = z.object({
  q: z.string(),
  lang: z.string().optional(),
  expect: z.array(z.string()),
  kind: z.string().optional(),
});
export type EvalLine = z.infer<typeof evalLineSchema>;

export class EvalInputError extends Error {
  override readonly name = 'EvalInputError';
}

export function readEvalFile(path: string): EvalLine[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new EvalInputError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  return text
    .split(/\r?\n/)
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, n }) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new EvalInputError(`${path}:${n}: not valid JSON`);
      }
      const parsed = evalLineSchema.safeParse(value);
      if (!parsed.success) throw new EvalInputError(`${path}:${n}: expected {"q": string, "expect": [ids]}`);
      return parsed.data;
    });
}

/** What a system under evaluation returns for one question: ranked topics, or [] when it abstains. */
export type Ranker = (q: string, line: EvalLine) => string[];

export interface Bucket {
  n: number;
  correct: number;
}

export interface EvalReport {
  total: number;
  inScope: Bucket & { mrr: number };
  outOfScope: Bucket;
  byLang: Record<string, Bucket>;
  byKind: Record<string, Bucket>;
  misses: { q: string; lang?: string; kind?: string; expect: string[]; got: string | null }[];
}

export function evaluate(lines: EvalLine[], ranker: Ranker): EvalReport {
  const report: EvalReport = { total: lines.length, inScope: { n: 0, correct: 0, mrr: 0 }, outOfScope: { n: 0, correct: 0 }, byLang: {}, byKind: {}, misses: [] };
  const bump = (map: Record<string, Bucket>, key: string, ok: boolean): void => {
    const b = (map[key] ??= { n: 0, correct: 0 });
    b.n++;
    if (ok) b.correct++;
  };
  for (const line of lines) {
    const ranked = ranker(line.q, line);
    const top = ranked[0] ?? null;
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
    }
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
  out.push(`in-scope P@1: ${ratio(report.inScope)}   MRR: ${report.inScope.mrr.toFixed(3)}`);
  out.push(`out-of-scope abstention: ${ratio(report.outOfScope)}`);
  out.push('', 'P@1 (abstention counted as correct on out-of-scope lines) by language:');
  for (const [k, b] of Object.entries(report.byLang).sort()) out.push(`  ${k.padEnd(14)} ${ratio(b)}`);
  out.push('', 'by kind:');
  for (const [k, b] of Object.entries(report.byKind).sort()) out.push(`  ${k.padEnd(14)} ${ratio(b)}`);
  out.push('', `misses (${report.misses.length}):`);
  for (const m of report.misses) out.push(`  [${m.lang ?? '?'}/${m.kind ?? '-'}] ${JSON.stringify(m.q)} expected ${m.expect.join('|') || '(abstain)'} got ${m.got ?? '(abstain)'}`);
  return out.join('\n');
}
