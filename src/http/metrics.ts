/**
 * A few counters and one histogram in Prometheus text exposition format 0.0.4. Hand-written: the
 * set is small and fixed, and it keeps prom-client's dependency tree out of the bot.
 */
import type { Platform, ReplyKind } from '../core/model.js';
import type { BotMetrics } from '../core/ports.js';

/** Seconds; bot-side turn latency target is ≤ 20 ms at p99, so resolution is fine-grained below 0.1 s. */
const BUCKETS_IN_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

type Labels = Record<string, string>;

class Counter {
  private readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Labels, by = 1): void {
    const key = JSON.stringify(labels);
    const entry = this.values.get(key) ?? { labels, value: 0 };
    entry.value += by;
    this.values.set(key, entry);
  }
  get(labels: Labels): number {
    return this.values.get(JSON.stringify(labels))?.value ?? 0;
  }
  expose(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const { labels, value } of this.values.values()) lines.push(`${this.name}${formatLabels(labels)} ${value}`);
    return lines.join('\n');
  }
}

class Histogram {
  private readonly series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: number[],
  ) {}
  observe(labels: Labels, value: number): void {
    const key = JSON.stringify(labels);
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
    this.buckets.forEach((b, i) => {
      if (value <= b) s.counts[i]++;
    });
    s.sum += value;
    s.count++;
  }
  expose(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const s of this.series.values()) {
      this.buckets.forEach((b, i) =>
        lines.push(`${this.name}_bucket${formatLabels({ ...s.labels, le: String(b) })} ${s.counts[i]}`),
      );
      lines.push(`${this.name}_bucket${formatLabels({ ...s.labels, le: '+Inf' })} ${s.count}`);
      lines.push(`${this.name}_sum${formatLabels(s.labels)} ${s.sum}`);
      lines.push(`${this.name}_count${formatLabels(s.labels)} ${s.count}`);
    }
    return lines.join('\n');
  }
}

function formatLabels(labels: Labels): string {
  const parts = Object.entries(labels).map(
    ([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')}"`,
  );
  return parts.length ? `{${parts.join(',')}}` : '';
}

export class PrometheusMetrics implements BotMetrics {
  readonly httpRequests = new Counter('chatops_http_requests_total', 'HTTP requests by route and status code.');
  readonly turns = new Counter(
    'chatops_turns_total',
    'Bot turns by platform and outcome (answer, abstain, feedback, welcome, help, error, ignored).',
  );
  readonly turnDuration = new Histogram(
    'chatops_turn_duration_seconds',
    'Bot-side processing time of one turn, from activity to reply sent.',
    BUCKETS_IN_SECONDS,
  );
  readonly alertsUnmatched = new Counter(
    'chatops_alerts_unmatched_total',
    'Accepted alert events that named no configured registry (reason="registry") or matched no subscription (reason="subscription").',
  );
  readonly httpDuration = new Histogram(
    'chatops_http_request_duration_seconds',
    'Server time of one HTTP request, from arrival to the response sent, by route.',
    BUCKETS_IN_SECONDS,
  );

  observeTurn(platform: Platform, kind: ReplyKind | 'ignored', durationInMs: number): void {
    this.turns.inc({ platform, kind });
    this.turnDuration.observe({ platform }, durationInMs / 1000);
  }

  observeHttp(route: string, status: number, durationInMs?: number): void {
    this.httpRequests.inc({ route, status: String(status) });
    if (durationInMs !== undefined) this.httpDuration.observe({ route }, durationInMs / 1000);
  }

  alertUnmatched(reason: 'registry' | 'subscription'): void {
    this.alertsUnmatched.inc({ reason });
  }

  expose(): string {
    return (
      [this.httpRequests, this.httpDuration, this.turns, this.turnDuration, this.alertsUnmatched]
        .map((m) => m.expose())
        .join('\n') + '\n'
    );
  }
}
