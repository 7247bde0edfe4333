import { readFile } from 'node:fs/promises';
import {
  DEFAULT_POLICY_FILE,
  loadPolicy,
  parsePolicy,
  PolicyError,
} from '../../../src/features/act/approvals/policy.js';
import { t } from '../../../src/features/act/messages/index.js';

const ALICE = 'aad:11111111-1111-1111-1111-111111111111';
const BOB = 'aad:22222222-2222-2222-2222-222222222222';
const CAROL = 'slack:U0CAROL';
const OPS_GROUP = 'aadgroup:33333333-3333-3333-3333-333333333333';

const POLICY = `
version: 1
defaults: { expiry: 12h, maxItemsPerPlan: 100 }
registries: ["*.azurecr.io"]
protected:
  repositories: ["prod/*"]
  tags: [latest, "release-*"]
actions:
  purge:
    requesters: ["*"]
    approvers: ["${OPS_GROUP}", "${CAROL}"]
  unlock:
    requesters: ["${ALICE}"]
    approvers: ["${BOB}"]
    approvalsRequired: 2
    expiry: 30m
    registries: ["secure.azurecr.io"]
`;

function errorOf(yaml: string): PolicyError {
  try {
    parsePolicy(yaml, 'test.yaml');
  } catch (error) {
    if (error instanceof PolicyError) return error;
    throw error;
  }
  throw new Error('expected a PolicyError');
}

