/**
 * The approval policy: who may request and who may approve each registry action, how many approvals,
 * expiry, plan size, protected repositories/tags and allowed registries. Loaded from YAML
 * (`CHATOPS_POLICY_FILE`, default `src/features/act/approvals/policy.default.yaml`) and validated at start: a bad file
 * stops the bot with the path of the bad key instead of running with a half-understood policy.
 *
 * Four-eyes is not configurable: the requester can never approve their own request. A person is compared
 * by every principal known for them (Entra object id and channel user id), never by one form only.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { parseDurationInMs } from '../../../core/duration.js';
import { globListMatcher } from '../../../core/glob.js';
import {
  APPROVAL_ACTIONS,
  normalizePrincipal,
  principalsOf,
  sharePrincipal,
  type Actor,
  type ApprovalAction,
} from './actions.js';
import type { ApprovalMessageKey } from '../messages/index.js';

export const DEFAULT_POLICY_FILE = fileURLToPath(new URL('./policy.default.yaml', import.meta.url));

const GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const PRINCIPAL = new RegExp(`^(?:\\*|aad:${GUID}|aadgroup:${GUID}|slack:[UW][A-Z0-9]{2,}|teams:\\S+)$`);
const PRINCIPAL_HELP = 'expected "*", aad:<guid>, aadgroup:<guid>, slack:U123… or teams:<user id>';

const principal = z.string().regex(PRINCIPAL, PRINCIPAL_HELP).transform(normalizePrincipal);
const duration = z
  .string()
  .refine((text) => (parseDurationInMs(text) ?? 0) > 0, 'expected a duration such as 24h, 30m or 7d')
  .transform((text) => parseDurationInMs(text) as number);
const glob = z.string().min(1, 'expected a non-empty glob');

const limitsShape = {
  approvalsRequired: z.number().int().min(1).max(10).optional(),
  expiry: duration.optional(),
  maxItemsPerPlan: z.number().int().min(1).max(1_000_000).optional(),
};

const actionSchema = z
  .object({
    requesters: z.array(principal).min(1, 'list at least one principal (or "*")'),
    approvers: z.array(principal).min(1, 'list at least one principal (or "*")'),
    registries: z.array(glob).min(1).optional(),
    ...limitsShape,
  })
  .strict();

const actionsShape = Object.fromEntries(APPROVAL_ACTIONS.map((action) => [action, actionSchema.optional()])) as Record<
  ApprovalAction,
  z.ZodOptional<typeof actionSchema>
>;

export const policySchema = z
  .object({
    version: z.literal(1),
    defaults: z.object(limitsShape).strict().default({}),
    registries: z.array(glob).min(1, 'list at least one allowed registry glob'),
    protected: z
      .object({ repositories: z.array(glob).default([]), tags: z.array(glob).default([]) })
      .strict()
      .default({}),
    actions: z.object(actionsShape).strict(),
    // Who reviews phrasings learnt from feedback (src/features/ask/learning); nobody when the section is absent.
    knowledge: z
      .object({ maintainers: z.array(principal).default([]) })
      .strict()
      .default({}),
    /** May read every conversation's audit records in chat (`audit`); everyone else sees their conversation's. */
    admins: z.array(principal).default([]),
  })
  .strict();

export type PolicyDocument = z.infer<typeof policySchema>;

export class PolicyError extends Error {
  constructor(
    message: string,
    readonly issues: readonly string[],
  ) {
    super(message);
    this.name = 'PolicyError';
  }
}

export type PolicyDecision =
  { allow: true } | { allow: false; reason: ApprovalMessageKey; params?: Record<string, string | number> };

/** What the approval side needs to know about a request to decide on an approval. */
export interface ApprovalSubject {
  action: ApprovalAction;
  registry: string;
  requester: string;
  /** Every principal of the requester (requests stored before they were kept have only `requester`). */
  requesterIds?: readonly string[];
  /** Principals that already approved. */
  approvals: readonly string[];
  /** Every principal of everyone who already approved. */
  approverIds?: readonly string[];
}

export interface ActionLimits {
  approvalsRequired: number;
  expiryInMs: number;
  maxItemsPerPlan: number;
}

const BUILT_IN_LIMITS: ActionLimits = { approvalsRequired: 1, expiryInMs: 24 * 3_600_000, maxItemsPerPlan: 1000 };
const ALLOW: PolicyDecision = { allow: true };

export class Policy {
  private readonly protectedRepository: (repository: string) => boolean;
  private readonly protectedTag: (tag: string) => boolean;

  constructor(readonly document: PolicyDocument) {
    this.protectedRepository = globListMatcher(document.protected.repositories);
    this.protectedTag = globListMatcher(document.protected.tags);
  }

  limits(action: ApprovalAction): ActionLimits {
    const rule = this.document.actions[action];
    const defaults = this.document.defaults;
    return {
      approvalsRequired: rule?.approvalsRequired ?? defaults.approvalsRequired ?? BUILT_IN_LIMITS.approvalsRequired,
      expiryInMs: rule?.expiry ?? defaults.expiry ?? BUILT_IN_LIMITS.expiryInMs,
      maxItemsPerPlan: rule?.maxItemsPerPlan ?? defaults.maxItemsPerPlan ?? BUILT_IN_LIMITS.maxItemsPerPlan,
    };
  }

