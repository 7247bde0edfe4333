/**
 * "Act" in chat, channel-neutral: typed commands and natural requests → a dry-run plan → a stored
 * approval request and a preview card; Approve / Reject (Universal Actions) → verified click → exactly-
 * once execution by the runner; read-only commands (usage, health, repos, tags, pending, audit) answer
 * at once; anything ambiguous opens the request form instead of guessing.
 */
import { actionString, errorReference } from '../../core/action-data.js';
import {
  APPROVAL_ACTIONS,
  isApprovalAction,
  principalsOf,
  type Actor,
  type ApprovalAction,
} from './approvals/actions.js';
import { actorOf } from '../../core/actor.js';
import { PLATFORMS } from '../../core/platforms.js';
import type { ApprovalRequest, ApprovalStore } from './approvals/approval-store.js';
import type { AuditLog } from '../../storage/audit-log.js';
import { isRequester, type Policy } from './approvals/policy.js';
import type { ApprovalClickHandler } from './approvals/verify-click.js';
import type { ChatFeature } from '../../core/feature.js';
import { formatBytes } from '../../core/bytes.js';
import type { NeutralReply, NeutralRequest, Platform, ReplySection } from '../../core/model.js';
import type { ConversationMessenger, Logger } from '../../core/ports.js';
import { errorReply } from '../../core/replies.js';
import type { CommandRouter, RouteContext } from '../../core/router.js';
import { detectLanguage } from '../ask/index.js';
import { isLang, langFromLocale, type Lang } from '../../core/lang.js';
import { RegistryError } from '../../registry/errors.js';
import { checkRegistryHealth, type HealthReport } from '../../registry/health.js';
import { listRepositoryNames, listTagRows } from '../../registry/read-operations.js';
import { PurgeInputError } from './purge/errors.js';
import { commandText, parseRequest, requestFromParams } from './request-parser.js';
import { REGISTRY_NAME, REPOSITORY_NAME, type CommandName, type RequestParams } from './request-params.js';
import {
  isComplete,
  startWizard,
  startWizardFromRequest,
  submitForm,
  toRequest,
  type WizardOptions,
} from '../../../dialogs/request-wizard.js';
import {
  ACT_VERBS,
  actHelpReply,
  actHelpSection,
  type ActHelpInput,
  actionName,
  adminStatusReply,
  auditReply,
  type AuditNames,
  scopeText,
  formReply,
  healthReply,
  infoReply,
  notSetUpReply,
  listReply,
  pendingReply,
  requestReply,
  usageReply,
  type CardViewer,
} from './cards.js';
import { ActError } from './errors.js';
import { faqActionsFor } from './faq-links.js';
import { t, type ActMessageKey } from './messages/index.js';
import { buildPlan, summarizePlan, type ActionPlan } from './plans.js';
import type { RegistryConnection, RegistryDirectory, RegistryEntry } from './registries.js';
import type { ReportStore } from './execution/report-store.js';
import type { ExecutionRunner } from './execution/runner.js';

export interface ActFeatureOptions {
  policy: Policy;
  store: ApprovalStore;
  audit: AuditLog;
  clicks: ApprovalClickHandler;
  runner: ExecutionRunner;
  directory: RegistryDirectory;
  messenger: ConversationMessenger;
  reports: ReportStore;
  logger: Logger;
  reportUrl: (requestId: string, token: string) => string | undefined;
  now?: () => Date;
  /** Ask's answer to a question, or null when the FAQ has none (a request that cannot run here still gets it). */
  answerFaq?: FaqAnswer;
  /** Health check of one registry (default: the registry module's check against its endpoint). */
  healthCheck?: (entry: RegistryEntry, connection: RegistryConnection, signal?: AbortSignal) => Promise<HealthReport>;
}

/** Read-only listings the request parser does not cover: `repos [registry]`, `tags <repository>`. */
const LIST_COMMAND = /^\/?(repos|repositories|tags)(?:\s+([^\s-][^\s]*))?(?:\s+(?:--registry|-r)\s+(\S+))?\s*$/i;

