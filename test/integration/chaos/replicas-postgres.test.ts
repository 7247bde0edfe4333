/**
 * Chaos: THREE bot replicas (real processes) on ONE real PostgreSQL behind a round-robin proxy, a real
 * docker-registry, the Teams side through the local connector. Mixed traffic (questions in five
 * languages, purge requests approved by clicks racing on every replica, alert bursts) runs while
 *   1. the replica executing a purge is SIGKILLed part-way: another one takes the lease and finishes it;
 *   2. PostgreSQL itself is restarted (every connection dropped, down for a while) with an execution in
 *      flight: the replicas reconnect without a restart.
 * Then: each approved plan ran exactly once (registry = plan, one finish), each accepted alert reached
 * the channel exactly once, every message was answered (after retries of refused attempts: a 2xx with
 * no reply counts as lost), and the audit chain verifies. `npm run test:chaos` runs the long form
 * (CHATOPS_CHAOS=full); `npm test` runs this short one.
 */
import { jest } from '@jest/globals';
import { AuditLog } from '../../../src/storage/audit-log.js';
import { openDatabase, type SqlDatabase } from '../../../src/storage/database.js';
import { startTestPostgres, type TestPostgres } from '../../helpers/postgres.js';
import {
  approveRacing,
  executingReplica,
  executionFacts,
  KEPT_TAGS,
  requestPurge,
  startChaosWorld,
  tagsOf,
  waitUntil,
  type ChaosWorld,
  type PurgeRequest,
} from '../../helpers/chaos/scenario.js';
import { percentile, QUESTIONS } from '../../helpers/chaos/traffic.js';

const FULL = process.env.CHATOPS_CHAOS === 'full';
const SCALE = FULL
  ? {
      crashDev: 120,
      otherDev: [30, 30, 30, 30, 30],
      alertBursts: 4,
      alertsPerBurst: 100,
      questionWorkers: 3,
      pgRestarts: 2,
      pgDownInMs: 3000,
    }
  : {
      crashDev: 40,
      otherDev: [12],
      alertBursts: 1,
      alertsPerBurst: 40,
      questionWorkers: 2,
      pgRestarts: 1,
      pgDownInMs: 1500,
    };
jest.setTimeout(FULL ? 900_000 : 150_000);

let postgres: TestPostgres;
let databaseUrl: string;
let world: ChaosWorld;
let db: SqlDatabase;

beforeAll(async () => {
  const started = performance.now();
  postgres = await startTestPostgres();
  if (!postgres.restart)
    throw new Error('the chaos suite restarts PostgreSQL: it needs the temporary cluster (unset TEST_DATABASE_URL)');
  databaseUrl = await postgres.createDatabase();
  world = await startChaosWorld({
    replicas: 3,
    repositories: [SCALE.crashDev, SCALE.pgRestarts > 0 ? SCALE.crashDev : 0, ...SCALE.otherDev],
    databaseUrl,
  });
  db = await openDatabase({ databaseUrl, migrate: false, maxConnections: 2 });
  process.stdout.write(
    `chaos: PostgreSQL, registry and 3 replicas ready in ${Math.round(performance.now() - started)} ms\n`,
  );
}, 120_000);

afterAll(async () => {
  await db?.close();
  await world?.stop();
  await postgres?.stop();
}, 60_000);

const seconds = (ms: number) => Math.round(ms / 100) / 10;

