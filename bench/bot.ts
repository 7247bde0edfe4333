/**
 * `npm run bench:bot`: Teams-shaped messages through the real HTTP endpoint (Express → botbuilder →
 * teams-ai → core → real KB matcher → real database) to a reply received by a local connector
 * endpoint (the activity's serviceUrl). Each server variant runs alone in a forked process
 * (bench/bot-server.mjs, on the compiled bot in dist/ that this script builds first: the production
 * form); the load generator and the connector run here, so the server's timings and RSS are its own.
 *
 * Variants: `echo` (baseline: same HTTP stack and adapter, logic = echo the text), `pglite` (the bot
 * as main.ts composes it, embedded PGlite), `postgres` (the same bot on a throw-away local PostgreSQL).
 * Prints, per variant and as ratios against echo:
 * - server time: POST /api/messages arrival → response sent, measured by the server itself. The
 *   same span for every variant: body parsing, adapter, turn state load/save, logic, reply POST.
 *   The bot's own processing is this minus echo's (printed as "bot − echo").
 * - turn time: the handler only (bot: activity → reply sent, without turn state; echo: the send).
 * - HTTP round trip seen by the client (request → reply received by the connector);
 * - throughput at 1 and 8 concurrent conversations;
 * - RSS after start and after all messages, once settled (GC, 1 s idle, GC), of the bot process and
 *   of the embedded database process it starts (pglite: PGlite runs in a child process of the bot).
 *
 * Env: BENCH_MESSAGES (default 10000 per variant: 1/5 at concurrency 1, the rest at 8), BENCH_VARIANTS,
 * BENCH_NODE_FLAGS (instead of package.json config.nodeFlags).
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LocalConnector, teamsMessage } from '../test/helpers/local-connector.js';

const repoRoot = resolve(import.meta.dirname, '..');
const TOTAL = Number(process.env.BENCH_MESSAGES ?? 10_000);
const WARMUP = 200;
/** The V8 flags `npm run start:bot` runs the bot with (package.json config.nodeFlags): measure what runs.
 * BENCH_NODE_FLAGS overrides them to compare settings ('' = Node's defaults). */
const NODE_FLAGS: string[] = (
  process.env.BENCH_NODE_FLAGS ??
  JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).config?.nodeFlags ??
  ''
)
  .split(' ')
  .filter(Boolean);
/** BENCH_VARIANTS=pglite,postgres (default both); echo, the baseline, always runs. */
const VARIANTS = new Set((process.env.BENCH_VARIANTS ?? 'pglite,postgres').split(',').map((v) => v.trim()));
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
/** Settled memory of the server process, and the summed RSS of its child processes (the embedded database). */
interface Memory {
  rssInMb: number;
  heapInMb: number;
  childrenRssInMb: number;
}
type FromServer =
  | ({ type: 'ready'; url: string; startInMs: number } & Memory)
  | ({ type: 'report'; turnsInMs: number[]; serverInMs: number[] } & Memory)
  | { type: 'stopped' };

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// ---------------------------------------------------------------- load generator (this process)

class ServerProcess {
  private readonly child: ChildProcess;
  private readonly inbox: FromServer[] = [];
  private wake?: () => void;

