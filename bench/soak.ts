/**
 * `npm run bench:soak` (not a test): mixed traffic at a steady rate against TWO bot replicas on one real
 * PostgreSQL behind the round-robin proxy (the chaos suite's harness: test/helpers/chaos/), for a long
 * time. Every interval it prints the answered messages' p50/p99 (send → reply at the connector) and the
 * RSS of each replica and of the PostgreSQL server processes; at the end, the RSS slope (least squares,
 * MB per hour) of each: a steady climb is a leak.
 *
 * Traffic: questions in five languages (--rate per second, each in a new conversation), ACR push webhooks
 * (--alerts-per-minute) to a subscribed channel, and a purge request approved every --purge-every minutes.
 * Options: --minutes 30 --interval 300 (seconds) --rate 5 --alerts-per-minute 30 --purge-every 5.
 * The replicas run under tsx (as in the chaos suite), so absolute RSS is higher than the compiled bot's
 * (`npm run bench:bot`); the slope is what this measures.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { approveRacing, requestPurge, startChaosWorld } from '../test/helpers/chaos/scenario.js';
import { childPids } from '../test/helpers/chaos/replicas.js';
import { percentile, QUESTIONS } from '../test/helpers/chaos/traffic.js';
import { startTestPostgres } from '../test/helpers/postgres.js';
import { openDatabase } from '../src/storage/database.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    interval: { type: 'string', default: '300' },
    rate: { type: 'string', default: '5' },
    'alerts-per-minute': { type: 'string', default: '30' },
    'purge-every': { type: 'string', default: '5' },
  },
});
const durationInMs = Number(values.minutes) * 60_000;
const intervalInMs = Number(values.interval) * 1000;
const rate = Number(values.rate);
const alertsPerMinute = Number(values['alerts-per-minute']);
const purgeEveryInMs = Number(values['purge-every']) * 60_000;
const purges = Math.max(1, Math.ceil(durationInMs / purgeEveryInMs));

const rssOf = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

/** The postmaster listening on `port` and its children (RSS summed: shared buffers count once per process). */
function postgresRssInMb(port: string): number {
  for (const entry of childPids(1).concat(...childPids(1).map(childPids))) {
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (/\bpostgres\b/.test(cmdline) && cmdline.includes(`-p ${port}`))
        return rssOf(entry) + childPids(entry).reduce((sum, child) => sum + rssOf(child), 0);
    } catch {
      // ended while we looked
    }
  }
  return NaN;
}

/** Least-squares slope of y over x. */
function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? NaN : num / den;
}

const postgres = await startTestPostgres();
const databaseUrl = await postgres.createDatabase();
const port = new URL(databaseUrl).port;
const world = await startChaosWorld({
  replicas: 2,
  repositories: Array.from({ length: purges }, () => 10),
  databaseUrl,
});
const db = await openDatabase({ databaseUrl, migrate: false, maxConnections: 2 });
const { traffic, proxy, replicas } = world;
await traffic.subscribeAlertChannel(proxy.url);

const started = performance.now();
const samples: { atInMin: number; bots: number[]; database: number }[] = [];
const sample = () => {
  const sampled = {
    atInMin: (performance.now() - started) / 60_000,
    bots: replicas.map((r) => r.rssInMb().bot),
    database: postgresRssInMb(port),
  };
  samples.push(sampled);
  return sampled;
};
const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '–');
console.log(
  `soak: ${values.minutes} min, ${rate} msg/s, ${alertsPerMinute} alerts/min, a purge every ${values['purge-every']} min; 2 replicas on PostgreSQL`,
);
console.log('minute  messages  p50 ms  p99 ms  lost  alerts  bot RSS MB (each)  PostgreSQL RSS MB');
const first = sample();
console.log(
  `${first.atInMin.toFixed(1).padStart(6)}  ${'0'.padStart(8)}  ${'–'.padStart(6)}  ${'–'.padStart(6)}  ${'0'.padStart(4)}  ${'0'.padStart(6)}  ${first.bots.map(fmt).join(' / ').padStart(17)}  ${fmt(first.database).padStart(17)}`,
);

const inFlight = new Set<Promise<unknown>>();
const track = (p: Promise<unknown>) => {
  inFlight.add(p);
  void p.finally(() => inFlight.delete(p));
};
let asked = 0;
let alerted = 0;
let purged = 0;
let intervalStart = { latencies: 0, messages: 0, lost: 0, alerts: 0 };
let nextReport = intervalInMs;
while (performance.now() - started < durationInMs) {
  const elapsed = performance.now() - started;
  while (asked < (elapsed / 1000) * rate) track(traffic.ask(proxy.url, QUESTIONS[asked++ % QUESTIONS.length]));
  while (alerted < (elapsed / 60_000) * alertsPerMinute) track(traffic.pushAlert(proxy.url, `soak-${alerted++}`));
  if (purged < purges && elapsed >= purged * purgeEveryInMs) {
    const repository = `chaos-${purged++}`;
    track(requestPurge(world, repository).then((request) => approveRacing(world, db, request)));
  }
  if (elapsed >= nextReport) {
    nextReport += intervalInMs;
    const c = traffic.counters;
    const latencies = c.latenciesInMs.slice(intervalStart.latencies);
    const s = sample();
    console.log(
      `${s.atInMin.toFixed(1).padStart(6)}  ${String(c.messages - intervalStart.messages).padStart(8)}  ${fmt(percentile(latencies, 50)).padStart(6)}  ${fmt(percentile(latencies, 99)).padStart(6)}  ${String(c.lost - intervalStart.lost).padStart(4)}  ${String(c.alertsAccepted - intervalStart.alerts).padStart(6)}  ${s.bots.map(fmt).join(' / ').padStart(17)}  ${fmt(s.database).padStart(17)}`,
    );
    intervalStart = { latencies: c.latenciesInMs.length, messages: c.messages, lost: c.lost, alerts: c.alertsAccepted };
  }
  await new Promise((r) => setTimeout(r, 20));
}
await Promise.allSettled([...inFlight]);
const c = traffic.counters;
const last = sample();
const tail = c.latenciesInMs.slice(intervalStart.latencies);
console.log(
  `${last.atInMin.toFixed(1).padStart(6)}  ${String(c.messages - intervalStart.messages).padStart(8)}  ${fmt(percentile(tail, 50)).padStart(6)}  ${fmt(percentile(tail, 99)).padStart(6)}  ${String(c.lost - intervalStart.lost).padStart(4)}  ${String(c.alertsAccepted - intervalStart.alerts).padStart(6)}  ${last.bots.map(fmt).join(' / ').padStart(17)}  ${fmt(last.database).padStart(17)}`,
);
const perHour = (series: number[]) => slope(samples.map((s, i) => ({ x: s.atInMin / 60, y: series[i] })));
console.log(
  `total: ${c.messages} messages (answered ${c.answered}, lost ${c.lost}, failed ${c.failed}), p50 ${fmt(percentile(c.latenciesInMs, 50))} ms, p99 ${fmt(percentile(c.latenciesInMs, 99))} ms; ` +
    `${c.alertsAccepted}/${c.alertsSent} alerts accepted, ${new Set(traffic.deliveredAlertTags()).size} delivered so far; ${purged} purges approved`,
);
console.log(
  `RSS slope (least squares over ${samples.length} samples): bots ${replicas.map((_, i) => `${perHour(samples.map((s) => s.bots[i])).toFixed(1)}`).join(' / ')} MB/h, PostgreSQL ${perHour(samples.map((s) => s.database)).toFixed(1)} MB/h`,
);
await db.close();
await world.stop();
await postgres.stop();
