import { evaluate, readEvalFile } from '../../../src/knowledge/evaluate.js';
import { loadFaqMatcher } from '../../../src/knowledge/index.js';

// Quality gate of the issue: in-scope P@1 ≥ 0.95 and out-of-scope abstention ≥ 0.90 on each set.
const { matcher } = loadFaqMatcher();
const ranker = (q: string): string[] => {
  const r = matcher.match(q, { maxAlternatives: 10 });
  return r.topic === null ? [] : [r.topic, ...r.alternatives.map((a) => a.topic)];
};

describe.each(['test/eval/faq-dev.jsonl', 'test/eval/faq-own.jsonl'])('evaluation set %s', (file) => {
  const report = evaluate(readEvalFile(file), ranker);
  const misses = report.misses.map((m) => `${m.q} → ${m.got ?? '(abstain)'} (expected ${m.expect.join('|') || 'abstain'})`);

  it('reaches in-scope P@1 ≥ 0.95', () => {
    expect(report.inScope.n).toBeGreaterThan(0);
    // On failure the misses are printed instead of a bare ratio.
    expect(report.inScope.correct / report.inScope.n >= 0.95 ? 'ok' : misses).toBe('ok');
  });

  it('abstains on ≥ 0.90 of out-of-scope questions', () => {
    expect(report.outOfScope.n).toBeGreaterThan(0);
    expect(report.outOfScope.correct / report.outOfScope.n >= 0.9 ? 'ok' : misses).toBe('ok');
  });
});