describe('approval policy', () => {
  const policy = parsePolicy(POLICY);
  const subject = { action: 'purge' as const, registry: 'demo.azurecr.io', requester: ALICE, approvals: [] };

  it('lets anyone listed request, on allowed registries only', () => {
    expect(policy.canRequest({ id: ALICE }, 'purge', 'demo.azurecr.io')).toEqual({ allow: true });
    expect(policy.canRequest({ id: ALICE }, 'purge', 'DEMO.azurecr.io')).toEqual({ allow: true });
    expect(policy.canRequest({ id: ALICE }, 'purge', 'evil.example.com')).toMatchObject({
      allow: false,
      reason: 'policy.deny.registryNotAllowed',
    });
    expect(policy.canRequest({ id: BOB }, 'unlock', 'secure.azurecr.io')).toMatchObject({
      allow: false,
      reason: 'policy.deny.notRequester',
    });
    expect(policy.canRequest({ id: ALICE }, 'unlock', 'demo.azurecr.io')).toMatchObject({
      reason: 'policy.deny.registryNotAllowed',
    });
    expect(policy.canRequest({ id: ALICE }, 'lock', 'demo.azurecr.io')).toMatchObject({
      reason: 'policy.deny.actionNotConfigured',
    });
  });

  it('accepts approvers by user id or group membership', () => {
    expect(
      policy.canApprove({ id: BOB, groups: [OPS_GROUP.toUpperCase().replace('AADGROUP', 'aadgroup')] }, subject),
    ).toEqual({ allow: true });
    expect(policy.canApprove({ id: CAROL }, subject)).toEqual({ allow: true });
    expect(policy.canApprove({ id: BOB }, subject)).toMatchObject({ allow: false, reason: 'policy.deny.notApprover' });
  });

  it('never lets the requester approve their own request, even when listed as approver', () => {
    const own = { ...subject, requester: CAROL };
    expect(policy.canApprove({ id: CAROL }, own)).toMatchObject({ allow: false, reason: 'policy.deny.selfApproval' });
    const upperCaseSelf = { ...subject, requester: ALICE.toUpperCase().replace('AAD', 'aad') };
    expect(policy.canApprove({ id: ALICE, groups: [OPS_GROUP] }, upperCaseSelf)).toMatchObject({
      reason: 'policy.deny.selfApproval',
    });
  });

  it('refuses a second approval by the same person', () => {
    expect(policy.canApprove({ id: CAROL }, { ...subject, approvals: [CAROL] })).toMatchObject({
      reason: 'policy.deny.alreadyApproved',
    });
  });

  it('lets the requester or an approver reject, nobody else', () => {
    expect(policy.canReject({ id: ALICE }, subject)).toEqual({ allow: true });
    expect(policy.canReject({ id: CAROL }, subject)).toEqual({ allow: true });
    expect(policy.canReject({ id: BOB }, subject)).toMatchObject({ reason: 'policy.deny.notRejecter' });
  });

  it('merges limits: action > defaults > built-in', () => {
    expect(policy.limits('purge')).toEqual({ approvalsRequired: 1, expiryInMs: 12 * 3_600_000, maxItemsPerPlan: 100 });
    expect(policy.limits('unlock')).toEqual({ approvalsRequired: 2, expiryInMs: 30 * 60_000, maxItemsPerPlan: 100 });
    expect(parsePolicy('version: 1\nregistries: ["*"]\nactions: {}').limits('lock')).toEqual({
      approvalsRequired: 1,
      expiryInMs: 24 * 3_600_000,
      maxItemsPerPlan: 1000,
    });
    expect(policy.checkPlanSize('purge', 100)).toEqual({ allow: true });
    expect(policy.checkPlanSize('purge', 101)).toMatchObject({
      allow: false,
      reason: 'policy.deny.tooManyItems',
      params: { count: 101, max: 100 },
    });
  });

  it('protects repositories and tags by glob', () => {
    expect(policy.isProtected('prod/web')).toBe(true);
    expect(policy.isProtected('prod/web/api', 'v1')).toBe(true);
    expect(policy.isProtected('app/web', 'latest')).toBe(true);
    expect(policy.isProtected('app/web', 'release-2024.1')).toBe(true);
    expect(policy.isProtected('app/web', 'v1')).toBe(false);
    expect(policy.isProtected('app/web', 'latest-1')).toBe(false);
    expect(policy.isProtected('production')).toBe(false);
  });

  it.each([
    [
      'a principal without platform prefix',
      POLICY.replace(`"${CAROL}"`, '"carol"'),
      'actions.purge.approvers[1]: expected "*"',
    ],
    [
      'an unknown action',
      `${POLICY}  delete-everything:\n    requesters: ["*"]\n    approvers: ["*"]\n`,
      'actions: unknown key(s) "delete-everything"',
    ],
    ['a bad duration', POLICY.replace('expiry: 30m', 'expiry: soon'), 'actions.unlock.expiry: expected a duration'],
    [
      'zero approvals',
      POLICY.replace('approvalsRequired: 2', 'approvalsRequired: 0'),
      'actions.unlock.approvalsRequired:',
    ],
    [
      'a misspelt key',
      POLICY.replace(`approvers: ["${BOB}"]`, `aprovers: ["${BOB}"]`),
      'actions.unlock: unknown key(s) "aprovers"',
    ],
    [
      'no registries',
      POLICY.replace('registries: ["*.azurecr.io"]', 'registries: []'),
      'registries: list at least one',
    ],
    ['a missing version', POLICY.replace('version: 1', ''), 'version:'],
  ])('rejects %s with the path of the bad key', (_name, yaml, expected) => {
    const error = errorOf(yaml);
    expect(error.message).toContain('test.yaml');
    expect(error.issues.join('\n')).toContain(expected);
  });

  it('rejects broken YAML and duplicate keys', () => {
    expect(errorOf('version: 1\nversion: 1\n').message).toContain('invalid YAML');
    expect(errorOf('actions: [unclosed').message).toContain('invalid YAML');
  });

  it('ships a valid default policy with the four-eyes defaults', async () => {
    const defaults = await loadPolicy(DEFAULT_POLICY_FILE);
    expect(defaults.limits('purge').expiryInMs).toBe(24 * 3_600_000);
    expect(defaults.isProtected('any', 'latest')).toBe(true);
    expect(defaults.canApprove({ id: ALICE }, { ...subject, requester: ALICE })).toMatchObject({
      reason: 'policy.deny.selfApproval',
    });
    expect(await readFile(DEFAULT_POLICY_FILE, 'utf8')).toContain('CHATOPS_POLICY_FILE');
  });

  // Every key in all five languages: test/unit/i18n/catalog.test.ts.
  it('fills the parameters of a refusal message', () => {
    expect(t('de', 'policy.deny.tooManyItems', { count: 5, max: 3, action: 'purge' })).toBe(
      'Der Plan hat 5 Elemente; die Richtlinie erlaubt höchstens 3 für purge.',
    );
  });
});
