/**
 * Neutral replies of the Act feature: request cards (preview, per-user approval views, decided, progress,
 * report), the request form and the results of read-only commands. Pure functions of their input, so
 * golden files pin them (test/golden/act/*.json).
 */
import { literal } from '../../core/literal-text.js';
import type { ApprovalAction } from './approvals/actions.js';
import type { ApprovalRequest } from './approvals/approval-store.js';
import type { AuditRecord } from '../../storage/audit-log.js';
import type { Lang } from '../../core/lang.js';
import type { HealthReport } from '../../registry/health.js';
import type { RegistryUsage } from '../../registry/types.js';
import { formatBytes } from '../../core/bytes.js';
import type {
  ActionData,
  Badge,
  BadgeTone,
  NeutralReply,
  ReplyAction,
  ReplyInput,
  ReplySection,
} from '../../core/model.js';
import type { WizardState } from '../../../dialogs/request-wizard.js';
import { WIZARD_FIELDS } from '../../../dialogs/request-wizard.js';
import { actMessages, t, type ActMessageKey } from './messages/index.js';
import type { PlanScope, PlanSummary } from './plans.js';
import { handledCount, type ExecutionProgress, type ExecutionReport } from './types.js';

export const ACT_VERBS = {
  view: 'act.view',
  approve: 'act.approve',
  reject: 'act.reject',
  form: 'act.form',
  suggest: 'act.suggest',
  request: 'act.request',
} as const;

/**
 * Who is looking at a request card: decides which buttons it carries. `shared`: one card for all (a platform
 * without per-viewer cards), so a pending request offers Approve and Reject to everyone and each click is checked.
 */
export type CardViewer = 'everyone' | 'approver' | 'requester' | 'observer' | 'shared';

export interface RequestCardInput {
  request: ApprovalRequest;
  summary: PlanSummary;
  lang: Lang;
  /** Approver principals of the policy (`*` = anyone but the requester). */
  approvers: readonly string[];
  viewer: CardViewer;
  /** Clients that fetch their own view automatically (Universal Actions refresh). */
  refreshUserIds?: string[];
  progress?: ExecutionProgress;
  report?: ExecutionReport;
  reportUrl?: string;
  /** A line at the top for this viewer only (e.g. why a click was refused). */
  notice?: { text: string; tone: BadgeTone };
}

const STATE_TONE: Record<string, BadgeTone> = {
  pending: 'accent',
  approved: 'accent',
  running: 'accent',
  done: 'neutral',
  failed: 'attention',
  rejected: 'attention',
  expired: 'attention',
};

/** `2026-01-05 10:00 UTC`: the same for everyone, whatever their time zone. */
export function formatTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function actionName(lang: Lang, action: ApprovalAction | string): string {
  return t(lang, `action.${action}` as ActMessageKey);
}

/** A principal as people read it: the stored display name, else the id without its prefix noise. */
export function displayPrincipal(principal: string, names: Record<string, unknown> = {}): string {
  const name = names[principal];
  return typeof name === 'string' && name ? name : principal;
}

/** Where a request applies, in the viewer's language: `hello-world · older than 30d · keep the newest 5`. */
export function scopeText(lang: Lang, scope: PlanScope): string {
  const m = (key: ActMessageKey, params: Record<string, string | number> = {}) => t(lang, key, params);
  if (scope.target) return m(`scope.${scope.target}`);
  if (scope.reference) return scope.reference;
  const parts = [scope.repository === undefined || scope.repository === '.*' ? m('scope.all') : scope.repository];
  if (scope.tagRegex) parts.push(m('scope.tags', { regex: scope.tagRegex }));
  if (scope.olderThan) parts.push(m('scope.olderThan', { age: durationText(lang, scope.olderThan) }));
  if (scope.keep) parts.push(m('scope.keep', { count: scope.keep }));
  if (scope.untagged) parts.push(m('scope.untagged'));
  return parts.join(' · ');
}

