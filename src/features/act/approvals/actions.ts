/** Registry actions that change something and therefore need a plan, an approval and an audit trail. */
export const APPROVAL_ACTIONS = [
  'purge',
  'purge-untagged',
  'cancel-runs',
  'lock',
  'unlock',
  'disable-admin-user',
] as const;
export type ApprovalAction = (typeof APPROVAL_ACTIONS)[number];

export function isApprovalAction(value: string): value is ApprovalAction {
  return (APPROVAL_ACTIONS as readonly string[]).includes(value);
}

export { normalizePrincipal, principalsOf, sharePrincipal, uniquePrincipals, type Actor } from '../../../core/actor.js';