type Origin = NeutralRequest['origin'];

/** Ask's decorated answer to a question, or null when the FAQ has none. */
export type FaqAnswer = (question: string, request: NeutralRequest, ctx: RouteContext) => Promise<NeutralReply | null>;

/**
 * Answers that explain how things are (nothing to cancel, already disabled, a capability this registry
 * lacks): shown as plain information. Error cards are kept for what went wrong or was refused.
 */
const NOT_AN_ERROR: ReadonlySet<ActMessageKey> = new Set<ActMessageKey>([
  'err.noRuns',
  'admin.alreadyDisabled',
  'err.locksUnsupported',
  'err.needsAcr',
  'err.noRegistry',
]);

/** Commands that work without any registry (the approval store and the audit log are local). */
const WITHOUT_REGISTRY: ReadonlySet<string> = new Set(['pending', 'audit', 'help']);

function needsRegistry(command: string | undefined): boolean {
  return command === undefined || !WITHOUT_REGISTRY.has(command);
}

export class ActFeature implements ChatFeature {
  private readonly now: () => Date;

  constructor(private readonly options: ActFeatureOptions) {
    this.now = options.now ?? (() => new Date());
  }

  register(router: CommandRouter): void {
    router
      .onAction(ACT_VERBS.view, (req, ctx) => this.guard(req, ctx, () => this.view(req, this.lang(req, ctx))))
      .onAction(ACT_VERBS.approve, (req, ctx) =>
        this.guard(req, ctx, () => this.decide(req, this.lang(req, ctx), 'approve')),
      )
      .onAction(ACT_VERBS.reject, (req, ctx) =>
        this.guard(req, ctx, () => this.decide(req, this.lang(req, ctx), 'reject')),
      )
      .onAction(ACT_VERBS.form, (req, ctx) => this.guard(req, ctx, () => this.submitForm(req, this.lang(req, ctx))))
      .onAction(ACT_VERBS.suggest, (req, ctx) => this.guard(req, ctx, () => this.suggest(req, this.lang(req, ctx))))
      .onAction(ACT_VERBS.request, (req, ctx) =>
        this.guard(req, ctx, () => this.requestFromButton(req, this.lang(req, ctx))),
      )
      .onParsed(parseActText, (req, ctx, typed) =>
        this.guard(req, ctx, () => this.onText(req, ctx, typed), this.textLang(req, ctx, typed)),
      );
  }

  /** The help card's part about registry actions: the commands this person may use, or how to get them. */
  helpSection(lang: Lang, request: NeutralRequest): ReplySection {
    return actHelpSection(lang, this.helpInput(request));
  }

  private helpInput(request: NeutralRequest): ActHelpInput | null {
    const entry = this.options.directory.defaultEntry;
    if (!entry) return null;
    const actor = actorOf(request);
    const allowed = APPROVAL_ACTIONS.filter((action) =>
      this.options.directory.entries.some((e) => this.options.policy.canRequest(actor, action, e.host).allow),
    );
    return {
      registryNames: this.registryNames(),
      allowed,
      denied: APPROVAL_ACTIONS.filter((action) => !allowed.includes(action)),
    };
  }

  /** FAQ answers lead into actions; credential questions get the FAQ plus a refusal, never a secret. */
  decorateAnswer(
    reply: NeutralReply,
    context: { topic: string; question: string; request: NeutralRequest },
  ): NeutralReply {
    return faqActionsFor(reply, context, this.options.directory.defaultEntry?.name);
  }

  /** Expires overdue requests (their cards say so) and picks up executions whose worker died. */
  async sweep(): Promise<void> {
    for (const id of await this.options.store.expireDue()) {
      await this.options.audit.append({
        actor: 'system',
        action: 'approval.expire',
        target: `request:${id}`,
        origin: 'automation',
        result: 'expired',
      });
      const request = await this.options.store.get(id);
      if (request) await this.updateForEveryone(request);
    }
    await this.options.runner.recover();
  }

