/**
 * Built-in watchers over a fake RegistryManagementReader (Azure Resource Manager cannot run here; the
 * fake returns the shapes of the registry area's ArmRegistryManagement), scheduled with a fake clock
 * on a real embedded PostgreSQL (PGlite): thresholds, hysteresis, new failed runs, admin-user drift,
 * persisted state, lease exclusivity and take-over after expiry. Also: subscriptions survive a restart.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { withoutLiteralMarkers } from '../../../src/core/literal-text.js';
import { openDatabase, MEMORY_DATA_DIR, type SqlDatabase } from '../../../src/storage/database.js';
import { AlertQueue } from '../../../src/features/alerts/queue.js';
import { SubscriptionStore } from '../../../src/features/alerts/subscriptions.js';
import {
  executeSubscriptionCommand,
  parseSubscriptionCommand,
} from '../../../src/features/alerts/subscription-commands.js';
import { AdminUserWatcher } from '../../../src/features/alerts/watchers/admin-user.js';
import { FailedRunsWatcher } from '../../../src/features/alerts/watchers/failed-runs.js';
import { QuotaWatcher } from '../../../src/features/alerts/watchers/quota.js';
import { WatcherScheduler } from '../../../src/features/alerts/watchers/scheduler.js';
import type { RegistryManagementReader, WatchedRun } from '../../../src/features/alerts/watchers/types.js';
import { FakeClock, registerConversation } from '../../helpers/alerts.js';

/** Fake of the management plane (ARM): settable readings. */
class FakeReader implements RegistryManagementReader {
  usedInBytes = 0;
  quotaInBytes = 100 * 1024 ** 3;
  adminUserEnabled = false;
  runs: WatchedRun[] = [];
  async getUsage() {
    return { usedInBytes: this.usedInBytes, quotaInBytes: this.quotaInBytes };
  }
  async listTaskRuns(options: { statuses?: string[] } = {}) {
    return this.runs.filter((r) => !options.statuses || options.statuses.includes(r.status));
  }
  async getRegistry() {
    return { adminUserEnabled: this.adminUserEnabled };
  }
  setPercent(percent: number) {
    this.usedInBytes = (this.quotaInBytes * percent) / 100;
  }
}

let db: SqlDatabase;
beforeAll(async () => {
  db = await openDatabase({ dataDir: MEMORY_DATA_DIR });
}, 30_000);
afterAll(async () => db?.close());
beforeEach(async () => {
  await db.exec('DELETE FROM alert_events; DELETE FROM alert_watcher_state; DELETE FROM alert_leases;');
});

async function storedEvents(): Promise<Array<{ type: string; severity: number; details?: Record<string, unknown> }>> {
  const { rows } = await db.query<{ payload: { type: string; severity: number; details?: Record<string, unknown> } }>(
    'SELECT payload FROM alert_events ORDER BY id',
  );
  return rows.map((r) => r.payload);
}

it('quota: fires on crossing 80/90/95 upwards, re-arms only 5 points below, state survives a new scheduler', async () => {
  const reader = new FakeReader();
  const clock = new FakeClock();
  const make = () =>
    new WatcherScheduler({
      db,
      inbox: new AlertQueue(db),
      watchers: [new QuotaWatcher({ registry: 'myregistry', reader })],
      instanceId: 'i1',
      clock,
      intervalInMs: 60_000,
    });
  let scheduler = make();
  const fired: Array<[number, number]> = [];
  const step = async (percent: number) => {
    reader.setPercent(percent);
    clock.advance(60_000);
    await scheduler.runOnce();
    fired.splice(
      0,
      fired.length,
      ...(await storedEvents()).map((e) => [e.details!.thresholdPercent as number, e.severity] as [number, number]),
    );
  };
  await step(50);
  expect(fired).toEqual([]);
  await step(81);
  expect(fired).toEqual([[80, 2]]);
  await step(79); // hovering: no re-fire
  await step(82);
  expect(fired).toEqual([[80, 2]]);
  await step(96); // jumps straight to the top level: one alert, Sev0
  expect(fired).toEqual([
    [80, 2],
    [95, 0],
  ]);
  scheduler = make(); // restart: the level comes from the database
  await step(93);
  await step(95.5);
  expect(fired).toEqual([
    [80, 2],
    [95, 0],
  ]);
  await step(89); // below 95 − 5: re-armed down to 90 (89 ≥ 85)
  await step(95);
  expect(fired).toEqual([
    [80, 2],
    [95, 0],
    [95, 0],
  ]);
  await step(70); // below 75: everything re-armed
  await step(80);
  expect(fired.at(-1)).toEqual([80, 2]);
  expect(fired).toHaveLength(4);
});

