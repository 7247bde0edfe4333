/**
 * Who did something, taken from the authenticated request (never card data), and how principals compare.
 * Shared by every feature that decides on or records a person: approvals, policy, the audit log, learning.
 */
import type { NeutralRequest } from './model.js';

/**
 * Who did something, as the authenticated activity says (never card data). Ids carry a platform prefix:
 * `aad:<object id>` (Teams / Entra), `slack:U123`, `teams:<channel user id>` (no Entra id, e.g. local
 * Playground). `groups` are the actor's group principals (`aadgroup:<guid>`), when the channel knows them.
 */
export interface Actor {
  /** The canonical principal: what audits, votes and cards record. */
  id: string;
  /**
   * Every principal of this person that the activity showed (`id` among them), e.g. `aad:<oid>` and
   * `teams:<user id>`. Four-eyes and policy compare all of them, so one person is never two principals.
   */
  ids?: readonly string[];
  groups?: readonly string[];
  displayName?: string;
}

/** The actor's own principals, normalized and without duplicates (the canonical one first). */
export function principalsOf(actor: Actor): string[] {
  return uniquePrincipals([actor.id, ...(actor.ids ?? [])]);
}

export function uniquePrincipals(principals: readonly string[]): string[] {
  return [...new Set(principals.map(normalizePrincipal))];
}

/**
 * True when any principal of one list is any principal of the other (the same person). Compared without
 * case, channel user ids too: for four-eyes a doubt must refuse (policy matching stays exact, see policy.ts).
 */
export function sharePrincipal(some: readonly string[], others: readonly string[]): boolean {
  const folded = (principal: string) => normalizePrincipal(principal).toLowerCase();
  const own = new Set(some.map(folded));
  return others.some((principal) => own.has(folded(principal)));
}

/** Entra ids are GUIDs, compared case-insensitively; Slack and Teams ids stay as they are. */
export function normalizePrincipal(principal: string): string {
  const colon = principal.indexOf(':');
  if (colon < 0) return principal;
  const kind = principal.slice(0, colon).toLowerCase();
  const value = principal.slice(colon + 1);
  return kind === 'aad' || kind === 'aadgroup' ? `${kind}:${value.toLowerCase()}` : `${kind}:${value}`;
}

/** The person behind a request, with every principal the channel authenticated (canonical one first). */
export function actorOf(req: NeutralRequest): Actor {
  const ids = uniquePrincipals(
    req.user.identities.length > 0 ? req.user.identities : [`${req.platform}:${req.user.id}`],
  );
  return { id: ids[0], ids, displayName: req.user.name };
}
