/** Drift from policy: the registry's admin user should stay disabled (unless the policy allows it). */
import type { AlertEvent } from '../types.js';
import type { RegistryManagementReader, Watcher, WatcherCheck } from './types.js';

export interface AdminUserWatcherOptions {
  registry: string;
  reader: RegistryManagementReader;
  /** Policy; default false (admin user must be disabled). */
  adminUserAllowed?: boolean;
}

export interface AdminUserWatcherState {
  enabled: boolean;
  /** Alerts raised so far: part of the dedupe id. */
  fired: number;
}

export class AdminUserWatcher implements Watcher<AdminUserWatcherState> {
  readonly name: string;

  constructor(private readonly options: AdminUserWatcherOptions) {
    this.name = `admin-user:${options.registry}`;
  }

  async check({
    now,
    state,
    signal,
  }: WatcherCheck<AdminUserWatcherState>): Promise<{ events: AlertEvent[]; state: AdminUserWatcherState }> {
    const previous = state ?? { enabled: false, fired: 0 };
    const { adminUserEnabled } = await this.options.reader.getRegistry({ abortSignal: signal });
    // Alert once per transition to "enabled"; the next one only after it was disabled again.
    if (!adminUserEnabled || previous.enabled || this.options.adminUserAllowed) {
      return { events: [], state: { enabled: adminUserEnabled, fired: previous.fired } };
    }
    const fired = previous.fired + 1;
    const event: AlertEvent = {
      source: 'watcher',
      id: `watcher:admin-user:${this.options.registry}:${fired}`,
      type: 'admin_user',
      occurredAt: now.toISOString(),
      severity: 2,
      registry: this.options.registry,
      actor: 'policy watcher',
    };
    return { events: [event], state: { enabled: true, fired } };
  }
}