it('failed runs: the first check sets the baseline, later checks report only new failures, once', async () => {
  const reader = new FakeReader();
  const clock = new FakeClock();
  const t = (minutes: number) => new Date(clock.now().getTime() + minutes * 60_000);
  reader.runs = [{ runId: 'ca1', status: 'Failed', finishTime: t(-30) }];
  const scheduler = new WatcherScheduler({
    db,
    inbox: new AlertQueue(db),
    instanceId: 'i1',
    clock,
    watchers: [
      new FailedRunsWatcher({ registry: 'myregistry', reader, runUrl: (id) => `https://portal.azure.com/#runs/${id}` }),
    ],
  });
  await scheduler.runOnce();
  expect(await storedEvents()).toEqual([]);
  reader.runs.push(
    { runId: 'ca2', status: 'Succeeded', finishTime: t(1) },
    { runId: 'ca3', status: 'Timeout', finishTime: t(2), task: 'build-app' },
    { runId: 'ca4', status: 'Error', finishTime: t(2) },
  );
  clock.advance(5 * 60_000);
  await scheduler.runOnce();
  await scheduler.runOnce();
  const events = await storedEvents();
  expect(events.map((e) => [e.type, e.details!.runId, e.details!.status])).toEqual([
    ['run_failed', 'ca3', 'Timeout'],
    ['run_failed', 'ca4', 'Error'],
  ]);
  expect(events[0].details!.runUrl).toBe('https://portal.azure.com/#runs/ca3');
});

it('admin user: alerts once per drift to enabled, again only after it was disabled', async () => {
  const reader = new FakeReader();
  const clock = new FakeClock();
  const scheduler = new WatcherScheduler({
    db,
    inbox: new AlertQueue(db),
    instanceId: 'i1',
    clock,
    watchers: [new AdminUserWatcher({ registry: 'myregistry', reader })],
  });
  for (const enabled of [false, true, true, false, true]) {
    reader.adminUserEnabled = enabled;
    await scheduler.runOnce();
  }
  expect((await storedEvents()).map((e) => e.type)).toEqual(['admin_user', 'admin_user']);
});

it('lease: one holder at a time; another instance takes over only after expiry or release', async () => {
  const clock = new FakeClock();
  let polls: string[] = [];
  const watcher = (instance: string) => ({
    name: 'w',
    check: async () => (polls.push(instance), { events: [], state: {} }),
  });
  const make = (id: string) =>
    new WatcherScheduler({
      db,
      inbox: new AlertQueue(db),
      instanceId: id,
      clock,
      intervalInMs: 60_000,
      leaseTtlInMs: 180_000,
      watchers: [watcher(id)],
    });
  const [a, b] = [make('a'), make('b')];
  await a.runOnce();
  await b.runOnce();
  clock.advance(60_000);
  await b.runOnce();
  await a.runOnce(); // renews
  expect(polls).toEqual(['a', 'a']);
  clock.advance(180_001); // a silent for longer than the TTL (crashed)
  await b.runOnce();
  await a.runOnce();
  expect(polls).toEqual(['a', 'a', 'b']);
  polls = [];
  await b.stop(); // clean shutdown releases at once
  await a.runOnce();
  expect(polls).toEqual(['a']);
});

it('subscriptions made from chat survive closing and reopening the database', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'alerts-subs-'));
  const dataDir = path.join(dir, 'pglite'); // its socket folder (pglite.run) lands beside it, inside dir
  const conversation = { platform: 'teams' as const, conversationId: '19:persist@thread.tacv2' };
  try {
    let disk = await openDatabase({ dataDir });
    await registerConversation(disk, conversation);
    const reply = await executeSubscriptionCommand(
      parseSubscriptionCommand('abonniere Pushes in myregistry für app/*')!,
      { conversation, userId: 'aad-user-1' },
      new SubscriptionStore(disk),
    );
    expect({ ...reply, text: withoutLiteralMarkers(reply.text) }).toEqual({
      ok: true,
      lang: 'de',
      text: 'Diese Unterhaltung hat Pushes, Chart-Pushes — myregistry/app/* abonniert (#1).',
    });
    await disk.close();
    disk = await openDatabase({ dataDir });
    const list = await new SubscriptionStore(disk).listForConversation(conversation);
    expect(list.map((s) => [s.registry, s.repositoryPattern, s.eventTypes, s.lang, s.createdBy])).toEqual([
      ['myregistry', 'app/*', ['chart_push', 'push'], 'de', 'aad-user-1'],
    ]);
    const listed = await executeSubscriptionCommand(
      parseSubscriptionCommand('Abonnements anzeigen')!,
      { conversation, userId: 'x' },
      new SubscriptionStore(disk),
    );
    expect(listed.items).toEqual(['#1 Pushes, Chart-Pushes — myregistry/app/*']);
    await disk.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 40_000);