  /**
   * For other features (an alert's "Preview cleanup" button): the reply a person gets for this request, given
   * as an action and its parameters instead of text — a preview, or the form when something is missing.
   */
  readonly preview = (
    req: NeutralRequest,
    ctx: RouteContext,
    action: CommandName,
    params: RequestParams,
  ): Promise<NeutralReply> =>
    this.guard(req, ctx, () =>
      this.onText(req, ctx, {
        text: commandText(action, params),
        list: null,
        parsed: requestFromParams(action, params),
      }),
    );

  // ───────────────────────────── text ─────────────────────────────

  private async onText(req: NeutralRequest, ctx: RouteContext, { text, list, parsed }: ActText): Promise<NeutralReply> {
    const natural = !list && parsed.kind !== 'none' && parsed.origin === 'natural';
    const lang = this.textLang(req, ctx, { text, list, parsed });
    const command = list
      ? 'repos'
      : parsed.kind === 'action'
        ? parsed.action
        : parsed.kind === 'ambiguous'
          ? parsed.partial.action
          : undefined;
    if (this.options.directory.entries.length === 0 && needsRegistry(command))
      return this.notSetUp(req, text, lang, natural, ctx);
    if (list) return this.listing(list[1].toLowerCase(), list[2], list[3], ctx.lang, ctx.signal);
    if (parsed.kind === 'none') return errorReply(lang, t(lang, 'err.invalidRequest', { detail: text.slice(0, 100) }));
    if (parsed.kind === 'ambiguous') {
      const action = parsed.partial.action;
      if (!action || action === 'purge' || action === 'purge-untagged') {
        return formReply(
          startWizardFromRequest(lang, parsed.partial, this.wizardOptions()),
          this.registryNames(),
          true,
        );
      }
      const detail = [...parsed.missing, ...parsed.invalid.map((bad) => `${bad.field} “${bad.value}”`)].join(', ');
      return errorReply(lang, t(lang, 'err.invalidRequest', { detail }));
    }
    return this.run(req, lang, parsed.action, parsed.params, ctx.signal);
  }

  private async run(
    req: NeutralRequest,
    lang: Lang,
    command: string,
    params: RequestParams,
    signal?: AbortSignal,
  ): Promise<NeutralReply> {
    if (isApprovalAction(command)) return this.requestAction(req, lang, command, params, req.origin, signal);
    switch (command) {
      case 'usage':
        return this.usage(lang, params.registry, signal);
      case 'health':
        return this.health(lang, params.registry, signal);
      case 'pending':
        return this.pending(req, lang);
      case 'audit':
        return this.auditList(req, lang, params.count);
      default:
        return actHelpReply(lang, this.helpInput(req));
    }
  }

  // ───────────────────────────── requesting ─────────────────────────────

