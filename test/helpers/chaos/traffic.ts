/**
 * Mixed traffic for the chaos suite and the soak benchmark, sent the way Teams and ACR send it: message
 * activities to /api/messages (Teams retries a failed POST: so do we, on 5xx or a broken connection)
 * and ACR webhooks to /api/alerts/acr (ACR retries until 2xx: so do we). Every outcome is counted, and
 * a message that got 2xx but no reply counts as lost — the failure the suite exists to catch.
 */
import { fixture } from '../alerts.js';
import type { LocalConnector, ReceivedActivity } from '../local-connector.js';
import { teamsMessage } from '../local-connector.js';
import { cardOf } from '../act-bot.js';

export const WEBHOOK_SECRET = 'chaos-webhook-secret-0123456789';
export const ALERT_CHANNEL = '19:chaos-alerts@thread.tacv2';

/** Questions in the five languages (FAQ answers, did-you-mean, help). */
export const QUESTIONS = [
  'How do I delete untagged manifests?',
  'help',
  'Wie aktiviere ich den Admin-Benutzer?',
  'Hur låser jag en bild?',
  'レジストリのストレージ使用量を確認するには?',
  '如何刪除未標記的映像?',
  'What is geo-replication?',
];

export interface MessageOutcome {
  /** answered: a reply arrived; lost: 2xx without a reply; failed: never accepted before the deadline. */
  result: 'answered' | 'lost' | 'failed';
  /** Attempts refused with 5xx or a broken connection before one was accepted. */
  retries: number;
  /** First attempt → reply. */
  latencyInMs: number;
  statuses: number[];
}

