/**
 * Chaos, single-instance mode: one bot replica on its embedded database (PGlite in its own process). The
 * database process is SIGKILLed while a purge runs, questions are asked and alerts arrive. The bot
 * restarts it by itself; meanwhile messages are answered or refused with a retryable status, webhooks
 * are refused (and re-sent) rather than lost; the purge finishes exactly its plan; the audit chain verifies.
 */
import { jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditLog } from '../../../src/storage/audit-log.js';
import { openDatabase } from '../../../src/storage/database.js';
import { cardText } from '../../helpers/act-bot.js';
import { childPids } from '../../helpers/chaos/replicas.js';
import {
  executionFacts,
  KEPT_TAGS,
  requestPurge,
  startChaosWorld,
  tagsOf,
  waitUntil,
  type ChaosWorld,
} from '../../helpers/chaos/scenario.js';
import { percentile, QUESTIONS } from '../../helpers/chaos/traffic.js';

const FULL = process.env.CHATOPS_CHAOS === 'full';
jest.setTimeout(FULL ? 600_000 : 120_000);

let world: ChaosWorld;

beforeAll(async () => {
  world = await startChaosWorld({ replicas: 1, repositories: [FULL ? 120 : 40] });
}, 120_000);
afterAll(() => world?.stop(), 60_000);

function databaseProcessOf(pid: number): number {
  const found = childPids(pid).filter((child) =>
    readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('pglite-server-process'),
  );
  if (found.length !== 1) throw new Error(`expected one database process under ${pid}, found ${found.length}`);
  return found[0];
}

test('the embedded database process is killed mid-purge: the bot restarts it, nothing accepted is lost, the plan runs once', async () => {
  const { traffic, proxy, replicas } = world;
  const [bot] = replicas;
  await traffic.subscribeAlertChannel(proxy.url);
  let running = true;
  const questions = (async () => {
    for (let i = 0; running; i++) await traffic.ask(proxy.url, QUESTIONS[i % QUESTIONS.length]);
  })();

  const request = await requestPurge(world, 'chaos-0');
  world.slowRegistry.delayInMs = 60;
  const approved = await request.client.execute(
    { id: 'user-bo', name: 'Bo' },
    'act.approve',
    { requestId: request.requestId, planHash: request.planHash },
    { replyToId: request.messageId },
  );
  expect(cardText(approved.value)).toContain('Approved');
  await waitUntil(
    'the execution to be part-way',
    async () => ((await tagsOf(world, 'chaos-0')).length <= (FULL ? 115 : 35) + KEPT_TAGS.length ? true : undefined),
    30_000,
    20,
  );

  const databasePid = databaseProcessOf(bot.pid!);
  const alerts = Promise.all(Array.from({ length: FULL ? 200 : 30 }, (_, i) => traffic.pushAlert(proxy.url, `e${i}`)));
  const killedAt = performance.now();
  process.kill(databasePid, 'SIGKILL');
  await waitUntil(
    'a new database process and a ready bot',
    async () => (databaseProcessOf(bot.pid!) !== databasePid && (await bot.healthy()) ? true : undefined),
    60_000,
    50,
  );
  const healthyInMs = performance.now() - killedAt;
  expect((await traffic.ask(proxy.url, 'help')).result).toBe('answered');
  const answeredInMs = performance.now() - killedAt;
  await alerts;
  world.slowRegistry.delayInMs = 0;

  await request.client.waitFor(
    () =>
      request.client
        .activities()
        .find(
          (a) =>
            a.method === 'PUT' &&
            a.replyToId === request.messageId &&
            cardText(a.activity).includes('Delete old tags: report'),
        ),
    'the report card',
    60_000,
  );
  expect(await tagsOf(world, 'chaos-0')).toEqual([...KEPT_TAGS].sort());
  await waitUntil(
    'every accepted alert to arrive',
    async () => (new Set(traffic.deliveredAlertTags()).size >= traffic.acceptedTags.size ? true : undefined),
    60_000,
  );
  running = false;
  await questions;
  await new Promise((r) => setTimeout(r, 1500));
  const delivered = traffic.deliveredAlertTags();
  expect([...new Set(delivered)].sort()).toEqual([...traffic.acceptedTags].sort());
  const c = traffic.counters;
  expect(c.alertsAccepted).toBe(c.alertsSent);
  expect({ lost: c.lost, failed: c.failed, answered: c.answered }).toEqual({
    lost: 0,
    failed: 0,
    answered: c.messages,
  });

  // The embedded database takes one process at a time: stop the bot, then read it.
  await bot.kill('SIGTERM');
  const db = await openDatabase({ dataDir: join(bot.options.env.CHATOPS_DATA_DIR, 'pglite'), migrate: false });
  try {
    const facts = await executionFacts(db, request.requestId);
    expect(facts.state).toBe('done');
    expect(facts.auditActions.filter((a) => a === 'act.execute.finish')).toHaveLength(1);
    expect(facts.totals!.done + facts.totals!.alreadyGone).toBe(facts.totals!.items);
    expect(facts.totals!.failed).toBe(0);
    expect((await new AuditLog(db).verify()).ok).toBe(true);
    const duplicates = delivered.length - new Set(delivered).size;
    process.stdout.write(
      `chaos (${FULL ? 'full' : 'short'}): embedded database process SIGKILLed — messages ${c.messages} (answered ${c.answered}, ${c.retriedMessages} after retries, lost ${c.lost}), ` +
        `p50 ${Math.round(percentile(c.latenciesInMs, 50))} ms / p99 ${Math.round(percentile(c.latenciesInMs, 99))} ms; alerts ${c.alertsAccepted} accepted (${c.alertRetries} retried sends), ${delivered.length} delivered (${duplicates} duplicates); ` +
        `plan ${facts.totals!.items} items in ${facts.attempts} attempt(s), executed once; kill → ready ${Math.round(healthyInMs)} ms, → answered ${Math.round(answeredInMs)} ms\n`,
    );
    expect(duplicates).toBe(0);
  } finally {
    await db.close();
  }
});
