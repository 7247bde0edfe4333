/**
 * Four-eyes by person: a Teams user is `teams:<from.id>` and, when the activity carries it,
 * `aad:<aadObjectId>`. Every combination of which ids the request's and the approval's activities carry
 * must give the same decision, resolved through the real adapter (identitiesOf) and actorOf.
 */
import { actorOf } from '../../../src/core/actor.js';
import type { Actor } from '../../../src/features/act/approvals/actions.js';
import { parsePolicy, type ApprovalSubject } from '../../../src/features/act/approvals/policy.js';
import { request, teamsUser } from '../../helpers/bot-fakes.js';

const A_OID = 'a1a1a1a1-0000-0000-0000-0000000000a1';
const B_OID = 'b2b2b2b2-0000-0000-0000-0000000000b2';

/** A Teams sender: `from.id`, and `aadObjectId` when the activity carries one. */
const sender = (fromId: string, aadObjectId?: string): Actor =>
  actorOf(request({ user: teamsUser(fromId, fromId, aadObjectId) }));

const anyone = parsePolicy(`
version: 1
registries: ["*.azurecr.io"]
actions:
  purge: { requesters: ["*"], approvers: ["*"] }
  unlock: { requesters: ["*"], approvers: ["*"], approvalsRequired: 2 }
`);

/** The request as the feature stores it: canonical requester plus all its ids. */
const subjectOf = (
  requester: Actor,
  approvals: Actor[] = [],
  action: ApprovalSubject['action'] = 'purge',
): ApprovalSubject => ({
  action,
  registry: 'demo.azurecr.io',
  requester: requester.id,
  requesterIds: requester.ids,
  approvals: approvals.map((a) => a.id),
  approverIds: approvals.flatMap((a) => a.ids ?? []),
});

describe('four-eyes across the ids of one person', () => {
  const withAad = [true, false];
  describe.each(withAad)('request with aadObjectId: %s', (requestAad) => {
    test.each(withAad)(
      'approval with aadObjectId: %s → the same person is refused, another person is allowed',
      (approvalAad) => {
        const requester = sender('user-a', requestAad ? A_OID : undefined);
        const samePerson = sender('user-a', approvalAad ? A_OID : undefined);
        const otherPerson = sender('user-b', approvalAad ? B_OID : undefined);
        expect(anyone.canApprove(samePerson, subjectOf(requester))).toEqual({
          allow: false,
          reason: 'policy.deny.selfApproval',
        });
        expect(anyone.canApprove(otherPerson, subjectOf(requester))).toEqual({ allow: true });
        // The requester may still withdraw under either form; the other person rejects as an approver.
        expect(anyone.canReject(samePerson, subjectOf(requester))).toEqual({ allow: true });
      },
    );
  });

  test('the Entra GUID compares case-insensitively, in the activity and in the stored request', () => {
    const requester = sender('user-a', A_OID.toUpperCase());
    expect(requester.ids).toEqual([`aad:${A_OID}`, 'teams:user-a']);
    expect(anyone.canApprove(sender('user-x', A_OID), subjectOf(requester)).allow).toBe(false);
    const storedUpper: ApprovalSubject = {
      ...subjectOf(sender('user-a')),
      requesterIds: [`aad:${A_OID.toUpperCase()}`],
    };
    expect(anyone.canApprove(sender('user-y', A_OID), storedUpper)).toEqual({
      allow: false,
      reason: 'policy.deny.selfApproval',
    });
  });

  test('a from.id in another case is refused as the requester, and grants no policy role', () => {
    expect(anyone.canApprove(sender('USER-A'), subjectOf(sender('user-a')))).toEqual({
      allow: false,
      reason: 'policy.deny.selfApproval',
    });
    const named = parsePolicy(`
version: 1
registries: ["*.azurecr.io"]
actions:
  purge: { requesters: ["*"], approvers: ["teams:user-b"] }
`);
    expect(named.canApprove(sender('USER-B'), subjectOf(sender('user-a'))).allow).toBe(false);
  });

  test('from.id equal but aadObjectId different is refused (one of the ids is the requester)', () => {
    expect(anyone.canApprove(sender('user-a', B_OID), subjectOf(sender('user-a', A_OID))).allow).toBe(false);
  });

  test('aadObjectId equal but from.id different is refused (the same Entra user)', () => {
    expect(anyone.canApprove(sender('user-b', A_OID), subjectOf(sender('user-a', A_OID))).allow).toBe(false);
  });

  test('a request stored before all ids were kept (one id) is compared against every id of the approver', () => {
    const legacy = (requester: string): ApprovalSubject => ({
      action: 'purge',
      registry: 'demo.azurecr.io',
      requester,
      approvals: [],
    });
    expect(anyone.canApprove(sender('user-a', A_OID), legacy('teams:user-a')).allow).toBe(false);
    expect(anyone.canApprove(sender('user-b', A_OID), legacy(`aad:${A_OID.toUpperCase()}`)).allow).toBe(false);
    expect(anyone.canApprove(sender('user-b', B_OID), legacy('teams:user-a')).allow).toBe(true);
  });

  test('one approver under two ids counts once when two approvals are required', () => {
    const requester = sender('user-r');
    const first = sender('user-b');
    for (const again of [sender('user-b', B_OID), sender('user-z', B_OID)]) {
      const subject = subjectOf(requester, [sender('user-z', B_OID)], 'unlock');
      expect(anyone.canApprove(again, subject)).toEqual({ allow: false, reason: 'policy.deny.alreadyApproved' });
    }
    expect(anyone.canApprove(sender('user-b', B_OID), subjectOf(requester, [first], 'unlock'))).toEqual({
      allow: false,
      reason: 'policy.deny.alreadyApproved',
    });
    expect(anyone.canApprove(sender('user-c'), subjectOf(requester, [first], 'unlock'))).toEqual({ allow: true });
  });
});

