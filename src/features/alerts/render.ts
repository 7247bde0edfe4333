/** AlertEvent → NeutralAlertReply, localized; and digests. Pure functions (pinned by unit tests). */
import { formatBytes } from '../../core/bytes.js';
import type { Lang } from '../../core/lang.js';
import { t } from './messages/index.js';
import type { AlertAction, AlertEvent, AlertEventType, Fact, NeutralAlertReply, Severity } from './types.js';

/** Verbs alert buttons send back to the bot (the Act flow handles them). */
export const ALERT_VERBS = {
  /** Dry run of a registry action: data {action, registry, repository?}. */
  previewAction: 'action.preview',
  /** List a repository's tags: data {registry, repository}. */
  showTags: 'registry.tags',
} as const;

export function severityLabel(severity: Severity, lang: Lang): string {
  return `Sev${severity} · ${t(lang, `severity.${severity}`)}`;
}

/** sha256:0123456789abcdef… → sha256:0123456789ab */
export function shortDigest(digest: string): string {
  const [algorithm, hex] = digest.includes(':') ? digest.split(':', 2) : ['', digest];
  return `${algorithm ? `${algorithm}:` : ''}${hex.slice(0, 12)}`;
}

function formatTime(iso: string, lang: Lang): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(date)} UTC`;
}

function target(event: AlertEvent): string {
  const repo = event.repository ?? '';
  if (event.tag) return `${repo}:${event.tag}`;
  if (event.digest) return `${repo}@${shortDigest(event.digest)}`;
  return repo;
}

function titleOf(event: AlertEvent, lang: Lang): string {
  const values = {
    target: target(event),
    registry: event.registry ?? '',
    title: event.title ?? '',
    percent: String(event.details?.usedPercent ?? ''),
    run: String(event.details?.runId ?? ''),
  };
  if (event.type === 'monitor')
    return t(lang, event.monitorCondition === 'Resolved' ? 'title.monitorResolved' : 'title.monitorFired', values);
  return t(lang, `title.${event.type}`, values);
}

function factsOf(event: AlertEvent, lang: Lang): Fact[] {
  const facts: Fact[] = [];
  const add = (label: string, value: string | number | boolean | undefined) => {
    if (value !== undefined && value !== '') facts.push({ label, value: String(value) });
  };
  add(t(lang, 'fact.registry'), event.registry);
  add(t(lang, 'fact.repository'), event.repository);
  add(t(lang, 'fact.tag'), event.tag);
  add(t(lang, 'fact.digest'), event.digest ? shortDigest(event.digest) : undefined);
  if (event.type === 'monitor') add(t(lang, 'fact.rule'), event.details?.alertRule);
  if (
    event.type === 'quota' &&
    typeof event.details?.usedInBytes === 'number' &&
    typeof event.details?.quotaInBytes === 'number'
  ) {
    add(
      t(lang, 'fact.usage'),
      `${formatBytes(event.details.usedInBytes)} / ${formatBytes(event.details.quotaInBytes)} (${event.details.usedPercent}%)`,
    );
  }
  if (event.type === 'run_failed') {
    add(t(lang, 'fact.run'), event.details?.runId);
    add(t(lang, 'fact.status'), event.details?.status);
  }
  add(t(lang, 'fact.actor'), event.actor);
  add(t(lang, 'fact.time'), formatTime(event.occurredAt, lang));
  return facts;
}

/** A button that asks Act for a preview of `action` on the alert's registry. */
function previewButton(label: string, action: string, registry: string): AlertAction {
  return { type: 'submit', verb: ALERT_VERBS.previewAction, label, data: { action, registry } };
}

function actionsOf(event: AlertEvent, lang: Lang): AlertAction[] {
  const registry = event.registry ?? '';
  switch (event.type) {
    case 'push':
    case 'quarantine':
    case 'chart_push':
      return event.repository
        ? [
            {
              type: 'submit',
              verb: ALERT_VERBS.showTags,
              label: t(lang, 'action.showTags'),
              data: { registry, repository: event.repository },
            },
          ]
        : [];
    case 'quota':
      return [previewButton(t(lang, 'action.previewCleanup'), 'purge', registry)];
    case 'admin_user':
      return [previewButton(t(lang, 'action.disableAdmin'), 'disable-admin-user', registry)];
    case 'run_failed': {
      const url = event.details?.runUrl;
      return typeof url === 'string' && url.startsWith('https://')
        ? [{ type: 'openUrl', label: t(lang, 'action.openRun'), url }]
        : [];
    }
    default:
      return [];
  }
}

export function renderAlert(event: AlertEvent, lang: Lang): NeutralAlertReply {
  const title = titleOf(event, lang);
  const label = severityLabel(event.severity, lang);
  return {
    kind: 'alert',
    lang,
    title,
    summary: `[${label}] ${title}`,
    severity: event.severity,
    severityLabel: label,
    facts: factsOf(event, lang),
    actions: actionsOf(event, lang),
    eventId: event.id,
  };
}

export interface DigestGroup {
  type: AlertEventType;
  /** What the subscription covered, e.g. "myregistry/app/*". */
  target: string;
  count: number;
  /** Most severe event in the group. */
  severity: Severity;
}

export function renderDigest(
  digestId: number,
  lang: Lang,
  groups: DigestGroup[],
  windowInMinutes: number,
): NeutralAlertReply {
  const count = groups.reduce((sum, g) => sum + g.count, 0);
  const severity = groups.reduce<Severity>((most, g) => (g.severity < most ? g.severity : most), 4);
  const lines = groups.map((g) =>
    t(lang, 'digest.line', {
      count: g.count,
      noun: t(lang, `noun.${g.type}`),
      target: g.target,
      minutes: windowInMinutes,
    }),
  );
  const label = severityLabel(severity, lang);
  return {
    kind: 'digest',
    lang,
    title: t(lang, 'digest.title'),
    summary: `${t(lang, 'digest.summary', { count })} ${lines.join('; ')}`,
    severity,
    severityLabel: label,
    facts: lines.map((line, i) => ({ label: t(lang, `noun.${groups[i].type}`), value: line })),
    actions: [],
    digest: { id: digestId, count, lines },
  };
}
