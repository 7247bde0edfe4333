/**
 * The server half of `npm run bench:bot`, forked by bench/bot.ts once per variant. Plain JavaScript on
 * the compiled bot (dist/, built by the bench first) so the process is what `npm run start:bot` runs in
 * production: no TypeScript loader inflating its memory.
 *
 * argv: <variant: echo | pglite | postgres>. IPC protocol: see the types in bench/bot.ts.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

const variant = process.argv[2];
const send = (message) => process.send(message);
const turnsInMs = [];
const serverInMs = [];
const workDir = mkdtempSync(join(tmpdir(), 'chatops-bench-'));
const started = performance.now();

const { PrometheusMetrics } = await import('../dist/src/http/metrics.js');
class RecordingMetrics extends PrometheusMetrics {
  observeTurn(platform, kind, durationInMs) {
    super.observeTurn(platform, kind, durationInMs);
    turnsInMs.push(durationInMs);
  }
  observeHttp(route, status, durationInMs) {
    super.observeHttp(route, status, durationInMs);
    if (route === '/api/messages' && durationInMs !== undefined) serverInMs.push(durationInMs);
  }
}

const rssOf = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

/** RSS of this process's children (the embedded database process), in MB; 0 when there are none. */
function childrenRssInMb() {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid) total += rssOf(entry);
    } catch {
      // the process ended while we looked
    }
  }
  return total;
}

/** Memory once it has settled: a full GC, a second for V8 to hand freed pages back, another GC. */
async function settledMemory() {
  global.gc();
  await sleep(1000);
  global.gc();
  const usage = process.memoryUsage();
  return {
    rssInMb: usage.rss / 1024 / 1024,
    heapInMb: usage.heapUsed / 1024 / 1024,
    childrenRssInMb: childrenRssInMb(),
  };
}

let url;
let close;
if (variant === 'echo') {
  const { TeamsAdapter } = await import('@microsoft/teams-ai/lib/TeamsAdapter.js');
  const { createLogger } = await import('../dist/src/config/logger.js');
  const { createHttpApp, listen } = await import('../dist/src/http/server.js');
  const adapter = new TeamsAdapter({});
  const app = createHttpApp({
    messages: (req, res) =>
      adapter.process(req, res, async (context) => {
        const t0 = performance.now();
        await context.sendActivity(`echo: ${context.activity.text}`);
        turnsInMs.push(performance.now() - t0);
      }),
    healthChecks: [],
    metrics: new RecordingMetrics(),
    logger: createLogger({ level: 'warn' }),
    bodyLimitInBytes: 256 * 1024,
  });
  const server = await listen(app, 0, '127.0.0.1');
  url = server.url;
  close = () => server.close();
} else {
  const { loadConfig } = await import('../dist/src/config/index.js');
  const { startBot } = await import('../dist/src/main.js');
  const env = { CHATOPS_PORT: '0', CHATOPS_DATA_DIR: join(workDir, 'data'), CHATOPS_LOG_LEVEL: 'warn' };
  if (variant === 'postgres') env.DATABASE_URL = process.env.BENCH_DATABASE_URL;
  const bot = await startBot(loadConfig({ env, dotenvPath: null }), { metrics: new RecordingMetrics() });
  url = bot.url;
  close = () => bot.close();
}
const startInMs = performance.now() - started;
send({ type: 'ready', url, startInMs, ...(await settledMemory()) });

process.on('message', async (message) => {
  if (message.type === 'reset') {
    turnsInMs.length = 0;
    serverInMs.length = 0;
  }
  if (message.type === 'report') send({ type: 'report', turnsInMs, serverInMs, ...(await settledMemory()) });
  if (message.type === 'stop') {
    await close();
    rmSync(workDir, { recursive: true, force: true });
    send({ type: 'stopped' });
    process.disconnect();
  }
});
