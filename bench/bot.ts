/**
 * `npm run bench:bot`: Teams-shaped messages through the real HTTP endpoint (Express → botbuilder →
 * teams-ai → core → real KB matcher → real database) to a reply received by a local connector
 * endpoint (the activity's serviceUrl). Each server variant runs alone in a forked process; the load
 * generator and the connector run here, so the server's timings and RSS are its own.
 *
 * Variants: `echo` (baseline: same HTTP stack and adapter, logic = echo the text), `pglite` (the bot
 * as main.ts composes it, embedded PGlite), `postgres` (the same bot on a throw-away local PostgreSQL).
 * Prints, per variant and as ratios against echo:
 * - server time: POST /api/messages arrival → response sent, measured by the server itself. The
 *   same span for every variant: body parsing, adapter, turn state load/save, logic, reply POST.
 *   The bot's own processing is this minus echo's (printed as "bot − echo").
 * - turn time: the handler only (bot: activity → reply sent, without turn state; echo: the send).
 * - HTTP round trip seen by the client (request → reply received by the connector);
 * - throughput at 1 and 8 concurrent conversations; RSS after start and after all messages (after a GC).
 *
 * Env: BENCH_MESSAGES (default 10000 per variant: 1/5 at concurrency 1, the rest at 8).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Platform, ReplyKind } from '../src/core/model.js';
import { LocalConnector, teamsMessage } from '../test/helpers/local-connector.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TOTAL = Number(process.env.BENCH_MESSAGES ?? 10_000);
const WARMUP = 200;
const QUESTIONS = [
  '管理者の資格情報を取得するにはどうすればよいですか?',
  'Wie erhalte ich die Administratoranmeldeinformationen für meine Registrierung?',
  'How do I delete untagged manifests?',
  'Hur tar jag bort en avbildning?',
  '如何取得登錄的系統管理員認證?',
  'Why does my registry quota not go down after deleting images?',
  'what is the weather like today',
  'help',
];

type Variant = 'echo' | 'pglite' | 'postgres';
type ToServer = { type: 'reset' } | { type: 'report' } | { type: 'stop' };
type FromServer =
  | { type: 'ready'; url: string; rssInMb: number; startInMs: number }
  | { type: 'report'; turnsInMs: number[]; serverInMs: number[]; rssInMb: number; heapInMb: number }
  | { type: 'stopped' };

const rssInMb = () => process.memoryUsage().rss / 1024 / 1024;

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// ---------------------------------------------------------------- server side (forked process)

async function serve(variant: Variant): Promise<void> {
  const send = (m: FromServer) => process.send!(m);
  const turnsInMs: number[] = [];
  const serverInMs: number[] = [];
  let url: string;
  let close: () => Promise<void>;
  const workDir = mkdtempSync(join(tmpdir(), 'chatops-bench-'));
  const started = performance.now();
  const { PrometheusMetrics } = await import('../src/http/metrics.js');
  class RecordingMetrics extends PrometheusMetrics {
    override observeTurn(platform: Platform, kind: ReplyKind | 'ignored', durationInMs: number): void {
      super.observeTurn(platform, kind, durationInMs);
      turnsInMs.push(durationInMs);
    }
    override observeHttp(route: string, status: number, durationInMs?: number): void {
      super.observeHttp(route, status, durationInMs);
      if (route === '/api/messages' && durationInMs !== undefined) serverInMs.push(durationInMs);
    }
  }
  if (variant === 'echo') {
    const { TeamsAdapter } = await import('@microsoft/teams-ai');
    const { createLogger } = await import('../src/config/logger.js');
    const { createHttpApp, listen } = await import('../src/http/server.js');
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
    const { loadConfig } = await import('../src/config/index.js');
    const { startBot } = await import('../src/main.js');
    const env: Record<string, string> = { CHATOPS_PORT: '0', CHATOPS_DATA_DIR: join(workDir, 'data'), CHATOPS_LOG_LEVEL: 'warn' };
    if (variant === 'postgres') env.DATABASE_URL = process.env.BENCH_DATABASE_URL!;
    const bot = await startBot(loadConfig({ env, dotenvPath: null }), { metrics: new RecordingMetrics() });
    url = bot.url;
    close = () => bot.close();
  }
  const startInMs = performance.now() - started;
  global.gc?.();
  send({ type: 'ready', url, rssInMb: rssInMb(), startInMs });
  process.on('message', async (m: ToServer) => {
    if (m.type === 'reset') {
      turnsInMs.length = 0;
      serverInMs.length = 0;
    }
    if (m.type === 'report') {
      global.gc?.();
      send({ type: 'report', turnsInMs, serverInMs, rssInMb: rssInMb(), heapInMb: process.memoryUsage().heapUsed / 1024 / 1024 });
    }
    if (m.type === 'stop') {
      await close();
      rmSync(workDir, { recursive: true, force: true });
      send({ type: 'stopped' });
      process.disconnect();
    }
  });
}

// ---------------------------------------------------------------- load generator (this process)

class ServerProcess {
  private readonly child: ChildProcess;
  private readonly inbox: FromServer[] = [];
  private wake?: () => void;

  constructor(variant: Variant, env: Record<string, string>) {
    this.child = fork(fileURLToPath(import.meta.url), ['--serve', variant], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      execArgv: ['--import', 'tsx', '--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (m: FromServer) => {
      this.inbox.push(m);
      this.wake?.();
    });
  }

  async next<T extends FromServer['type']>(type: T): Promise<Extract<FromServer, { type: T }>> {
    for (;;) {
      const i = this.inbox.findIndex((m) => m.type === type);
      if (i >= 0) return this.inbox.splice(i, 1)[0] as Extract<FromServer, { type: T }>;
      if (this.child.exitCode !== null) throw new Error(`server process exited (${this.child.exitCode})`);
      await new Promise<void>((r) => {
        this.wake = r;
        setTimeout(r, 500);
      });
    }
  }

  send(m: ToServer): void {
    this.child.send(m);
  }
}

interface RunResult {
  perSecond: number;
  roundTripsInMs: number[];
}

/** `concurrency` conversations, each sending its share one after another and awaiting its reply. */
async function drive(url: string, connector: LocalConnector, label: string, concurrency: number, messages: number): Promise<RunResult> {
  const roundTripsInMs: number[] = [];
  const perConversation = Math.ceil(messages / concurrency);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, c) => {
      const conversationId = `${label}-${c}`;
      for (let i = 0; i < perConversation; i++) {
        const body = JSON.stringify(teamsMessage(connector.url, conversationId, QUESTIONS[(i + c) % QUESTIONS.length]));
        const t0 = performance.now();
        const replied = connector.next(conversationId, 15_000);
        const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
        await replied;
        roundTripsInMs.push(performance.now() - t0);
      }
    }),
  );
  return { perSecond: (perConversation * concurrency) / ((performance.now() - started) / 1000), roundTripsInMs };
}

