import {
  APPROVAL_STATES,
  assertTransition,
  canTransition,
  InvalidTransitionError,
  isDecided,
  isTerminal,
  stateAfterApproval,
} from '../../../src/features/act/approvals/state-machine.js';

describe('approval state machine', () => {
  it('allows exactly the documented transitions', () => {
    const allowed = APPROVAL_STATES.flatMap((from) =>
      APPROVAL_STATES.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`),
    );
    expect(allowed).toEqual([
      'pending→pending',
      'pending→approved',
      'pending→rejected',
      'pending→expired',
      'approved→running',
      'running→running',
      'running→done',
      'running→failed',
    ]);
  });

  it('never leaves a terminal state and never skips approval', () => {
    for (const state of ['done', 'failed', 'rejected', 'expired'] as const) expect(isTerminal(state)).toBe(true);
    expect(isTerminal('running')).toBe(false);
    expect(() => assertTransition('pending', 'running')).toThrow(InvalidTransitionError);
    expect(() => assertTransition('done', 'running')).toThrow('cannot go from done to running');
    expect(() => assertTransition('expired', 'approved')).toThrow(InvalidTransitionError);
  });

  it('decides only once and counts approvals against the requirement', () => {
    expect(isDecided('pending')).toBe(false);
    expect(isDecided('approved')).toBe(true);
    expect(stateAfterApproval(1, 2)).toBe('pending');
    expect(stateAfterApproval(2, 2)).toBe('approved');
  });
});
