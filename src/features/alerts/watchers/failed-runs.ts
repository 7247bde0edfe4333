/** Task runs that failed since the previous check. The first check only sets the baseline. */
import type { AlertEvent } from '../types.js';
import type { RegistryManagementReader, WatchedRun, Watcher, WatcherCheck } from './types.js';

export const FAILED_RUN_STATUSES = ['Failed', 'Error', 'Timeout'];

export interface FailedRunsWatcherOptions {
  registry: string;
  reader: RegistryManagementReader;
  /** Link for the "Open run" button, e.g. the run's page in the Azure portal. */
  runUrl?: (runId: string) => string;
  /** Runs fetched per check; default 100. */
  top?: number;
}

export interface FailedRunsWatcherState {
  /** Latest finish (or create) time seen, ISO. */
  since: string;
  /** Runs seen at exactly `since` (several can share a timestamp). */
  seenAtSince: string[];
}

function timeOf(run: WatchedRun): number | undefined {
  return (run.finishTime ?? run.createTime)?.getTime();
}

export class FailedRunsWatcher implements Watcher<FailedRunsWatcherState> {
  readonly name: string;

  constructor(private readonly options: FailedRunsWatcherOptions) {
    this.name = `runs:${options.registry}`;
  }

  async check({
    now,
    state,
    signal,
  }: WatcherCheck<FailedRunsWatcherState>): Promise<{ events: AlertEvent[]; state: FailedRunsWatcherState }> {
    const runs = (
      await this.options.reader.listTaskRuns({
        statuses: FAILED_RUN_STATUSES,
        top: this.options.top ?? 100,
        abortSignal: signal,
      })
    )
      .filter((run) => FAILED_RUN_STATUSES.includes(run.status) && timeOf(run) !== undefined)
      .sort((a, b) => timeOf(a)! - timeOf(b)!);
    const latest = runs.at(-1);
    const baseline = (): FailedRunsWatcherState => {
      const since = latest ? timeOf(latest)! : now.getTime();
      return {
        since: new Date(since).toISOString(),
        seenAtSince: runs.filter((r) => timeOf(r) === since).map((r) => r.runId),
      };
    };
    if (!state) return { events: [], state: baseline() };
    const since = Date.parse(state.since);
    const fresh = runs.filter(
      (run) => timeOf(run)! > since || (timeOf(run) === since && !state.seenAtSince.includes(run.runId)),
    );
    if (fresh.length === 0) return { events: [], state };
    const events = fresh.map<AlertEvent>((run) => ({
      source: 'watcher',
      id: `watcher:run:${this.options.registry}:${run.runId}`,
      type: 'run_failed',
      occurredAt: new Date(timeOf(run)!).toISOString(),
      severity: 1,
      registry: this.options.registry,
      actor: run.task ?? 'ACR Tasks',
      details: {
        runId: run.runId,
        status: run.status,
        ...(run.task ? { task: run.task } : {}),
        ...(this.options.runUrl ? { runUrl: this.options.runUrl(run.runId) } : {}),
      },
    }));
    return { events, state: baseline() };
  }
}