  isRegistryAllowed(action: ApprovalAction, registry: string): boolean {
    const globs = this.document.actions[action]?.registries ?? this.document.registries;
    return globListMatcher(globs, { caseInsensitive: true })(registry);
  }

  /** Repositories and tags the planner must never delete, whatever was asked. */
  isProtected(repository: string, tag?: string): boolean {
    return this.protectedRepository(repository) || (tag !== undefined && this.protectedTag(tag));
  }

  /** An admin of the bot (policy `admins`): sees the audit of every conversation in chat. */
  isAdmin(actor: Actor): boolean {
    return matchesAny(actor, this.document.admins);
  }

  canRequest(actor: Actor, action: ApprovalAction, registry: string): PolicyDecision {
    const rule = this.document.actions[action];
    if (!rule) return { allow: false, reason: 'policy.deny.actionNotConfigured', params: { action } };
    if (!matchesAny(actor, rule.requesters))
      return { allow: false, reason: 'policy.deny.notRequester', params: { action } };
    if (!this.isRegistryAllowed(action, registry))
      return { allow: false, reason: 'policy.deny.registryNotAllowed', params: { registry } };
    return ALLOW;
  }

  canApprove(actor: Actor, subject: ApprovalSubject): PolicyDecision {
    const { action, registry } = subject;
    const rule = this.document.actions[action];
    if (!rule) return { allow: false, reason: 'policy.deny.actionNotConfigured', params: { action } };
    const actorIds = principalsOf(actor);
    // Four-eyes: checked before anything else so the reason is the honest one, and never configurable.
    if (isRequester(actorIds, subject)) return { allow: false, reason: 'policy.deny.selfApproval' };
    if (!matchesAny(actor, rule.approvers))
      return { allow: false, reason: 'policy.deny.notApprover', params: { action } };
    if (!this.isRegistryAllowed(action, registry))
      return { allow: false, reason: 'policy.deny.registryNotAllowed', params: { registry } };
    if (sharePrincipal(actorIds, [...subject.approvals, ...(subject.approverIds ?? [])]))
      return { allow: false, reason: 'policy.deny.alreadyApproved' };
    return ALLOW;
  }

  /** The requester may withdraw; an approver may reject. */
  canReject(actor: Actor, subject: ApprovalSubject): PolicyDecision {
    if (isRequester(principalsOf(actor), subject)) return ALLOW;
    const rule = this.document.actions[subject.action];
    if (rule && matchesAny(actor, rule.approvers)) return ALLOW;
    return { allow: false, reason: 'policy.deny.notRejecter' };
  }

  /** Knowledge maintainers accept or reject phrasings learnt from feedback (`kb review`). */
  canMaintainKnowledge(actor: Actor): boolean {
    return matchesAny(actor, this.document.knowledge.maintainers);
  }

  checkPlanSize(action: ApprovalAction, itemCount: number): PolicyDecision {
    const max = this.limits(action).maxItemsPerPlan;
    return itemCount <= max
      ? ALLOW
      : { allow: false, reason: 'policy.deny.tooManyItems', params: { action, count: itemCount, max } };
  }
}

/** A policy entry matches when it names any of the actor's principals or groups, in whichever form. */
function matchesAny(actor: Actor, principals: readonly string[]): boolean {
  const own = new Set([...principalsOf(actor), ...(actor.groups ?? []).map(normalizePrincipal)]);
  return principals.some((principal) => principal === '*' || own.has(principal));
}

/** Any principal of the actor is any principal of the requester. */
export function isRequester(
  actorIds: readonly string[],
  subject: Pick<ApprovalSubject, 'requester' | 'requesterIds'>,
): boolean {
  return sharePrincipal(actorIds, [subject.requester, ...(subject.requesterIds ?? [])]);
}

/** Parses and validates policy YAML; `source` names the file in error messages. */
export function parsePolicy(yamlText: string, source = 'policy'): Policy {
  const doc = parseDocument(yamlText, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((error) => error.message.split('\n')[0]);
    throw new PolicyError(`${source}: invalid YAML: ${issues.join('; ')}`, issues);
  }
  const result = policySchema.safeParse(doc.toJS());
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `${formatPath(issue.path)}: ${describeIssue(issue)}`);
    throw new PolicyError(`${source}: invalid approval policy:\n  ${issues.join('\n  ')}`, issues);
  }
  return new Policy(result.data);
}

export async function loadPolicy(file = process.env.CHATOPS_POLICY_FILE || DEFAULT_POLICY_FILE): Promise<Policy> {
  return parsePolicy(await readFile(file, 'utf8'), file);
}

function formatPath(path: (string | number)[]): string {
  if (path.length === 0) return '(top level)';
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
}

function describeIssue(issue: z.ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key(s) ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
  return issue.message;
}
