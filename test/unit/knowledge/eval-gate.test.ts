import { evaluate, readEvalFile } from '../../../src/features/ask/knowledge/evaluate.js';
import { loadFaqMatcher } from '../../../src/features/ask/knowledge/index.js';

// Quality gate. The targets are in-scope P@1 ≥ 0.95 and out-of-scope abstention ≥ 0.90.
// faq-dev meets them (never fit on). faq-own (colloquial, typos, near-topic out-of-scope such as AKS
// operations), faq-extra (terse and rambling questions, compounds, mixed scripts, pasted logs) and faq-fresh
// (Teams-style short and messy questions, written before its round of tuning) do NOT yet; the scoring model
// is fit on one half of each of these three. Their floors are the level reached today, kept as a regression
// guard, to be raised towards 0.95 / 0.90 and never lowered.
// `npm run eval -- FILE` shows the misses.
const GATES: Record<string, { p1: number; abstention: number }> = {
  'test/eval/faq-dev.jsonl': { p1: 0.95, abstention: 0.9 },
  'test/eval/faq-own.jsonl': { p1: 0.954, abstention: 0.92 },
  'test/eval/faq-extra.jsonl': { p1: 0.945, abstention: 0.97 },
  'test/eval/faq-fresh.jsonl': { p1: 0.955, abstention: 0.86 },
  // Held-out (written before their round of changes, never fit on): regression floors at today's level, far
  // from the targets.
  'test/eval/faq-heldout-r3.jsonl': { p1: 0.86, abstention: 0.87 },
  'test/eval/faq-neighbours-r3.jsonl': { p1: 0.91, abstention: 0.8 },
};

const { matcher } = loadFaqMatcher();
const ranker = (q: string): string[] => {
  const r = matcher.match(q, { maxAlternatives: 10 });
  return r.topic === null ? [] : [r.topic, ...r.alternatives.map((a) => a.topic)];
};

describe.each(Object.entries(GATES))('evaluation set %s', (file, gate) => {
  const report = evaluate(readEvalFile(file), ranker);
  const misses = report.misses.map((m) => `${m.q} → ${m.got ?? '(abstain)'} (expected ${m.expect.join('|') || 'abstain'})`);

  it(`reaches in-scope P@1 ≥ ${gate.p1}`, () => {
    expect(report.inScope.n).toBeGreaterThan(0);
    // On failure the misses are printed instead of a bare ratio.
    expect(report.inScope.correct / report.inScope.n >= gate.p1 ? 'ok' : misses).toBe('ok');
  });

  it(`abstains on ≥ ${gate.abstention} of out-of-scope questions`, () => {
    expect(report.outOfScope.n).toBeGreaterThan(0);
    expect(report.outOfScope.correct / report.outOfScope.n >= gate.abstention ? 'ok' : misses).toBe('ok');
  });
});
