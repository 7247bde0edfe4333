/**
 * The channel-neutral alert model. Receivers and watchers turn their inputs into AlertEvents; the
 * dispatcher routes them to subscribed conversations and hands NeutralAlertReplies to a ProactiveSender.
 */
import type { ConversationKey, Logger } from '../../core/ports.js';
import type { Lang } from '../../core/lang.js';

export type AlertSource = 'acr-webhook' | 'event-grid' | 'monitor' | 'watcher';

export const ALERT_EVENT_TYPES = [
  'push',
  'delete',
  'quarantine',
  'chart_push',
  'chart_delete',
  'monitor',
  'quota',
  'run_failed',
  'admin_user',
] as const;
export type AlertEventType = (typeof ALERT_EVENT_TYPES)[number];

/** Azure Monitor's scale: 0 = Sev0 (critical) … 4 = Sev4 (verbose). Lower is more severe. */
export type Severity = 0 | 1 | 2 | 3 | 4;

export interface AlertEvent {
  source: AlertSource;
  /** Source-prefixed id ("acr:…", "eventgrid:…"): the de-duplication key. */
  id: string;
  type: AlertEventType;
  /** ISO 8601. */
  occurredAt: string;
  severity: Severity;
  /** Short registry name, lower case: the configured name when the event could be mapped to one ("local"). */
  registry?: string;
  /** The registry's host[:port] as the payload gave it ("127.0.0.1:5000", "myregistry.azurecr.io"). */
  loginServer?: string;
  repository?: string;
  tag?: string;
  digest?: string;
  mediaType?: string;
  /** Who or what caused it (user agent, alert rule, watcher). */
  actor?: string;
  /** Monitor alerts and watchers: a one-line description. */
  title?: string;
  monitorCondition?: 'Fired' | 'Resolved';
  /** Watcher details: usedPercent, thresholdPercent, runId, runUrl… */
  details?: Record<string, string | number | boolean>;
}

// The platform and the conversation key are core's (a proactive message goes to a stored conversation reference).
export type { Platform } from '../../core/model.js';
export type { ConversationKey } from '../../core/ports.js';

export interface Fact {
  label: string;
  value: string;
}

export type AlertActionData = Record<string, string | number | boolean>;

/** A button: `submit` comes back to the bot as verb + data, `openUrl` opens a link. */
export type AlertAction =
  | { type: 'submit'; verb: string; label: string; data: AlertActionData }
  | { type: 'openUrl'; label: string; url: string };

/**
 * What a channel renders for an alert or a digest. Plain data: the Teams card renderer and the Slack
 * block renderer map it; strings are already localized to `lang`.
 */
export interface NeutralAlertReply {
  kind: 'alert' | 'digest';
  lang: Lang;
  title: string;
  /** Plain text: notifications, screen readers, clients without cards. */
  summary: string;
  severity: Severity;
  /** Localized "Sev2 · Warning" label. */
  severityLabel: string;
  facts: Fact[];
  actions: AlertAction[];
  /** alert: the event's dedupe id; digest: the digest id and how many deliveries it counts. */
  eventId?: string;
  digest?: { id: number; count: number; lines: string[] };
}

/** The port a channel implements for alerts (Teams: adapter.continueConversationAsync). */
export interface ProactiveSender {
  send(conversation: ConversationKey, reply: NeutralAlertReply, signal?: AbortSignal): Promise<void>;
}

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** Core's logger without child(): what the alerts parts need, so tests can pass a plain object. */
export type AlertsLogger = Omit<Logger, 'child'>;
export const silentLogger: AlertsLogger = { debug() {}, info() {}, warn() {}, error() {} };
