/**
 * What the watchers read from the registry's management plane. A structural subset of the registry
 * area's `RegistryManagement` (src/registry/acr/management.ts, branch `registry`): an
 * `ArmRegistryManagement` can be passed as is.
 */
import type { AlertEvent } from '../types.js';

export interface ReaderCallOptions {
  abortSignal?: AbortSignal;
}

export interface WatchedRun {
  runId: string;
  /** ACR run states: Queued, Started, Running, Succeeded, Failed, Canceled, Error, Timeout. */
  status: string;
  task?: string;
  createTime?: Date;
  finishTime?: Date;
}

export interface RegistryManagementReader {
  getUsage(options?: ReaderCallOptions): Promise<{ usedInBytes: number; quotaInBytes?: number }>;
  listTaskRuns(options?: ReaderCallOptions & { statuses?: string[]; top?: number }): Promise<WatchedRun[]>;
  getRegistry(options?: ReaderCallOptions): Promise<{ adminUserEnabled: boolean }>;
}

export interface WatcherCheck<S> {
  now: Date;
  /** What the previous check returned; undefined on the very first check. */
  state: S | undefined;
  signal?: AbortSignal;
}

/** A watcher is a pure step over persisted state: (state, registry readings) → (events, new state). */
export interface Watcher<S = unknown> {
  /** Unique; also the key of its persisted state. */
  readonly name: string;
  check(input: WatcherCheck<S>): Promise<{ events: AlertEvent[]; state: S }>;
}