const DURATION_UNITS: Record<string, string> = { d: 'day', h: 'hour', m: 'minute', s: 'second' };

/** `1d12h` → "1 day 12 hours", "1 Tag 12 Stunden", "1 日 12 時間" (ICU plurals); anything else as typed. */
export function durationText(lang: Lang, compact: string): string {
  const parts = [...compact.matchAll(/(\d+)([dhms])/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== compact) return compact;
  return parts
    .map(([, n, unit]) =>
      new Intl.NumberFormat(lang, { style: 'unit', unit: DURATION_UNITS[unit], unitDisplay: 'long' }).format(Number(n)),
    )
    .join(' ');
}

/** Why manifests stayed, e.g. "too new: 1, protected: 2" (planner reasons are keys, not words). */
export function keptText(lang: Lang, kept: PlanSummary['kept']): string {
  return Object.entries(kept)
    .map(([reason, count]) => `${t(lang, `kept.${reason}` as ActMessageKey)}: ${count}`)
    .join(t(lang, 'list.separator'));
}

export function requestReply(input: RequestCardInput): NeutralReply {
  const { request, summary, lang } = input;
  const m = (key: ActMessageKey, params: Record<string, string | number> = {}) => t(lang, key, params);
  const action = request.action;
  const params = request.params as Record<string, unknown>;
  const names = (params.names ?? {}) as Record<string, unknown>;
  const state = request.state;
  const titleKey: ActMessageKey =
    state === 'running' ? 'title.progress' : state === 'done' || state === 'failed' ? 'title.report' : 'title.preview';
  const badges: Badge[] = [{ text: m(`state.${state}` as ActMessageKey), tone: STATE_TONE[state] ?? 'neutral' }];
  if (input.notice) badges.push({ text: input.notice.text, tone: input.notice.tone });

  const facts = [
    { label: m('f.registry'), value: String(params.registryName ?? request.registry) },
    { label: m('f.where'), value: scopeText(lang, summary.scope) },
    { label: m('f.items'), value: String(summary.items) },
    ...(summary.tags !== undefined ? [{ label: m('f.tags'), value: String(summary.tags) }] : []),
    ...(summary.bytes !== undefined ? [{ label: m('f.bytes'), value: formatBytes(summary.bytes) }] : []),
    ...(Object.keys(summary.kept).length ? [{ label: m('f.kept'), value: keptText(lang, summary.kept) }] : []),
    { label: m('f.plan'), value: request.planHash.slice(0, 12) },
    { label: m('f.requester'), value: displayPrincipal(request.requester, names) },
    {
      label: m('f.approvers'),
      value: input.approvers.includes('*') ? m('approvers.anyone') : input.approvers.join(', '),
    },
    {
      label: m('f.approvals'),
      value: `${request.approvals.length} / ${request.approvalsRequired}${request.approvals.length ? ` (${request.approvals.map((a) => displayPrincipal(a, names)).join(', ')})` : ''}`,
    },
    ...(state === 'pending' ? [{ label: m('f.expires'), value: formatTime(request.expiresAt) }] : []),
  ];
  const sections: ReplySection[] = [{ facts }];
  if (summary.sample.length > 0 && state !== 'done' && state !== 'failed') {
    sections.push({
      title: m('sample.title', { shown: summary.sample.length, total: summary.items }),
      code: { text: summary.sample.join('\n') },
    });
  }

  const click: ActionData = { requestId: request.id, planHash: request.planHash };
  const actions: ReplyAction[] = [];
  if (state === 'pending') {
    sections.push({ text: m('pending.text', { required: request.approvalsRequired - request.approvals.length }) });
    if (input.viewer === 'shared') sections.push({ text: m('view.shared') });
    if (input.viewer === 'approver' || input.viewer === 'shared') {
      actions.push({
        verb: ACT_VERBS.approve,
        label: m('button.approve'),
        data: click,
        style: 'primary',
        updatesCard: true,
      });
      actions.push({
        verb: ACT_VERBS.reject,
        label: m('button.reject'),
        data: click,
        style: 'danger',
        updatesCard: true,
      });
    } else if (input.viewer === 'requester') {
      sections.push({ text: m('view.requester') });
      actions.push({
        verb: ACT_VERBS.reject,
        label: m('button.withdraw'),
        data: click,
        style: 'danger',
        updatesCard: true,
      });
    } else if (input.viewer === 'observer') {
      sections.push({ text: m('view.notApprover') });
    } else {
      actions.push({
        verb: ACT_VERBS.view,
        label: m('button.review'),
        data: click,
        style: 'default',
        updatesCard: true,
      });
    }
  } else if (state === 'rejected') {
    sections.push({
      text: m('decided.rejected', { actor: literal(displayPrincipal(request.rejectedBy ?? '?', names)) }),
    });
  } else if (state === 'expired') {
    sections.push({ text: m('decided.expired') });
  } else if (state === 'approved' || state === 'running') {
    // Who approved stays on the card while it runs: under load the first progress update can come before the
    // approver's own reply, and that reply must still say who approved.
    sections.push({
      text: m(input.progress ? 'decided.approvedRunning' : 'decided.approved', {
        actors: literal(request.approvals.map((a) => displayPrincipal(a, names)).join(', ')),
      }),
    });
  }
  if (state === 'running' && input.progress) {
    const p = input.progress;
    sections.push({
      title: m('f.progress'),
      text: m('progress.text', { done: handledCount(p), total: p.total }),
      facts: [
        { label: m('f.done'), value: String(p.done) },
        { label: m('f.alreadyGone'), value: String(p.alreadyGone) },
        { label: m('f.skipped'), value: String(p.skipped) },
        { label: m('f.failed'), value: String(p.failed) },
      ],
    });
  }
  const links = [];
  if ((state === 'done' || state === 'failed') && input.report) {
    const r = input.report;
    sections.push({
      text: m('report.text', {
        done: r.totals.done,
        gone: r.totals.alreadyGone,
        skipped: r.totals.skipped,
        failed: r.totals.failed,
      }),
      facts: [
        ...(r.bytesFreedEstimate !== undefined
          ? [{ label: m('f.bytesFreed'), value: formatBytes(r.bytesFreedEstimate) }]
          : []),
        { label: m('f.duration'), value: `${(r.durationInMs / 1000).toFixed(1)} s` },
      ],
    });
    const problems = r.results.filter((x) => x.outcome === 'skipped' || x.outcome === 'failed');
    if (problems.length > 0) {
      const lines = problems.slice(0, 10).map((x) => `${x.outcome}: ${x.item}${x.reason ? ` (${x.reason})` : ''}`);
      if (problems.length > 10) lines.push(m('list.more', { count: problems.length - 10 }));
      sections.push({ title: m('report.failures'), code: { text: lines.join('\n') } });
    }
    if (r.aborted) sections.push({ text: m('report.notFinished') });
    if (input.reportUrl) links.push({ label: m('report.download'), url: input.reportUrl });
  }

  const title = m(titleKey, { action: actionName(lang, action) });
  return {
    kind: 'action',
    lang,
    title,
    summary: `${title} — ${m(`state.${state}` as ActMessageKey)}: ${summary.items} · ${scopeText(lang, summary.scope)}`,
    badges,
    sections,
    links,
    actions,
    // Only a pending request needs per-user views; a decided card is the same for everyone.
    ...(state === 'pending' && input.viewer !== 'shared'
      ? {
          perViewer: {
            verb: ACT_VERBS.view,
            data: click,
            ...(input.refreshUserIds ? { viewers: input.refreshUserIds } : {}),
          },
        }
      : {}),
  };
}

/** The request form: the wizard's fields with their values and localized validation messages. */
export function formReply(state: WizardState, registryNames: readonly string[], showErrors: boolean): NeutralReply {
  const lang = state.lang;
  const m = (key: ActMessageKey, params: Record<string, string | number> = {}) => t(lang, key, params);
  const inputs: ReplyInput[] = WIZARD_FIELDS.map((field) => {
    const value = state.values[field];
    const error = showErrors ? state.errors[field]?.message : undefined;
    const base = { id: field, label: t(lang, `wizard.label.${field}`), ...(error ? { error } : {}) };
    if (field === 'untaggedOnly') return { ...base, type: 'toggle' as const, value: value === true };
    if (field === 'keep')
      return { ...base, type: 'number' as const, ...(value !== undefined ? { value: value as number } : {}) };
    return {
      ...base,
      type: 'text' as const,
      ...(value !== undefined ? { value: String(value) } : {}),
      ...(field === 'registry'
        ? { placeholder: m('form.registryHint', { names: registryNames.join(', ') }), required: true }
        : {}),
      ...(field === 'repository' ? { placeholder: 'hello-world', required: true } : {}),
      ...(field === 'olderThan' ? { placeholder: '30d' } : {}),
      ...(field === 'tagRegex' ? { placeholder: '^dev-' } : {}),
    };
  });
  const hasErrors = showErrors && Object.keys(state.errors).length > 0;
  return {
    kind: 'action',
    lang,
    title: m('form.title'),
    summary: m('form.title'),
    badges: hasErrors ? [{ text: m('form.fix'), tone: 'attention' }] : [],
    sections: [{ text: m('form.text') }, { inputs }],
    links: [],
    actions: [{ verb: ACT_VERBS.form, label: m('form.submit'), data: { lang }, style: 'primary', updatesCard: true }],
  };
}

/**
 * Information, not an error: how things are (nothing to do, a capability this registry lacks, a
 * repository that does not exist). A card with a neutral "Information" badge, where an error card says
 * "Something went wrong".
 */
export function infoReply(lang: Lang, text: string): NeutralReply {
  return {
    kind: 'action',
    lang,
    summary: text,
    badges: [{ text: t(lang, 'info.badge'), tone: 'neutral' }],
    sections: [{ text }],
    links: [],
    actions: [],
  };
}

/**
 * A request while no registry is configured: a setup matter, so a friendly note (never an error card);
 * on top of the FAQ's answer when there is one.
 */
export function notSetUpReply(lang: Lang, command: string, answer: NeutralReply | null): NeutralReply {
  const noticeLang = answer?.lang ?? lang;
  const title = t(noticeLang, 'notSetUp.title');
  const text = t(noticeLang, 'notSetUp.text', { command });
  if (answer) return { ...answer, sections: [{ title, text }, ...answer.sections] };
  return {
    kind: 'action',
    lang,
    title,
    summary: `${title}. ${text}`,
    badges: [],
    sections: [{ text }],
    links: [],
    actions: [],
  };
}

function simpleReply(
  lang: Lang,
  title: string,
  sections: ReplySection[],
  badges: Badge[] = [],
  actions: ReplyAction[] = [],
): NeutralReply {
  return { kind: 'action', lang, title, summary: title, badges, sections, links: [], actions };
}

export function usageReply(
  lang: Lang,
  registryName: string,
  usage: RegistryUsage | null,
  unavailableKey?: ActMessageKey,
): NeutralReply {
  const m = (key: ActMessageKey, params: Record<string, string | number> = {}) => t(lang, key, params);
  const title = m('usage.title', { registry: registryName });
  if (!usage) return simpleReply(lang, title, [{ text: m(unavailableKey ?? 'usage.unavailableOci') }]);
  const share = usage.quotaInBytes ? `${Math.round((usage.usedInBytes / usage.quotaInBytes) * 1000) / 10} %` : '?';
  return simpleReply(lang, title, [
    {
      facts: [
        { label: m('usage.used'), value: formatBytes(usage.usedInBytes) },
        { label: m('usage.quota'), value: formatBytes(usage.quotaInBytes) },
        { label: m('usage.share'), value: share },
      ],
    },
  ]);
}

const STEP_ICON: Record<string, string> = { ok: '✅', warn: '⚠️', fail: '❌', skipped: '⏭️' };

export function healthReply(lang: Lang, registryName: string, report: HealthReport): NeutralReply {
  const m = (key: ActMessageKey, params: Record<string, string | number> = {}) => t(lang, key, params);
  const problems = report.steps.filter((s) => s.hint && s.status !== 'ok').map((s) => `- **${s.name}**: ${s.hint}`);
  return simpleReply(
    lang,
    m('health.title', { registry: registryName }),
    [
      {
        facts: report.steps.map((s) => ({
          label: `${STEP_ICON[s.status]} ${s.name}`,
          value: `${s.detail} (${s.durationInMs} ms)`,
        })),
      },
      ...(problems.length ? [{ text: problems.join('\n') }] : []),
    ],
    [{ text: report.healthy ? m('health.ok') : m('health.bad'), tone: report.healthy ? 'neutral' : 'attention' }],
  );
}

const MAX_LIST = 30;

export function listReply(lang: Lang, title: string, lines: string[], emptyKey: ActMessageKey): NeutralReply {
  if (lines.length === 0) return simpleReply(lang, title, [{ text: t(lang, emptyKey) }]);
  const shown = lines.slice(0, MAX_LIST);
  if (lines.length > MAX_LIST) shown.push(t(lang, 'list.more', { count: lines.length - MAX_LIST }));
  return simpleReply(lang, title, [{ code: { text: shown.join('\n') } }]);
}

export interface PendingItem {
  request: ApprovalRequest;
  summary: PlanSummary;
}

export function pendingReply(lang: Lang, items: PendingItem[]): NeutralReply {
  const m = (key: ActMessageKey, params: Record<string, string | number> = {}) => t(lang, key, params);
  if (items.length === 0) return simpleReply(lang, m('pendingList.title'), [{ text: m('pendingList.none') }]);
  return simpleReply(
    lang,
    m('pendingList.title'),
    items.map(({ request, summary }) => {
      const names = ((request.params as Record<string, unknown>).names ?? {}) as Record<string, unknown>;
      return {
        title: `${actionName(lang, request.action)} · ${scopeText(lang, summary.scope)}`,
        facts: [
          { label: m('f.items'), value: String(summary.items) },
          { label: m('f.requester'), value: displayPrincipal(request.requester, names) },
          { label: m('f.expires'), value: formatTime(request.expiresAt) },
          { label: m('f.plan'), value: request.planHash.slice(0, 12) },
        ],
        actions: [
          {
            verb: ACT_VERBS.view,
            label: m('button.review'),
            data: { requestId: request.id, planHash: request.planHash },
            style: 'default',
            updatesCard: true,
          },
        ],
      };
    }),
  );
}

/** What an audit list needs to name things: people by display name, requests by what they asked for. */
export interface AuditNames {
  /** Principal (`aad:…`, `teams:…`) → display name. */
  people: Record<string, string>;
  /** Request id → "Delete old tags · hello-world · older than 30 days". */
  requests: Record<string, string>;
}

/**
 * The newest audit entries as people read them: who by name (the bot for automation), what in words,
 * the request it concerns by its action and scope, and the result. Unknown values are shown as stored.
 */
export function auditReply(
  lang: Lang,
  records: AuditRecord[],
  names: AuditNames = { people: {}, requests: {} },
): NeutralReply {
  const m = (key: ActMessageKey) => t(lang, key);
  const word = (key: string, fallback: string) => (actMessages.has(key) ? m(key) : fallback);
  const lines = records
    .slice()
    .reverse()
    .map((r) => {
      const storedName =
        typeof r.details.actorName === 'string' && r.details.actorName ? r.details.actorName : undefined;
      const who =
        r.actor === 'system'
          ? m('audit.bot')
          : (names.people[r.actor] ?? storedName ?? r.actor.replace(/^(?:teams|aad|slack):/, ''));
      // A request that never became one (refused, nothing to do) targets the registry: say what was asked.
      const asked =
        r.target.startsWith('registry:') &&
        typeof r.details.action === 'string' &&
        actMessages.has(`action.${r.details.action}`)
          ? `${actionName(lang, r.details.action)} · `
          : '';
      return `#${r.seq} ${formatTime(r.at).slice(0, 16)}  ${who}: ${word(`audit.do.${r.action}`, r.action)} · ${asked}${auditTarget(r.target, names)} → ${word(`audit.result.${r.result}`, r.result)}`;
    });
  return listReply(lang, m('audit.title'), lines, 'audit.none');
}

function auditTarget(target: string, names: AuditNames): string {
  const [kind, id] = [target.slice(0, target.indexOf(':')), target.slice(target.indexOf(':') + 1)];
  if (kind === 'request') return names.requests[id] ?? `#${id.slice(0, 8)}`;
  if (kind === 'registry') return id;
  return target;
}

export function adminStatusReply(lang: Lang, registryName: string, enabled: boolean | null): NeutralReply {
  const m = (key: ActMessageKey, params: Record<string, string | number> = {}) => t(lang, key, params);
  const title = m('admin.title', { registry: registryName });
  if (enabled === null) return simpleReply(lang, title, [{ text: m('admin.unavailable') }]);
  if (!enabled) return simpleReply(lang, title, [{ text: m('admin.disabled') }]);
  return simpleReply(
    lang,
    title,
    [{ text: m('admin.enabled') }],
    [],
    [
      {
        verb: ACT_VERBS.request,
        label: actionName(lang, 'disable-admin-user'),
        data: { action: 'disable-admin-user', registry: registryName, lang },
        style: 'danger',
      },
    ],
  );
}

/** What the help card says about registry actions for one person. Null: no registry is configured. */
export interface ActHelpInput {
  registryNames: readonly string[];
  /** Changing actions the policy lets this person request, and those it does not. */
  allowed: readonly ApprovalAction[];
  denied: readonly ApprovalAction[];
}

/** A typed example per changing action (command words are not translated: they are what the bot parses). */
const COMMAND_EXAMPLES: Record<ApprovalAction, string> = {
  purge: 'purge hello-world --ago 30d --keep 5',
  'purge-untagged': 'purge hello-world --untagged',
  'cancel-runs': 'cancel-runs',
  lock: 'lock repo:tag',
  unlock: 'unlock repo:tag',
  'disable-admin-user': 'disable-admin',
};

export function actHelpSection(lang: Lang, input: ActHelpInput | null): ReplySection {
  const m = (key: ActMessageKey, params: Record<string, string | number> = {}) => t(lang, key, params);
  if (!input || input.registryNames.length === 0) return { title: m('help.title'), text: m('help.notSetUp') };
  const lines = [
    ...input.allowed.map((action) => `- \`${COMMAND_EXAMPLES[action]}\`: ${actionName(lang, action)}`),
    `- ${m('help.readOnly')}`,
  ];
  const paragraphs = [m('help.intro'), lines.join('\n')];
  if (input.denied.length > 0)
    paragraphs.push(
      m('help.denied', { actions: input.denied.map((action) => actionName(lang, action)).join(m('list.separator')) }),
    );
  paragraphs.push(m('help.registries', { names: input.registryNames.join(', ') }));
  return { title: m('help.title'), text: paragraphs.join('\n\n') };
}

/** `help purge` and other typed `help <topic>`: the registry-action part of the help on its own. */
export function actHelpReply(lang: Lang, input: ActHelpInput | null): NeutralReply {
  const section = actHelpSection(lang, input);
  return {
    kind: 'help',
    lang,
    title: section.title,
    summary: section.title ?? '',
    badges: [],
    sections: [{ text: section.text }],
    links: [],
    actions: [],
  };
}
