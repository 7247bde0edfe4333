import { evaluate, readEvalFile } from '../../../src/features/ask/knowledge/evaluate.js';
import { loadFaqMatcher } from '../../../src/features/ask/knowledge/index.js';

// Quality gate. The targets are in-scope P@1 ≥ 0.95 and out-of-scope abstention ≥ 0.95 (0.90 before round 3).
// faq-dev meets them (never fit on), faq-own too. faq-extra (terse and rambling questions, compounds, mixed
// scripts, pasted logs) and faq-fresh (Teams-style short and messy questions) do not yet; the scoring model is fit
// on one half of faq-own, faq-extra and faq-fresh. Their floors are the level reached today, kept as a regression
// guard, to be raised towards the targets and never lowered.
// `npm run eval -- FILE` shows the misses.
const GATES: Record<string, { p1: number; abstention: number }> = {
  'test/eval/faq-dev.jsonl': { p1: 0.97, abstention: 1 },
  'test/eval/faq-own.jsonl': { p1: 0.965, abstention: 0.98 },
  'test/eval/faq-extra.jsonl': { p1: 0.965, abstention: 1 },
  'test/eval/faq-fresh.jsonl': { p1: 0.955, abstention: 0.86 },
  // Held-out in their round (written before its changes, never fit on); round 4's chat-register phrasings and
  // words were written with their misses in view, so they are regression floors now, not judges.
  'test/eval/faq-heldout-r3.jsonl': { p1: 0.96, abstention: 1 },
  'test/eval/faq-neighbours-r3.jsonl': { p1: 0.975, abstention: 0.93 },
  'test/eval/faq-kinds-r3.jsonl': { p1: 0.99, abstention: 0.96 },
  'test/eval/faq-kinds-r3b.jsonl': { p1: 0.975, abstention: 0.96 },
  // Round 4, written blind from the topic titles by writers who read nothing else, each committed before the
  // changes it judged: r4a developed the first pass, r4b checked it; r4b was then read for a second pass checked by
  // r4c, r4c for a third checked by r4d, and a fourth was checked by r4e (r4d and r4e never read). All short of the
  // targets (0.95 / 0.95).
  'test/eval/faq-kinds-r4a.jsonl': { p1: 0.9, abstention: 0.96 },
  'test/eval/faq-kinds-r4b.jsonl': { p1: 0.91, abstention: 0.95 },
  'test/eval/faq-kinds-r4c.jsonl': { p1: 0.9, abstention: 0.96 },
  'test/eval/faq-kinds-r4d.jsonl': { p1: 0.885, abstention: 0.91 },
  'test/eval/faq-kinds-r4e.jsonl': { p1: 0.855, abstention: 0.975 },
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
