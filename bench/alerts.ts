/**
 * Alert receiver burst: N ACR webhooks fired at the router (50 in flight) over HTTP on 127.0.0.1.
 * Baseline in the same run: the same router with an in-memory inbox (no database), so the ratio
 * shows what the durable write costs. Prints events/s accepted and request latency percentiles.
 *   npm run bench:alerts [-- --events 1000] [-- --database-url postgres://…]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createAlertsRouter } from '../src/features/alerts/router.js';
import { AlertQueue, type AlertInbox } from '../src/features/alerts/queue.js';
import { openDatabase, MEMORY_DATA_DIR } from '../src/storage/database.js';
import { serveRouter } from '../test/helpers/alerts.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000' },
    'in-flight': { type: 'string', default: '50' },
    'database-url': { type: 'string' },
  },
});
const EVENTS = Number(values.events);
const IN_FLIGHT = Number(values['in-flight']);
const SECRET = 'bench-secret';
const base = JSON.parse(
  readFileSync(new URL('../test/fixtures/alerts/acr-push.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function burst(label: string, inbox: AlertInbox): Promise<{ rate: number; p50: number; p99: number }> {
  const server = await serveRouter(
    createAlertsRouter({ inbox, secrets: { acrWebhookSecret: SECRET }, maxBodyInBytes: 64 * 1024 }),
  );
  const latencies: number[] = [];
  let next = 0;
  let accepted = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < EVENTS) {
        const i = next++;
        const t = performance.now();
        const response = await fetch(`${server.url}/acr`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-acr-webhook-secret': SECRET },
          body: JSON.stringify({ ...base, id: `${label}-${i}` }),
        });
        await response.arrayBuffer();
        latencies.push(performance.now() - t);
        if (response.status === 202) accepted++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await server.close();
  latencies.sort((a, b) => a - b);
  const result = { rate: accepted / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
  console.log(
    `${label.padEnd(28)} accepted ${accepted}/${EVENTS}  ${result.rate.toFixed(0).padStart(6)} events/s  p50 ${result.p50.toFixed(1)} ms  p99 ${result.p99.toFixed(1)} ms`,
  );
  return result;
}

const memory: AlertInbox = {
  enqueue: async (events) => ({ status: 'accepted', accepted: events.length, duplicates: 0 }),
};
const db = await openDatabase(
  values['database-url'] ? { databaseUrl: values['database-url'] } : { dataDir: MEMORY_DATA_DIR },
);
console.log(`alerts burst: ${EVENTS} ACR webhooks, ${IN_FLIGHT} in flight, database ${db.kind}`);
await burst('warm-up (memory inbox)', memory);
const baseline = await burst('baseline: memory inbox', memory);
const durable = await burst(`durable queue (${db.kind})`, new AlertQueue(db));
console.log(
  `durable/baseline: throughput ×${(durable.rate / baseline.rate).toFixed(2)}, p99 ×${(durable.p99 / baseline.p99).toFixed(2)}`,
);
await db.close();