  private async requestAction(
    req: NeutralRequest,
    lang: Lang,
    action: ApprovalAction,
    params: RequestParams,
    origin: Origin,
    signal?: AbortSignal,
  ): Promise<NeutralReply> {
    const { policy, store, audit } = this.options;
    const entry = this.entry(params.registry);
    const actor = actorOf(req);
    const auditRequest = (result: string, details: Record<string, unknown> = {}) =>
      audit.append({
        actor: actor.id,
        action: 'act.request',
        target: `registry:${entry.name}`,
        origin,
        result,
        details: {
          action,
          params,
          conversationId: req.conversation.id,
          actorIds: principalsOf(actor),
          actorName: req.user.name,
          ...details,
        },
      });

    const allowed = policy.canRequest(actor, action, entry.host);
    if (!allowed.allow) {
      await auditRequest('refused', { reason: allowed.reason });
      return errorReply(lang, t(lang, allowed.reason, allowed.params));
    }
    let plan: ActionPlan;
    try {
      plan = await buildPlan(action, params, {
        entry,
        connection: this.options.directory.connection(entry),
        policy,
        now: this.now,
        abortSignal: signal,
      });
    } catch (error) {
      if (error instanceof ActError || error instanceof PurgeInputError)
        await auditRequest('refused', { reason: error instanceof ActError ? error.key : error.code });
      throw error;
    }
    if (plan.items.length === 0) {
      if (
        (action === 'purge' || action === 'purge-untagged') &&
        params.repository &&
        !(await this.repositoryExists(entry, params.repository, signal))
      ) {
        await auditRequest('empty', { reason: 'repository-not-found' });
        return infoReply(lang, t(lang, 'repo.notFound', { repository: params.repository, registry: entry.name }));
      }
      await auditRequest('empty');
      return infoReply(lang, t(lang, 'empty.plan', { action: actionName(lang, action), registry: entry.name }));
    }
    const size = policy.checkPlanSize(action, plan.items.length);
    if (!size.allow) {
      await auditRequest('refused', { reason: size.reason, items: plan.items.length });
      return errorReply(lang, t(lang, size.reason, size.params));
    }
    const limits = policy.limits(action);
    const request = await store.create({
      action,
      registry: entry.host,
      params: { ...params, lang, registryName: entry.name, names: { [actor.id]: req.user.name } },
      plan,
      requester: actor.id,
      requesterIds: principalsOf(actor),
      platform: req.platform,
      conversationId: req.conversation.id,
      approvalsRequired: limits.approvalsRequired,
      expiryInMs: limits.expiryInMs,
    });
    await audit.append({
      actor: actor.id,
      action: 'act.request',
      target: `request:${request.id}`,
      origin,
      result: 'pending',
      details: {
        action,
        registry: entry.host,
        params,
        items: plan.items.length,
        planHash: request.planHash,
        conversationId: req.conversation.id,
        expiresAt: request.expiresAt.toISOString(),
        actorIds: request.requesterIds,
        actorName: req.user.name,
      },
    });
    // A personal chat has no one else in it: say so rather than leave the request waiting for nobody.
    const notice =
      req.conversation.type === 'personal'
        ? { text: t(lang, 'notice.personalChat'), tone: 'attention' as const }
        : undefined;
    const reply = await this.cardFor(request, lang, cardForEveryone(req.platform), notice);
    return { ...reply, onPosted: (messageId) => store.attachCard(request.id, messageId) };
  }

  private async requestFromButton(req: NeutralRequest, lang: Lang): Promise<NeutralReply> {
    const action = String(req.action?.data.action ?? '');
    if (!isApprovalAction(action)) throw new ActError('err.invalidRequest', { detail: action });
    return this.requestAction(req, lang, action, { registry: actionString(req, 'registry') }, 'button');
  }

  /** Buttons under FAQ answers. */
  private async suggest(req: NeutralRequest, lang: Lang): Promise<NeutralReply> {
    const registry = actionString(req, 'registry');
    switch (req.action?.data.do) {
      case 'purge-untagged':
        return this.requestAction(
          req,
          lang,
          'purge-untagged',
          { registry, repository: '.*', untaggedOnly: true },
          'button',
        );
      case 'cancel-runs':
        return this.requestAction(req, lang, 'cancel-runs', { registry }, 'button');
      case 'usage':
        return this.usage(lang, registry);
      case 'health':
        return this.health(lang, registry);
      case 'admin-status':
        return this.adminStatus(lang, registry);
      default:
        throw new ActError('err.invalidRequest', { detail: String(req.action?.data.do ?? '') });
    }
  }