interface VariantReport {
  variant: Variant;
  startInMs: number;
  serverP50: number;
  serverP99: number;
  turnP50: number;
  turnP99: number;
  rttP50: number;
  rttP99: number;
  c1PerSecond: number;
  c8PerSecond: number;
  rssAfterStartInMb: number;
  rssAfterMessagesInMb: number;
  heapAfterMessagesInMb: number;
  messages: number;
}

async function measure(variant: Variant, connector: LocalConnector, env: Record<string, string> = {}): Promise<VariantReport> {
  const server = new ServerProcess(variant, env);
  const ready = await server.next('ready');
  await drive(ready.url, connector, `${variant}-warm`, 2, WARMUP);
  server.send({ type: 'reset' });
  const atC1 = Math.round(TOTAL / 5);
  const c1 = await drive(ready.url, connector, `${variant}-c1`, 1, atC1);
  const c8 = await drive(ready.url, connector, `${variant}-c8`, 8, TOTAL - atC1);
  server.send({ type: 'report' });
  const report = await server.next('report');
  server.send({ type: 'stop' });
  await server.next('stopped');
  const turns = [...report.turnsInMs].sort((a, b) => a - b);
  const serverTimes = [...report.serverInMs].sort((a, b) => a - b);
  const rtt = [...c1.roundTripsInMs, ...c8.roundTripsInMs].sort((a, b) => a - b);
  return {
    variant,
    startInMs: ready.startInMs,
    serverP50: percentile(serverTimes, 50),
    serverP99: percentile(serverTimes, 99),
    turnP50: percentile(turns, 50),
    turnP99: percentile(turns, 99),
    rttP50: percentile(rtt, 50),
    rttP99: percentile(rtt, 99),
    c1PerSecond: c1.perSecond,
    c8PerSecond: c8.perSecond,
    rssAfterStartInMb: ready.rssInMb,
    rssAfterMessagesInMb: report.rssInMb,
    heapAfterMessagesInMb: report.heapInMb,
    messages: turns.length,
  };
}