describe('policy roles match the person in whichever form the policy names them', () => {
  const policy = parsePolicy(`
version: 1
registries: ["*.azurecr.io"]
actions:
  purge: { requesters: ["teams:user-a"], approvers: ["aad:${B_OID.toUpperCase()}"] }
  lock: { requesters: ["aad:${A_OID}"], approvers: ["teams:user-b"] }
`);
  const subject = (action: 'purge' | 'lock'): ApprovalSubject => ({
    action,
    registry: 'demo.azurecr.io',
    requester: 'teams:user-r',
    approvals: [],
  });

  test('a teams: entry matches whether or not the activity carries an Entra id', () => {
    expect(policy.canRequest(sender('user-a'), 'purge', 'demo.azurecr.io').allow).toBe(true);
    expect(policy.canRequest(sender('user-a', A_OID), 'purge', 'demo.azurecr.io').allow).toBe(true);
    expect(policy.canApprove(sender('user-b'), subject('lock')).allow).toBe(true);
    expect(policy.canApprove(sender('user-b', B_OID), subject('lock')).allow).toBe(true);
  });

  test('an aad: entry matches the Entra id in any case, and only when the activity carries it', () => {
    expect(policy.canApprove(sender('user-b', B_OID), subject('purge')).allow).toBe(true);
    expect(policy.canApprove(sender('user-q', B_OID.toUpperCase()), subject('purge')).allow).toBe(true);
    expect(policy.canRequest(sender('user-a', A_OID.toUpperCase()), 'lock', 'demo.azurecr.io').allow).toBe(true);
    expect(policy.canApprove(sender('user-b'), subject('purge'))).toEqual({
      allow: false,
      reason: 'policy.deny.notApprover',
      params: { action: 'purge' },
    });
  });

  test('no elevation: other people, and a from.id that spells an aad principal, match nothing', () => {
    expect(policy.canRequest(sender('user-x', B_OID), 'purge', 'demo.azurecr.io').allow).toBe(false);
    expect(policy.canApprove(sender('user-x', A_OID), subject('purge')).allow).toBe(false);
    expect(policy.canApprove(sender(`aad:${B_OID}`), subject('purge')).allow).toBe(false);
    expect(policy.canRequest(sender(`aad:${A_OID}`), 'lock', 'demo.azurecr.io').allow).toBe(false);
    expect(sender(`aad:${A_OID}`).ids).toEqual([`teams:aad:${A_OID}`]);
  });

  test('the requester of a request is never its approver even when the policy names them as approver', () => {
    const both = parsePolicy(`
version: 1
registries: ["*.azurecr.io"]
actions:
  purge: { requesters: ["teams:user-a"], approvers: ["aad:${A_OID}"] }
`);
    const requester = sender('user-a');
    expect(both.canRequest(requester, 'purge', 'demo.azurecr.io').allow).toBe(true);
    expect(both.canApprove(sender('user-a', A_OID), subjectOf(requester))).toEqual({
      allow: false,
      reason: 'policy.deny.selfApproval',
    });
  });
});