  private async submitForm(req: NeutralRequest, lang: Lang): Promise<NeutralReply> {
    const data = req.action?.data ?? {};
    const form: Record<string, unknown> = {};
    for (const field of ['registry', 'repository', 'tagRegex', 'olderThan', 'keep'] as const)
      if (field in data) form[field] = data[field];
    form.untaggedOnly = data.untaggedOnly === true || data.untaggedOnly === 'true';
    const state = submitForm(startWizard(lang, {}, this.wizardOptions()), form, this.wizardOptions());
    const complete = isComplete(state) ? toRequest(state) : null;
    if (!complete) return formReply(state, this.registryNames(), true);
    return this.requestAction(req, lang, complete.action, complete.params, 'button');
  }

  private wizardOptions(): WizardOptions {
    return {
      defaultRegistry: this.options.directory.defaultEntry?.name,
      isRegistryAllowed: (registry) => {
        const entry = this.options.directory.find(registry);
        return !!entry && this.options.policy.isRegistryAllowed('purge', entry.host);
      },
    };
  }

  // ───────────────────────────── approving ─────────────────────────────

  private async decide(req: NeutralRequest, lang: Lang, decision: 'approve' | 'reject'): Promise<NeutralReply> {
    const actor = actorOf(req);
    const result = await this.options.clicks.handle(
      { ...(req.action?.data ?? {}), decision },
      { actor, platform: req.platform, conversationId: req.conversation.id },
    );
    if (!result.ok) {
      const message = t(lang, result.messageKey, result.params);
      // A refused click is the clicker's business only (Slack: an ephemeral message; Teams: their own view).
      if (!result.request) return forClicker(errorReply(lang, message));
      // A click on an expired request shows everyone that it expired.
      if (result.reason === 'expired') await this.updateForEveryone(result.request);
      return forClicker(
        await this.cardFor(result.request, lang, this.viewerOf(result.request, actor), {
          text: message,
          tone: 'attention',
        }),
      );
    }
    if (actor.displayName) await this.options.store.rememberDisplayName(result.request.id, actor.id, actor.displayName);
    const decided = (await this.options.store.get(result.request.id)) ?? result.request;
    await this.updateForEveryone(decided, req.sourceMessageId);
    if (result.decision === 'approve' && result.approvedNow) await this.options.runner.start(decided.id);
    const notice =
      result.decision === 'approve' && !result.approvedNow
        ? {
            text: t(lang, 'decided.recorded', {
              count: decided.approvals.length,
              required: decided.approvalsRequired,
            }),
            tone: 'accent' as const,
          }
        : undefined;
    return inPlace(await this.cardFor(decided, lang, this.viewerOf(decided, actor), notice));
  }

  /** The card as this person should see it (refresh, or the Review button). */
  private async view(req: NeutralRequest, lang: Lang): Promise<NeutralReply> {
    const id = actionString(req, 'requestId');
    const request = id ? await this.options.store.get(id) : null;
    if (!request) return errorReply(lang, t(lang, 'click.notFound'));
    if (request.platform !== req.platform || request.conversationId !== req.conversation.id)
      return errorReply(lang, t(lang, 'click.wrongConversation'));
    if (request.planHash !== actionString(req, 'planHash')) return errorReply(lang, t(lang, 'click.tampered'));
    return forClicker(await this.cardFor(request, lang, this.viewerOf(request, actorOf(req))));
  }

  private viewerOf(request: ApprovalRequest, actor: Actor): CardViewer {
    if (request.state !== 'pending') return 'everyone';
    // One card for all: the buttons are on it for everyone, and each click is checked (a refusal goes to the clicker).
    if (!PLATFORMS[request.platform].perViewerCards) return 'shared';
    if (isRequester(principalsOf(actor), request)) return 'requester';
    return this.options.policy.canApprove(actor, request).allow ? 'approver' : 'observer';
  }

