/**
 * Storage used versus quota. Fires when usage crosses a threshold upwards (80/90/95 % by default);
 * a level re-arms only after usage drops `hysteresisInPercent` below it, so hovering around 80 %
 * does not flap.
 */
import type { AlertEvent, Severity } from '../types.js';
import type { RegistryManagementReader, Watcher, WatcherCheck } from './types.js';

export interface QuotaWatcherOptions {
  registry: string;
  reader: RegistryManagementReader;
  /** Ascending; default [80, 90, 95]. */
  thresholdsInPercent?: number[];
  /** Default 5 points. */
  hysteresisInPercent?: number;
}

export interface QuotaWatcherState {
  /** Highest threshold currently "fired" (0: none). */
  level: number;
  /** How many alerts this watcher raised: part of the dedupe id, so a re-run after a crash repeats the same id. */
  fired: number;
}

/** The next level: up to the highest crossed threshold, or down while usage is below level − hysteresis. */
export function nextQuotaLevel(level: number, usedPercent: number, thresholds: number[], hysteresis: number): number {
  const crossed = thresholds.filter((t) => usedPercent >= t).at(-1) ?? 0;
  if (crossed > level) return crossed;
  let next = level;
  while (next > 0 && usedPercent < next - hysteresis) next = thresholds.filter((t) => t < next).at(-1) ?? 0;
  return next;
}

function severityFor(level: number, thresholds: number[]): Severity {
  const fromTop = thresholds.length - 1 - thresholds.indexOf(level);
  return Math.min(2, fromTop) as Severity; // highest threshold Sev0, next Sev1, the rest Sev2
}

export class QuotaWatcher implements Watcher<QuotaWatcherState> {
  readonly name: string;
  private readonly thresholds: number[];
  private readonly hysteresis: number;

  constructor(private readonly options: QuotaWatcherOptions) {
    this.name = `quota:${options.registry}`;
    this.thresholds = [...(options.thresholdsInPercent ?? [80, 90, 95])].sort((a, b) => a - b);
    this.hysteresis = options.hysteresisInPercent ?? 5;
  }

  async check({
    now,
    state,
    signal,
  }: WatcherCheck<QuotaWatcherState>): Promise<{ events: AlertEvent[]; state: QuotaWatcherState }> {
    const previous = state ?? { level: 0, fired: 0 };
    const usage = await this.options.reader.getUsage({ abortSignal: signal });
    if (!usage.quotaInBytes || usage.quotaInBytes <= 0) return { events: [], state: previous };
    const usedPercent = Math.round((usage.usedInBytes / usage.quotaInBytes) * 1000) / 10;
    const level = nextQuotaLevel(previous.level, usedPercent, this.thresholds, this.hysteresis);
    if (level <= previous.level) return { events: [], state: { ...previous, level } };
    const fired = previous.fired + 1;
    const event: AlertEvent = {
      source: 'watcher',
      id: `watcher:quota:${this.options.registry}:${fired}`,
      type: 'quota',
      occurredAt: now.toISOString(),
      severity: severityFor(level, this.thresholds),
      registry: this.options.registry,
      actor: 'quota watcher',
      details: {
        usedPercent,
        thresholdPercent: level,
        usedInBytes: usage.usedInBytes,
        quotaInBytes: usage.quotaInBytes,
      },
    };
    return { events: [event], state: { level, fired } };
  }
}