async function main(): Promise<void> {
  console.log(`bench:bot — ${TOTAL} messages per variant (1/5 at concurrency 1, the rest at 8) after ${WARMUP} warm-up; each server in its own process`);
  const connector = await new LocalConnector().start();
  const reports: VariantReport[] = [await measure('echo', connector), await measure('pglite', connector)];
  const { startTestPostgres } = await import('../test/helpers/postgres.js');
  let postgres: Awaited<ReturnType<typeof startTestPostgres>> | undefined;
  try {
    postgres = await startTestPostgres();
    reports.push(await measure('postgres', connector, { BENCH_DATABASE_URL: await postgres.createDatabase() }));
  } catch (err) {
    console.log(`(postgres variant skipped: ${err instanceof Error ? err.message : String(err)})`);
  } finally {
    await postgres?.stop();
  }
  await connector.stop();

  const [echo, ...bots] = reports;
  const f = (n: number, digits = 2) => n.toFixed(digits);
  const x = (a: number, b: number) => `${f(a / b)}×`;
  const widths = [16, 8, 8, 8, 8, 8, 8, 7, 7, 7, 7, 7, 7];
  const gaps = new Set([1, 3, 5, 7, 9]);
  const row = (cells: string[]) => console.log(cells.map((c, i) => (i === 0 ? c.padEnd(widths[0]) : `${gaps.has(i) ? '  ' : ''}${c.padStart(widths[i])}`)).join(''));
  console.log('\n                  server ms          turn ms       round trip ms   throughput msg/s   RSS MB (after GC) JS heap  start');
  row(['variant', 'p50', 'p99', 'p50', 'p99', 'p50', 'p99', 'c=1', 'c=8', 'start', 'after', 'after', 's']);
  for (const r of reports) {
    row([r.variant, f(r.serverP50), f(r.serverP99), f(r.turnP50), f(r.turnP99), f(r.rttP50), f(r.rttP99), f(r.c1PerSecond, 0), f(r.c8PerSecond, 0), f(r.rssAfterStartInMb, 0), f(r.rssAfterMessagesInMb, 0), f(r.heapAfterMessagesInMb, 0), f(r.startInMs / 1000, 1)]);
  }
  for (const r of bots) {
    row([`${r.variant}/echo`, x(r.serverP50, echo.serverP50), x(r.serverP99, echo.serverP99), x(r.turnP50, echo.turnP50), x(r.turnP99, echo.turnP99), x(r.rttP50, echo.rttP50), x(r.rttP99, echo.rttP99), x(r.c1PerSecond, echo.c1PerSecond), x(r.c8PerSecond, echo.c8PerSecond), x(r.rssAfterStartInMb, echo.rssAfterStartInMb), x(r.rssAfterMessagesInMb, echo.rssAfterMessagesInMb), x(r.heapAfterMessagesInMb, echo.heapAfterMessagesInMb), '']);
  }
  for (const r of bots) {
    row([`${r.variant} − echo`, f(r.serverP50 - echo.serverP50), f(r.serverP99 - echo.serverP99), '', '', '', '', '', '', f(r.rssAfterStartInMb - echo.rssAfterStartInMb, 0), f(r.rssAfterMessagesInMb - echo.rssAfterMessagesInMb, 0), f(r.heapAfterMessagesInMb - echo.heapAfterMessagesInMb, 0), '']);
  }
  console.log(
    '\nserver = POST /api/messages arrival → response sent, timed by the server (same span for every variant: adapter, turn state,' +
      '\n         logic, reply POST to the connector). turn = the handler only (bot: activity → reply sent; echo: sendActivity).' +
      '\nbot − echo = what the bot adds to the bare Teams adapter. start = loading the bot modules → listening.',
  );
  for (const r of bots) {
    console.log(
      `targets (${r.variant}): bot-side p99 ≤ 20 ms → server ${r.serverP99 <= 20 ? 'met' : 'MISSED'} (${f(r.serverP99)} ms), turn ${r.turnP99 <= 20 ? 'met' : 'MISSED'} (${f(r.turnP99)} ms); ` +
        `RSS ≤ 200 MB after ${r.messages + WARMUP} messages → ${r.rssAfterMessagesInMb <= 200 ? 'met' : 'MISSED'} (${f(r.rssAfterMessagesInMb, 0)} MB)`,
    );
  }
}

const serveArg = process.argv.indexOf('--serve');
(serveArg > 0 ? serve(process.argv[serveArg + 1] as Variant) : main()).catch((err) => {
  console.error(err);
  process.exit(1);
});