  /** The request's card in its current state: preview, decided, progress or report. */
  private async cardFor(
    request: ApprovalRequest,
    lang: Lang,
    viewer: CardViewer,
    notice?: { text: string; tone: 'accent' | 'attention' },
  ): Promise<NeutralReply> {
    const stored =
      request.state === 'done' || request.state === 'failed' ? await this.options.reports.get(request.id) : null;
    return requestReply({
      request,
      summary: summarizePlan(request.action, request.params as RequestParams, request.plan as ActionPlan),
      lang,
      approvers: this.options.policy.document.actions[request.action]?.approvers ?? [],
      viewer,
      refreshUserIds: refreshUserIds(
        this.options.policy.document.actions[request.action]?.approvers ?? [],
        request.requesterIds,
      ),
      progress: request.state === 'running' ? this.options.runner.progressOf(request.id) : undefined,
      ...(stored ? { report: stored.report, reportUrl: this.options.reportUrl(request.id, stored.token) } : {}),
      ...(notice ? { notice } : {}),
    });
  }

  /** Replaces the request's card for everyone in the conversation (the decision, expiry). */
  private async updateForEveryone(request: ApprovalRequest, fallbackMessageId?: string): Promise<void> {
    const messageId = request.cardMessageId ?? fallbackMessageId;
    if (!messageId) return;
    const params = request.params as { lang?: string };
    const lang: Lang = isLang(params.lang) ? params.lang : 'en';
    try {
      await this.options.messenger.update(
        { platform: request.platform, conversationId: request.conversationId },
        messageId,
        await this.cardFor(request, lang, cardForEveryone(request.platform)),
      );
    } catch (err) {
      this.options.logger.warn({ err, requestId: request.id }, 'could not update the request card');
    }
  }

  // ───────────────────────────── read-only ─────────────────────────────

  private async usage(lang: Lang, registry: string | undefined, signal?: AbortSignal): Promise<NeutralReply> {
    const entry = this.entry(registry);
    const { client, management } = this.options.directory.connection(entry);
    const usage = management
      ? await management.getUsage({ abortSignal: signal })
      : client.getUsage
        ? await client.getUsage({ abortSignal: signal })
        : null;
    return usageReply(lang, entry.name, usage, client.kind === 'acr' ? 'usage.unavailableAcr' : 'usage.unavailableOci');
  }

  private async health(lang: Lang, registry: string | undefined, signal?: AbortSignal): Promise<NeutralReply> {
    const entry = this.entry(registry);
    const connection = this.options.directory.connection(entry);
    const report = this.options.healthCheck
      ? await this.options.healthCheck(entry, connection, signal)
      : await checkRegistryHealth({ endpoint: connection.client.endpoint, timeoutInMs: 5000, abortSignal: signal });
    return healthReply(lang, entry.name, report);
  }

  private async adminStatus(lang: Lang, registry: string | undefined): Promise<NeutralReply> {
    const entry = this.entry(registry);
    const { management } = this.options.directory.connection(entry);
    // Only the switch is read: getRegistry returns no credentials, and nothing here calls listCredentials.
    const enabled = management ? (await management.getRegistry()).adminUserEnabled : null;
    return adminStatusReply(lang, entry.name, enabled);
  }

  private async listing(
    kind: string,
    argument: string | undefined,
    registryOption: string | undefined,
    lang: Lang,
    signal?: AbortSignal,
  ): Promise<NeutralReply> {
    if (kind === 'tags') {
      if (!argument || !REPOSITORY_NAME.test(argument))
        throw new ActError('err.invalidRequest', { detail: 'tags <repository>' });
      const entry = this.entry(registryOption);
      let rows;
      try {
        rows = await listTagRows(this.options.directory.connection(entry).client, argument, {
          abortSignal: signal,
          now: this.now(),
        });
      } catch (error) {
        // 404 NAME_UNKNOWN: the repository does not exist, which is an answer, not a failure.
        if (error instanceof RegistryError && error.status === 404)
          return infoReply(lang, t(lang, 'repo.notFound', { repository: argument, registry: entry.name }));
        throw error;
      }
      // Distribution answers an unknown repository with an empty tag list: say which it is.
      if (rows.length === 0 && !(await this.repositoryExists(entry, argument, signal)))
        return infoReply(lang, t(lang, 'repo.notFound', { repository: argument, registry: entry.name }));
      const lines = rows.map(
        (r) =>
          `${r.tag ?? t(lang, 'tags.untagged')}  ${r.digest.slice(7, 19)}  ${r.ageInDays ?? '?'}d  ${formatBytes(r.sizeInBytes)}${r.locked ? '  🔒' : ''}`,
      );
      return listReply(lang, t(lang, 'tags.title', { repository: argument, registry: entry.name }), lines, 'tags.none');
    }
    const registry = registryOption ?? (argument && REGISTRY_NAME.test(argument) ? argument : undefined);
    const entry = this.entry(registry);
    const names = await listRepositoryNames(this.options.directory.connection(entry).client, { abortSignal: signal });
    return listReply(lang, t(lang, 'repos.title', { registry: entry.name }), names, 'repos.none');
  }

