import { evaluate, formatReport, type EvalLine } from '../../../src/features/ask/knowledge/evaluate.js';

const lines: EvalLine[] = [
  { q: 'right answer', expect: ['a'], lang: 'en' },
  { q: 'abstains, suggests it second', expect: ['b'], lang: 'en' },
  { q: 'abstains, suggests nothing useful', expect: ['c'], lang: 'de' },
  { q: 'wrong and sure', expect: ['a'], lang: 'de' },
  { q: 'out of scope answered and sure', expect: [], lang: 'sv' },
  { q: 'out of scope, abstains', expect: [], lang: 'sv' },
];
const replies: Record<string, { answer: string | null; confidence: number; suggestions: string[] }> = {
  'right answer': { answer: 'a', confidence: 0.95, suggestions: ['b'] },
  'abstains, suggests it second': { answer: null, confidence: 0.3, suggestions: ['x', 'b'] },
  'abstains, suggests nothing useful': { answer: null, confidence: 0.2, suggestions: ['x'] },
  'wrong and sure': { answer: 'x', confidence: 0.92, suggestions: ['a'] },
  'out of scope answered and sure': { answer: 'x', confidence: 0.97, suggestions: [] },
  'out of scope, abstains': { answer: null, confidence: 0.1, suggestions: ['x'] },
};

describe('evaluate', () => {
  const report = evaluate(lines, (q) => replies[q]!);

  test('P@1, abstention and MRR over answer + suggestions', () => {
    expect(report.inScope).toMatchObject({ n: 4, correct: 1 });
    expect(report.inScope.mrr).toBeCloseTo((1 + 1 / 2 + 0 + 1 / 2) / 4, 6);
    expect(report.outOfScope).toEqual({ n: 2, correct: 1 });
  });

  test('in-scope abstentions that suggest the right topic, and the confidently wrong rate', () => {
    expect(report.abstainedInScope).toEqual({ n: 2, correct: 1 });
    expect(report.confidentlyWrong).toEqual({ n: 6, correct: 2 });
    expect(formatReport(report)).toContain('confidently wrong (wrong answer, confidence ≥ 0.9): 0.333 (2/6)');
  });

  test('per language: P@1 over all lines, in-scope P@1 and MRR, confidently wrong', () => {
    expect(report.byLang.en).toEqual({
      n: 2,
      correct: 1,
      inScope: { n: 2, correct: 1, mrr: (1 + 1 / 2) / 2 },
      confidentlyWrong: 0,
    });
    expect(report.byLang.de).toEqual({
      n: 2,
      correct: 0,
      inScope: { n: 2, correct: 0, mrr: 1 / 4 },
      confidentlyWrong: 1,
    });
    expect(report.byLang.sv).toEqual({ n: 2, correct: 1, inScope: { n: 0, correct: 0, mrr: 0 }, confidentlyWrong: 1 });
    // Lines without a kind are grouped as in-scope or out-of-scope.
    expect(report.byKind['out-of-scope']).toMatchObject({ n: 2, correct: 1, confidentlyWrong: 1 });
    expect(formatReport(report)).toMatch(/de +0\.000 \(0\/2\) +0\.000 \(0\/2\) +0\.250 +1/);
  });

  test('a plain ranked list still works (unknown confidence is never counted as confidently wrong)', () => {
    const plain = evaluate(lines, (q) => {
      const r = replies[q]!;
      return r.answer === null ? [] : [r.answer, ...r.suggestions];
    });
    expect(plain.inScope.correct).toBe(1);
    expect(plain.confidentlyWrong.correct).toBe(0);
  });
});