test('three replicas on one PostgreSQL survive a SIGKILLed executor and a PostgreSQL restart: exactly once, nothing lost', async () => {
  const { traffic, proxy } = world;
  const figures = {
    replicaKills: 0,
    pgRestarts: 0,
    killToDoneInMs: [] as number[],
    pgDownToHealthyInMs: [] as number[],
    pgDownToAnsweredInMs: [] as number[],
  };
  await traffic.subscribeAlertChannel(proxy.url);

  // Questions all along, from a few "users" at once.
  let running = true;
  const questionWorkers = Array.from({ length: SCALE.questionWorkers }, async (_, w) => {
    for (let i = w; running; i++) await traffic.ask(proxy.url, QUESTIONS[i % QUESTIONS.length]);
  });
  let burst = 0;
  const alertBurst = () => {
    const b = burst++;
    return Promise.all(
      Array.from({ length: SCALE.alertsPerBurst }, (_, i) => traffic.pushAlert(proxy.url, `b${b}-${i}`)),
    );
  };

  // 1. The replica executing a purge is killed part-way; an alert burst and questions run meanwhile.
  const approved: PurgeRequest[] = [];
  const crashed = await requestPurge(world, 'chaos-0');
  world.slowRegistry.delayInMs = 60;
  // Every click gets a card; one wins, the others find the request decided.
  expect(await approveRacing(world, db, crashed)).toEqual({ clicks: 3, answered: 3, recorded: 1 });
  approved.push(crashed);
  const bursting = alertBurst();
  const victim = await waitUntil(
    'the execution to be part-way',
    async () => {
      const { rows } = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM action_checkpoints WHERE request_id = $1',
        [crashed.requestId],
      );
      return rows[0].n >= 5 ? executingReplica(world, db, crashed.requestId) : undefined;
    },
    30_000,
    20,
  );
  const killedAt = performance.now();
  await victim.kill('SIGKILL');
  // Alerts being sent at this instant: one the killed replica had sent but not yet recorded goes out again
  // when its lease runs out (Teams acknowledged it; the Bot Framework API has no idempotency key).
  const inFlightAtKill = new Set(
    (
      await db.query<{ tag: string }>(
        `SELECT e.payload->>'tag' AS tag FROM alert_deliveries d JOIN alert_events e ON e.id = d.event_id WHERE d.state = 'sending'`,
      )
    ).rows.map((r) => r.tag),
  );
  figures.replicaKills++;
  await waitUntil(
    'another replica to finish the killed execution',
    async () => ((await executionFacts(db, crashed.requestId)).state === 'done' ? true : undefined),
    60_000,
  );
  figures.killToDoneInMs.push(performance.now() - killedAt);
  await victim.start();
  await bursting;

  // Other purges, approved by racing clicks while traffic goes on.
  for (const [i] of SCALE.otherDev.entries()) {
    const request = await requestPurge(world, `chaos-${i + 2}`);
    expect(await approveRacing(world, db, request)).toEqual({ clicks: 3, answered: 3, recorded: 1 });
    approved.push(request);
  }

  // 2. PostgreSQL restarts while a purge runs, questions are asked and alerts arrive.
  for (let restart = 0; restart < SCALE.pgRestarts; restart++) {
    const inFlight = restart === 0 ? await requestPurge(world, 'chaos-1') : undefined;
    if (inFlight) {
      expect(await approveRacing(world, db, inFlight)).toEqual({ clicks: 3, answered: 3, recorded: 1 });
      approved.push(inFlight);
      await waitUntil(
        'the execution to start',
        async () =>
          (
            await db.query<{ n: number }>('SELECT count(*)::int AS n FROM action_checkpoints WHERE request_id = $1', [
              inFlight.requestId,
            ])
          ).rows[0].n > 0
            ? true
            : undefined,
        30_000,
        20,
      );
    }
    const alertsDuringOutage = alertBurst();
    const downAt = performance.now();
    await postgres.restart!({ downForMs: SCALE.pgDownInMs, mode: 'fast' });
    figures.pgRestarts++;
    await waitUntil(
      'every replica to be healthy again',
      async () => ((await Promise.all(world.replicas.map((r) => r.healthy()))).every(Boolean) ? true : undefined),
      60_000,
    );
    figures.pgDownToHealthyInMs.push(performance.now() - downAt);
    const answered = await traffic.ask(proxy.url, 'help');
    expect(answered.result).toBe('answered');
    figures.pgDownToAnsweredInMs.push(performance.now() - downAt);
    await alertsDuringOutage;
  }
  world.slowRegistry.delayInMs = 0;
  for (let b = burst; b < SCALE.alertBursts; b++) await alertBurst();
  running = false;
  await Promise.all(questionWorkers);

  // Every approved plan ran exactly once: registry = plan, one finish in the audit log, a full report.
  for (const request of approved) {
    const facts = await waitUntil(
      `${request.repository} to finish`,
      async () => {
        const f = await executionFacts(db, request.requestId);
        return f.state === 'done' ? f : undefined;
      },
      60_000,
    );
    expect([request.repository, await tagsOf(world, request.repository)]).toEqual([
      request.repository,
      [...KEPT_TAGS].sort(),
    ]);
    expect(facts.auditActions.filter((a) => a === 'act.execute.finish')).toHaveLength(1);
    expect(facts.auditActions.filter((a) => a === 'approval.approve')).toHaveLength(1);
    expect(facts.totals!.failed).toBe(0);
    expect(facts.totals!.done + facts.totals!.alreadyGone).toBe(facts.totals!.items);
  }
  expect((await executionFacts(db, crashed.requestId)).attempts).toBeGreaterThanOrEqual(2);

  // Every accepted alert reached the channel exactly once (a second copy would arrive within the wait).
  await waitUntil(
    'every accepted alert to arrive',
    async () => (new Set(traffic.deliveredAlertTags()).size >= traffic.acceptedTags.size ? true : undefined),
    60_000,
  );
  await new Promise((r) => setTimeout(r, 1500));
  const delivered = traffic.deliveredAlertTags();
  expect(traffic.counters.alertsAccepted).toBe(traffic.counters.alertsSent);
  expect([...new Set(delivered)].sort()).toEqual([...traffic.acceptedTags].sort()); // none lost, nothing unasked
  const duplicates = delivered.filter((tag, i) => delivered.indexOf(tag) !== i);
  expect(duplicates.filter((tag) => !inFlightAtKill.has(tag))).toEqual([]); // a second copy only from the crash window

  // Every message answered (some after retries); none lost, none given up.
  const c = traffic.counters;
  expect({ lost: c.lost, failed: c.failed }).toEqual({ lost: 0, failed: 0 });
  expect(c.answered).toBe(c.messages);

  const verified = await new AuditLog(db).verify();
  expect(verified.ok).toBe(true);

  process.stdout.write(
    `chaos (${FULL ? 'full' : 'short'}): 3 replicas on PostgreSQL — messages ${c.messages} (answered ${c.answered}, ${c.retriedMessages} after retries, lost ${c.lost}), ` +
      `latency p50 ${Math.round(percentile(c.latenciesInMs, 50))} ms / p99 ${Math.round(percentile(c.latenciesInMs, 99))} ms; ` +
      `approvals ${approved.length} plans, each executed once (racing clicks on 3 replicas); alerts ${c.alertsAccepted} accepted (${c.alertRetries} retried sends), ${delivered.length} delivered (${duplicates.length} re-sent from the ${inFlightAtKill.size} in flight at the SIGKILL); ` +
      `recoveries: ${figures.replicaKills} replica SIGKILL (kill → plan done ${figures.killToDoneInMs.map(seconds).join(', ')} s), ` +
      `${figures.pgRestarts} PostgreSQL restart (down ${seconds(SCALE.pgDownInMs)} s; stop → all healthy ${figures.pgDownToHealthyInMs.map(seconds).join(', ')} s, → answered ${figures.pgDownToAnsweredInMs.map(seconds).join(', ')} s); ` +
      `proxy 502s ${proxy.failed}; audit chain ${verified.checked} records ok\n`,
  );
});