  /** The newest audit entries with names: people from the requests they acted on, requests by what they asked. */
  private async auditList(req: NeutralRequest, lang: Lang, count: number | undefined): Promise<NeutralReply> {
    // Other conversations' requests are not this conversation's business; policy admins see all.
    const limit = Math.min(count ?? 20, 100);
    const records = this.options.policy.isAdmin(actorOf(req))
      ? await this.options.audit.tail(limit)
      : await this.options.audit.tailForConversation(req.platform, req.conversation.id, limit);
    const names: AuditNames = { people: {}, requests: {} };
    const requestIds = new Set(
      records.filter((r) => r.target.startsWith('request:')).map((r) => r.target.slice('request:'.length)),
    );
    for (const id of requestIds) {
      const request = await this.options.store.get(id);
      if (!request) continue;
      const params = request.params as RequestParams & { names?: Record<string, unknown> };
      for (const [principal, name] of Object.entries(params.names ?? {}))
        if (typeof name === 'string' && name) names.people[principal] = name;
      names.requests[id] =
        `${actionName(lang, request.action)} · ${scopeText(lang, summarizePlan(request.action, params, request.plan as ActionPlan).scope)}`;
    }
    const me = actorOf(req);
    if (me.displayName) names.people[me.id] = me.displayName;
    return auditReply(lang, records, names);
  }

  private async pending(req: NeutralRequest, lang: Lang): Promise<NeutralReply> {
    const requests = await this.options.store.listPending(req.platform, req.conversation.id);
    return pendingReply(
      lang,
      requests.map((request) => ({
        request,
        summary: summarizePlan(request.action, request.params as RequestParams, request.plan as ActionPlan),
      })),
    );
  }

  // ───────────────────────────── helpers ─────────────────────────────

  /**
   * With no registry configured a request cannot run: say so kindly (it is a setup matter, not an
   * error) and, for requests in words, add the FAQ's answer when it has one.
   */
  private async notSetUp(
    req: NeutralRequest,
    text: string,
    lang: Lang,
    natural: boolean,
    ctx: RouteContext,
  ): Promise<NeutralReply> {
    const answer = natural && this.options.answerFaq ? await this.options.answerFaq(text, req, ctx) : null;
    return notSetUpReply(lang, text.slice(0, 80), answer);
  }

  /** Only a plain repository name can be looked up; a regex that matches nothing is just an empty plan. */
  private async repositoryExists(entry: RegistryEntry, repository: string, signal?: AbortSignal): Promise<boolean> {
    if (!REPOSITORY_NAME.test(repository)) return true;
    const names = await listRepositoryNames(this.options.directory.connection(entry).client, { abortSignal: signal });
    return names.includes(repository);
  }

  private entry(registry: string | undefined): RegistryEntry {
    const { directory } = this.options;
    if (directory.entries.length === 0) throw new ActError('err.noRegistry');
    const entry = directory.find(registry);
    if (!entry)
      throw new ActError('err.unknownRegistry', { registry: registry ?? '', names: this.registryNames().join(', ') });
    return entry;
  }

