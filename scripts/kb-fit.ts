/**
 * Fits the matcher's logistic scoring model (MODEL in src/features/ask/knowledge/matcher.ts) on evaluation sets.
 *   npx tsx scripts/kb-fit.ts --train A.jsonl[,B.jsonl] [--check C.jsonl,…] [--half tune|check]
 *     [--lambda 0.001] [--min-p1 0.92]
 * Every topic a question touches is one sample: label 1 for an expected topic, 0 otherwise (all of them
 * for out-of-scope questions). Plain L2-regularized logistic regression by gradient descent; prints the
 * weights to paste into MODEL and P@1 / abstention with them on the training and check sets.
 * `--half` keeps only one fixed half of every set (by a hash of the question) to fit on the other.
 */
import { createHash } from 'node:crypto';
import { loadFaqMatcher } from '../src/features/ask/knowledge/index.js';
import {
  ACCEPT,
  MODEL,
  TUNING,
  acceptFeatures,
  confidence,
  type AcceptFeatures,
  type Features,
} from '../src/features/ask/knowledge/matcher.js';
import { evaluate, ratio, readEvalFile, type EvalLine, type Ranked } from '../src/features/ask/knowledge/evaluate.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const half = opt('half');
const inHalf = (q: string, h: string): boolean =>
  (createHash('sha1').update(q).digest()[0]! % 2 === 0) === (h === 'tune');
const read = (list: string | undefined, h: string | undefined): EvalLine[] =>
  (list ?? '')
    .split(',')
    .filter(Boolean)
    .flatMap((f) => readEvalFile(f))
    .filter((l) => !h || inHalf(l.q, h));

const train = read(opt('train'), half);
const check = (opt('check') ?? '').split(',').filter(Boolean);
// Analysis constants can be tried out without editing the matcher, before it is built (then copy the winner into TUNING).
for (const key of Object.keys(TUNING) as (keyof typeof TUNING)[])
  if (opt(key) !== undefined) TUNING[key] = Number(opt(key));
const { matcher } = loadFaqMatcher();
const keys = Object.keys(MODEL).filter((k) => k !== 'bias') as (keyof Features)[];
const lambda = Number(opt('lambda') ?? 0.001);
const minP1 = Number(opt('min-p1') ?? 0);
// The abstention the cut aims for on the training questions (the target is 0.95).
const targetAbstention = Number(opt('target-abstention') ?? 0.9);

const samples: { x: number[]; y: number }[] = [];
for (const line of train) {
  for (const s of matcher.score(line.q))
    samples.push({ x: keys.map((k) => s.features[k]), y: line.expect.includes(s.topic) ? 1 : 0 });
}
const w = fitLogistic(samples, lambda);
MODEL.bias = w[0]!;
keys.forEach((k, i) => (MODEL[k] = w[i + 1]!));

/** L2-regularized logistic regression by Newton's method (IRLS): few features, so the Hessian is tiny. */
function fitLogistic(data: { x: number[]; y: number }[], l2: number): number[] {
  const dim = (data[0]?.x.length ?? 0) + 1;
  const w = new Array<number>(dim).fill(0);
  for (let iteration = 0; iteration < 30; iteration++) {
    const grad = new Array<number>(dim).fill(0);
    const hess = Array.from({ length: dim }, () => new Array<number>(dim).fill(0));
    for (const { x, y } of data) {
      const v = [1, ...x];
      const p = 1 / (1 + Math.exp(-v.reduce((acc, xi, i) => acc + xi * w[i]!, 0)));
      for (let i = 0; i < dim; i++) {
        grad[i]! += (p - y) * v[i]!;
        for (let j = 0; j < dim; j++) hess[i]![j]! += p * (1 - p) * v[i]! * v[j]!;
      }
    }
    for (let i = 1; i < dim; i++) {
      grad[i]! += l2 * data.length * w[i]!;
      hess[i]![i]! += l2 * data.length;
    }
    const step = solve(hess, grad);
    for (let i = 0; i < dim; i++) w[i]! -= step[i]!;
    if (Math.max(...step.map(Math.abs)) < 1e-6) break;
  }
  return w;
}