export interface TrafficCounters {
  messages: number;
  answered: number;
  lost: number;
  failed: number;
  /** Messages that needed at least one retry. */
  retriedMessages: number;
  alertsSent: number;
  alertsAccepted: number;
  /** Webhook attempts refused (429/5xx/broken) and sent again. */
  alertRetries: number;
  /** Answered messages' latencies. */
  latenciesInMs: number[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class ChaosTraffic {
  readonly counters: TrafficCounters = {
    messages: 0,
    answered: 0,
    lost: 0,
    failed: 0,
    retriedMessages: 0,
    alertsSent: 0,
    alertsAccepted: 0,
    alertRetries: 0,
    latenciesInMs: [],
  };
  /** Tags of the webhooks a replica accepted (202). */
  readonly acceptedTags = new Set<string>();
  private counter = 0;

  constructor(
    readonly connector: LocalConnector,
    private readonly options: { replyTimeoutInMs?: number; retryForMs?: number } = {},
  ) {}

  /** Activities the bot sent into a conversation, oldest first. */
  received(conversationId: string): ReceivedActivity[] {
    return this.connector.received.filter((r) => r.conversationId === conversationId);
  }

  /**
   * POSTs an activity to `url` until one attempt is accepted (2xx), retrying 5xx and broken connections
   * for up to retryForMs; returns the attempts' statuses (0 = no HTTP answer).
   */
  async postActivity(
    url: string,
    activity: Record<string, unknown>,
  ): Promise<{ accepted: boolean; statuses: number[]; body?: unknown }> {
    const statuses: number[] = [];
    const deadline = Date.now() + (this.options.retryForMs ?? 30_000);
    for (;;) {
      let status = 0;
      let body: unknown;
      try {
        const res = await fetch(`${url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(activity),
          signal: AbortSignal.timeout(20_000),
        });
        status = res.status;
        body = await res
          .text()
          .then((t) => (t ? JSON.parse(t) : undefined))
          .catch(() => undefined);
      } catch {
        status = 0;
      }
      statuses.push(status);
      if (status >= 200 && status < 300) return { accepted: true, statuses, body };
      if ((status !== 0 && status < 500) || Date.now() > deadline) return { accepted: false, statuses };
      await sleep(Math.min(2000, 100 * 2 ** Math.min(statuses.length, 5)));
    }
  }

  /** A question in a conversation of its own; resolves when it was answered, or judged lost/failed. */
  async ask(url: string, text: string, from = { id: 'user-q', name: 'Quinn' }): Promise<MessageOutcome> {
    const conversationId = `chaos-q-${++this.counter}-${Math.random().toString(36).slice(2, 8)}`;
    const started = performance.now();
    this.counters.messages++;
    const posted = await this.postActivity(url, teamsMessage(this.connector.url, conversationId, text, { from }));
    const retries = posted.statuses.length - 1;
    if (retries > 0) this.counters.retriedMessages++;
    if (!posted.accepted) {
      this.counters.failed++;
      return { result: 'failed', retries, latencyInMs: performance.now() - started, statuses: posted.statuses };
    }
    const deadline = Date.now() + (this.options.replyTimeoutInMs ?? 15_000);
    while (this.received(conversationId).length === 0 && Date.now() < deadline) await sleep(25);
    const answered = this.received(conversationId).length > 0;
    const latencyInMs = performance.now() - started;
    if (answered) {
      this.counters.answered++;
      this.counters.latenciesInMs.push(latencyInMs);
    } else this.counters.lost++;
    return { result: answered ? 'answered' : 'lost', retries, latencyInMs, statuses: posted.statuses };
  }

  /** An ACR push webhook for app/web:<tag>, sent until a replica accepts it (202). */
  async pushAlert(url: string, tag: string): Promise<boolean> {
    const push = fixture<{ target: Record<string, unknown> }>('acr-push.json');
    const body = JSON.stringify({
      ...push,
      id: `chaos-${tag}`,
      timestamp: new Date().toISOString(),
      target: { ...push.target, tag },
    });
    const deadline = Date.now() + (this.options.retryForMs ?? 30_000);
    this.counters.alertsSent++;
    for (let attempt = 0; ; attempt++) {
      let status = 0;
      try {
        status = (
          await fetch(`${url}/api/alerts/acr`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-acr-webhook-secret': WEBHOOK_SECRET },
            body,
            signal: AbortSignal.timeout(20_000),
          })
        ).status;
      } catch {
        status = 0;
      }
      if (status === 202) {
        this.counters.alertsAccepted++;
        this.acceptedTags.add(tag);
        return true;
      }
      if ((status !== 0 && status !== 429 && status < 500) || Date.now() > deadline) return false;
      this.counters.alertRetries++;
      await sleep(Math.min(2000, 100 * 2 ** Math.min(attempt, 5)));
    }
  }

  /** Subscribes ALERT_CHANNEL to pushes in myregistry (the fixture's registry). */
  async subscribeAlertChannel(url: string): Promise<void> {
    const activity = teamsMessage(
      this.connector.url,
      ALERT_CHANNEL,
      '<at>ACR bot</at> subscribe this channel to pushes in myregistry',
      {
        conversation: { id: ALERT_CHANNEL, conversationType: 'channel', tenantId: 'tenant-1' },
        channelData: {
          team: { id: '19:team@thread.tacv2' },
          channel: { id: ALERT_CHANNEL },
          tenant: { id: 'tenant-1' },
        },
        entities: [{ type: 'mention', text: '<at>ACR bot</at>', mentioned: { id: 'bot-1', name: 'ACR bot' } }],
      },
    );
    const posted = await this.postActivity(url, activity);
    if (!posted.accepted) throw new Error(`subscribe refused: ${posted.statuses.join(',')}`);
    const deadline = Date.now() + 15_000;
    while (
      !this.received(ALERT_CHANNEL).some((r) => /^Subscribed/.test(String(r.activity.text))) &&
      Date.now() < deadline
    )
      await sleep(25);
    if (!this.received(ALERT_CHANNEL).some((r) => /^Subscribed/.test(String(r.activity.text))))
      throw new Error('no subscription confirmation');
  }

  /** Alert cards that reached ALERT_CHANNEL, by the tag in their title ("Image pushed: app/web:<tag>"). */
  deliveredAlertTags(): string[] {
    return this.received(ALERT_CHANNEL)
      .map((r) => (cardOf(r.activity)?.body as { text?: string }[] | undefined)?.[0]?.text ?? '')
      .map((title) => /^Image pushed: app\/web:(.+)$/.exec(title)?.[1])
      .filter((tag): tag is string => tag !== undefined);
  }
}

/** p-th percentile (0..100) of the values, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