  private registryNames(): string[] {
    return this.options.directory.entries.map((e) => e.name);
  }

  /** A request in words is answered in the language it was written in; a typed command in the client's. */
  private textLang(req: NeutralRequest, ctx: RouteContext, { text, list, parsed }: ActText): Lang {
    return !list && parsed.kind !== 'none' && parsed.origin === 'natural'
      ? detectLanguage(text, req.locale).lang
      : ctx.lang;
  }

  private lang(req: NeutralRequest, ctx: RouteContext): Lang {
    const lang = req.action?.data.lang;
    return isLang(lang) ? lang : (langFromLocale(req.locale) ?? ctx.lang);
  }

  /** Feature errors become localized replies; registry failures are logged with a reference, never shown raw. */
  private async guard(
    req: NeutralRequest,
    ctx: RouteContext,
    work: () => Promise<NeutralReply>,
    replyLang?: Lang,
  ): Promise<NeutralReply> {
    try {
      return await work();
    } catch (error) {
      const lang = replyLang ?? this.lang(req, ctx);
      if (error instanceof ActError) {
        const params = { ...error.params };
        if (typeof params.action === 'string') params.action = actionName(lang, params.action);
        const message = t(lang, error.key, params);
        return NOT_AN_ERROR.has(error.key) ? infoReply(lang, message) : errorReply(lang, message);
      }
      // A registry that cannot list untagged manifests is how Distribution works, not a failure.
      if (error instanceof PurgeInputError)
        return error.code === 'untagged-unsupported'
          ? infoReply(lang, error.localize(lang))
          : errorReply(lang, error.localize(lang));
      const ref = errorReference();
      this.options.logger.error(
        { err: error, ref, verb: req.action?.verb, conversationId: req.conversation.id },
        'act: request failed',
      );
      return errorReply(lang, t(lang, 'err.registryFailed', { ref }));
    }
  }
}

/**
 * Whoever sent the activity, as one person: the canonical principal (the channel's first identity, e.g.
 * the Entra object id when Teams sent one) plus every other principal the activity showed.
 */
/**
 * Teams user ids whose clients refresh the card automatically (max 60): `teams:<id>` principals as they
 * are, Entra users as their MRI `8:orgid:<object id>`. With "*" or groups the list cannot be known; the
 * card then has no userIds and approvers press Review to get their buttons.
 */
export function refreshUserIds(approvers: readonly string[], requesterIds: readonly string[]): string[] | undefined {
  if (approvers.some((a) => a === '*' || a.startsWith('aadgroup:') || a.startsWith('slack:'))) return undefined;
  const ids = approvers
    .filter((a) => !requesterIds.includes(a))
    .map((a) => (a.startsWith('aad:') ? `8:orgid:${a.slice(4)}` : a.replace(/^teams:/, '')));
  return ids.slice(0, 60);
}

/** A typed message Act handles, parsed once by the router: a listing command or a request (complete or not). */
interface ActText {
  text: string;
  list: RegExpExecArray | null;
  parsed: ReturnType<typeof parseRequest>;
}

function parseActText(raw: string): ActText | undefined {
  const text = raw.trim();
  const list = LIST_COMMAND.exec(text);
  const parsed = parseRequest(text);
  return list || parsed.kind !== 'none' ? { text, list, parsed } : undefined;
}

/**
 * The request card as posted or updated for the whole conversation: with per-viewer cards each person's client
 * asks for their own buttons; without them (Slack) one shared card carries Approve/Reject and each click is checked.
 */
function cardForEveryone(platform: Platform): CardViewer {
  return PLATFORMS[platform].perViewerCards ? 'everyone' : 'shared';
}

/** A reply only the person who clicked sees. */
function forClicker(reply: NeutralReply): NeutralReply {
  return { ...reply, audience: 'clicker' };
}

/** A reply that replaces the clicked card. */
function inPlace(reply: NeutralReply): NeutralReply {
  return { ...reply, placement: 'replace-card' };
}