/** Gaussian elimination with partial pivoting: solves a·x = b. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c || m[c]![c] === 0) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => (row[i] === 0 ? 0 : row[n]! / row[i]!));
}
// Second model: "is the best topic the right answer", on one sample per question (out-of-scope ones and
// wrong best topics are 0). Its 0.5 point is then moved to where the training questions fall least short
// of the targets (P@1 0.95, abstention 0.90).
const decisions = train.flatMap((line) => {
  const ranked = matcher.score(line.q).sort((a, b) => b.z - a.z);
  const f = acceptFeatures(ranked);
  return f ? [{ f, y: line.expect.includes(ranked[0]!.topic) ? 1 : 0, inScope: line.expect.length > 0 }] : [];
});
const acceptKeys = Object.keys(ACCEPT).filter((k) => k !== 'bias') as (keyof AcceptFeatures)[];
const a = fitLogistic(
  decisions.map((d) => ({ x: acceptKeys.map((k) => d.f[k]), y: d.y })),
  lambda,
);
ACCEPT.bias = a[0]!;
acceptKeys.forEach((k, i) => (ACCEPT[k] = a[i + 1]!));
const tops = decisions.map((d) => ({
  z: Math.log(confidence(d.f) / (1 - confidence(d.f))),
  inScope: d.inScope,
  right: d.y === 1,
}));
const nIn = Math.max(1, train.filter((l) => l.expect.length > 0).length);
const nOut = Math.max(1, train.filter((l) => l.expect.length === 0).length);
let bestShift = 0;
let bestValue = -1;
for (const cut of [...new Set(tops.map((t) => t.z).filter(Number.isFinite))].sort((x, y) => x - y)) {
  const p1 = tops.filter((t) => t.inScope && t.right && t.z >= cut).length / nIn;
  const abstention = tops.filter((t) => !t.inScope && t.z < cut).length / nOut;
  // --min-p1 keeps P@1 at a floor (e.g. the eval gate's) and takes the best abstention above it.
  const value =
    p1 < minP1
      ? -10 + p1
      : -Math.max(0, 0.95 - p1) - Math.max(0, targetAbstention - abstention) + 0.01 * (p1 + abstention);
  if (value > bestValue) [bestValue, bestShift] = [value, cut];
}
// Halfway to the next lower score, so a borderline training question is not on the knife's edge.
const below = tops
  .map((t) => t.z)
  .filter((z) => z < bestShift)
  .sort((x, y) => y - x)[0];
ACCEPT.bias -= below === undefined ? bestShift : (bestShift + below) / 2;

console.log(
  `samples ${samples.length} (positives ${samples.filter((s) => s.y === 1).length}) from ${train.length} questions`,
);
const rounded = (m: Record<string, number>): string =>
  JSON.stringify(Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Math.round(v * 100) / 100])));
console.log(`MODEL ${rounded(MODEL)}\nACCEPT ${rounded(ACCEPT)}`);

const ranker = (q: string): Ranked => {
  const r = matcher.match(q, { maxAlternatives: 10 });
  return { answer: r.topic, confidence: r.score, suggestions: r.alternatives.map((a) => a.topic) };
};
const report = (name: string, lines: EvalLine[]): void => {
  const r = evaluate(lines, ranker);
  console.log(
    `${name.padEnd(40)} P@1 ${ratio(r.inScope).padEnd(15)} abstention ${ratio(r.outOfScope).padEnd(15)} MRR ${r.inScope.mrr.toFixed(3)}  confidently wrong ${r.confidentlyWrong.correct}`,
  );
};
report('train', train);
for (const file of check) {
  const lines = readEvalFile(file);
  if (half)
    report(
      `${file} (other half)`,
      lines.filter((l) => !inHalf(l.q, half)),
    );
  report(file, lines);
}