  constructor(variant: Variant, env: Record<string, string>) {
    this.child = fork(join(repoRoot, 'bench', 'bot-server.mjs'), [variant], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      execArgv: ['--expose-gc', ...NODE_FLAGS],
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
async function drive(
  url: string,
  connector: LocalConnector,
  label: string,
  concurrency: number,
  messages: number,
): Promise<RunResult> {
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
        const res = await fetch(`${url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
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
  databaseRssAfterMessagesInMb: number;
  messages: number;
}

async function measure(
  variant: Variant,
  connector: LocalConnector,
  env: Record<string, string> = {},
): Promise<VariantReport> {
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
    databaseRssAfterMessagesInMb: report.childrenRssInMb,
    messages: turns.length,
  };
}

async function main(): Promise<void> {
  console.log('building the bot (npm run build) …');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  console.log(
    `bench:bot — ${TOTAL} messages per variant (1/5 at concurrency 1, the rest at 8) after ${WARMUP} warm-up; each server in its own process (node ${NODE_FLAGS.join(' ')})`,
  );
  const connector = await new LocalConnector().start();
  const reports: VariantReport[] = [await measure('echo', connector)];
  if (VARIANTS.has('pglite')) reports.push(await measure('pglite', connector));
  if (VARIANTS.has('postgres')) {
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
  }
  await connector.stop();

  const [echo, ...bots] = reports;
  const f = (n: number, digits = 2) => n.toFixed(digits);
  const x = (a: number, b: number) => `${f(a / b)}×`;
  const widths = [16, 8, 8, 8, 8, 8, 8, 7, 7, 7, 7, 7, 7, 7];
  const gaps = new Set([1, 3, 5, 7, 9]);
  const row = (cells: string[]) =>
    console.log(
      cells
        .map((c, i) => (i === 0 ? c.padEnd(widths[0]) : `${gaps.has(i) ? '  ' : ''}${c.padStart(widths[i])}`))
        .join(''),
    );
  console.log(
    '\n                  server ms          turn ms       round trip ms   throughput msg/s   RSS MB (settled)  db proc JS heap  start',
  );
  row(['variant', 'p50', 'p99', 'p50', 'p99', 'p50', 'p99', 'c=1', 'c=8', 'start', 'after', 'after', 'after', 's']);
  for (const r of reports) {
    row([
      r.variant,
      f(r.serverP50),
      f(r.serverP99),
      f(r.turnP50),
      f(r.turnP99),
      f(r.rttP50),
      f(r.rttP99),
      f(r.c1PerSecond, 0),
      f(r.c8PerSecond, 0),
      f(r.rssAfterStartInMb, 0),
      f(r.rssAfterMessagesInMb, 0),
      f(r.databaseRssAfterMessagesInMb, 0),
      f(r.heapAfterMessagesInMb, 0),
      f(r.startInMs / 1000, 1),
    ]);
  }
  for (const r of bots) {
    row([
      `${r.variant}/echo`,
      x(r.serverP50, echo.serverP50),
      x(r.serverP99, echo.serverP99),
      x(r.turnP50, echo.turnP50),
      x(r.turnP99, echo.turnP99),
      x(r.rttP50, echo.rttP50),
      x(r.rttP99, echo.rttP99),
      x(r.c1PerSecond, echo.c1PerSecond),
      x(r.c8PerSecond, echo.c8PerSecond),
      x(r.rssAfterStartInMb, echo.rssAfterStartInMb),
      x(r.rssAfterMessagesInMb, echo.rssAfterMessagesInMb),
      '',
      x(r.heapAfterMessagesInMb, echo.heapAfterMessagesInMb),
      '',
    ]);
  }
  for (const r of bots) {
    row([
      `${r.variant} − echo`,
      f(r.serverP50 - echo.serverP50),
      f(r.serverP99 - echo.serverP99),
      '',
      '',
      '',
      '',
      '',
      '',
      f(r.rssAfterStartInMb - echo.rssAfterStartInMb, 0),
      f(r.rssAfterMessagesInMb - echo.rssAfterMessagesInMb, 0),
      '',
      f(r.heapAfterMessagesInMb - echo.heapAfterMessagesInMb, 0),
      '',
    ]);
  }
  console.log(
    '\nserver = POST /api/messages arrival → response sent, timed by the server (same span for every variant: adapter, turn state,' +
      '\n         logic, reply POST to the connector). turn = the handler only (bot: activity → reply sent; echo: sendActivity).' +
      '\nbot − echo = what the bot adds to the bare Teams adapter. start = loading the bot modules → listening.' +
      '\nRSS = the bot process after GC + 1 s idle + GC; db proc = the embedded database process the bot starts (pglite only;' +
      "\n         the postgres variant's server is not the bot's and is not counted).",
  );
  for (const r of bots) {
    console.log(
      `targets (${r.variant}): bot-side p99 ≤ 20 ms → server ${r.serverP99 <= 20 ? 'met' : 'MISSED'} (${f(r.serverP99)} ms), turn ${r.turnP99 <= 20 ? 'met' : 'MISSED'} (${f(r.turnP99)} ms); ` +
        `RSS ≤ 200 MB after ${r.messages + WARMUP} messages → ${r.rssAfterMessagesInMb <= 200 ? 'met' : 'MISSED'} (bot process ${f(r.rssAfterMessagesInMb, 0)} MB` +
        (r.databaseRssAfterMessagesInMb > 0
          ? `; with its database process ${f(r.rssAfterMessagesInMb + r.databaseRssAfterMessagesInMb, 0)} MB)`
          : ')'),
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
