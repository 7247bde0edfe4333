import { evaluate, readEvalFile } from '../../../src/features/ask/knowledge/evaluate.js';
import { loadFaqMatcher } from '../../../src/features/ask/knowledge/index.js';

// Quality gate. The targets are in-scope P@1 ≥ 0.95 and out-of-scope abstention ≥ 0.95 (0.90 before round 3).
// The floors are the level reached today, kept as a regression guard, to be raised towards the targets (round 6
// raised them to its level). Round 5
// lowered one by one question (faq-kinds-r3 P@1, 159 → 158 of 160): naive Bayes joined the ranking model, and on the
// development sets 89 questions were gained and 25 lost before the refit (README, "Round 5").
// `npm run eval -- FILE` shows the misses.
const GATES: Record<string, { p1: number; abstention: number }> = {
  // The scoring model is fit on one half of each of these (faq-dev excepted) and faq-kinds-r3, r3b and r4a–c.
  'test/eval/faq-dev.jsonl': { p1: 1, abstention: 1 },
  'test/eval/faq-own.jsonl': { p1: 0.98, abstention: 0.98 },
  'test/eval/faq-extra.jsonl': { p1: 0.97, abstention: 1 },
  'test/eval/faq-fresh.jsonl': { p1: 0.97, abstention: 0.905 },
  // Held-out in round 3 (written before its changes, never fit on); round 4's phrasings and words were written with
  // their misses in view, so they are regression floors now, not judges.
  'test/eval/faq-heldout-r3.jsonl': { p1: 0.985, abstention: 1 },
  'test/eval/faq-neighbours-r3.jsonl': { p1: 1, abstention: 0.93 },
  'test/eval/faq-kinds-r3.jsonl': { p1: 0.985, abstention: 1 },
  'test/eval/faq-kinds-r3b.jsonl': { p1: 0.975, abstention: 1 },
  // Round 4, written blind from the topic titles by writers who read nothing else, each committed before the
  // changes it judged (r4d and r4e were never read in round 4; round 5 developed on all five).
  'test/eval/faq-kinds-r4a.jsonl': { p1: 0.975, abstention: 1 },
  'test/eval/faq-kinds-r4b.jsonl': { p1: 0.98, abstention: 0.985 },
  'test/eval/faq-kinds-r4c.jsonl': { p1: 0.98, abstention: 1 },
  'test/eval/faq-kinds-r4d.jsonl': { p1: 0.98, abstention: 0.96 },
  'test/eval/faq-kinds-r4e.jsonl': { p1: 0.965, abstention: 1 },
  // Round 5, written the same way: r5a and r5b judged its first pass (never read); r5a was read for the second,
  // which r5b and r5c judged; r5c was read for the third, which r5d judged; r5d was read for the fourth; r5e judged
  // the round (r5b and r5e never read).
  'test/eval/faq-kinds-r5a.jsonl': { p1: 0.965, abstention: 1 },
  'test/eval/faq-kinds-r5b.jsonl': { p1: 0.99, abstention: 0.985 },
  'test/eval/faq-kinds-r5c.jsonl': { p1: 0.95, abstention: 0.985 },
  'test/eval/faq-kinds-r5d.jsonl': { p1: 0.98, abstention: 0.985 },
  'test/eval/faq-kinds-r5e.jsonl': { p1: 0.98, abstention: 0.985 },
  // Written after the fourth pass and measured then: r5f was read for a fifth pass, which r5g and r5h judged.
  'test/eval/faq-kinds-r5f.jsonl': { p1: 0.99, abstention: 1 },
  'test/eval/faq-kinds-r5g.jsonl': { p1: 0.955, abstention: 1 },
  'test/eval/faq-kinds-r5h.jsonl': { p1: 0.98, abstention: 0.975 },
  // Round 6 (README, "Round 6, measured"), written the same way: r6a–d judged its first pass, then were read;
  // r6e–h judged the first two passes, then were read; r7a–d (written after pass 2) judged pass 3, r8a–d (written
  // during pass 4) judged pass 4, r9a–d (written after pass 4) judged pass 5, each then read; r10a–d (written after
  // pass 5) judged pass 6 and the round, never read.
  'test/eval/faq-kinds-r6a.jsonl': { p1: 1, abstention: 0.985 },
  'test/eval/faq-kinds-r6b.jsonl': { p1: 0.985, abstention: 1 },
  'test/eval/faq-kinds-r6c.jsonl': { p1: 0.985, abstention: 0.985 },
  'test/eval/faq-kinds-r6d.jsonl': { p1: 0.965, abstention: 1 },
  'test/eval/faq-kinds-r6e.jsonl': { p1: 0.99, abstention: 0.975 },
  'test/eval/faq-kinds-r6f.jsonl': { p1: 0.965, abstention: 1 },
  'test/eval/faq-kinds-r6g.jsonl': { p1: 0.985, abstention: 1 },
  'test/eval/faq-kinds-r6h.jsonl': { p1: 0.985, abstention: 1 },
  'test/eval/faq-kinds-r7a.jsonl': { p1: 0.985, abstention: 0.985 },
  'test/eval/faq-kinds-r7b.jsonl': { p1: 0.985, abstention: 1 },
  'test/eval/faq-kinds-r7c.jsonl': { p1: 0.98, abstention: 0.95 },
  'test/eval/faq-kinds-r7d.jsonl': { p1: 0.98, abstention: 0.985 },
  'test/eval/faq-kinds-r8a.jsonl': { p1: 0.99, abstention: 0.985 },
  'test/eval/faq-kinds-r8b.jsonl': { p1: 0.98, abstention: 0.975 },
  'test/eval/faq-kinds-r8c.jsonl': { p1: 0.96, abstention: 1 },
  'test/eval/faq-kinds-r8d.jsonl': { p1: 0.96, abstention: 1 },
  'test/eval/faq-kinds-r9a.jsonl': { p1: 0.975, abstention: 1 },
  'test/eval/faq-kinds-r9b.jsonl': { p1: 0.955, abstention: 0.985 },
  'test/eval/faq-kinds-r9c.jsonl': { p1: 0.98, abstention: 1 },
  'test/eval/faq-kinds-r9d.jsonl': { p1: 0.99, abstention: 0.985 },
  'test/eval/faq-kinds-r10a.jsonl': { p1: 0.98, abstention: 1 },
  'test/eval/faq-kinds-r10b.jsonl': { p1: 0.965, abstention: 0.975 },
  'test/eval/faq-kinds-r10c.jsonl': { p1: 0.98, abstention: 1 },
  'test/eval/faq-kinds-r10d.jsonl': { p1: 1, abstention: 0.985 },
};

const { matcher } = loadFaqMatcher();
const ranker = (q: string): string[] => {
  const r = matcher.match(q, { maxAlternatives: 10 });
  return r.topic === null ? [] : [r.topic, ...r.alternatives.map((a) => a.topic)];
};

describe.each(Object.entries(GATES))('evaluation set %s', (file, gate) => {
  const report = evaluate(readEvalFile(file), ranker);
  const misses = report.misses.map(
    (m) => `${m.q} → ${m.got ?? '(abstain)'} (expected ${m.expect.join('|') || 'abstain'})`,
  );

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
