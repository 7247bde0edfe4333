/**
 * `npm run bench:bot`: Teams-shaped messages through the real HTTP endpoint (Express → botbuilder →
 * teams-ai → core → real KB matcher → real PGlite) to a reply received by a local connector endpoint
 * (the activity's serviceUrl). Baseline in the same run: an echo bot behind the same adapter and HTTP
 * stack. Prints bot-side p50/p99, client round-trip p50/p99, throughput at 1 and 8 concurrent
 * conversations, RSS after start and after 10,000 messages, and bot/echo ratios. Variants: echo
 * baseline, the bot on embedded PGlite, the bot on a real PostgreSQL (throw-away local cluster).
 *
 * Options (env): BENCH_MESSAGES (default 10000, split 1/5 at concurrency 1, the rest at 8).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Platform, ReplyKind } from '../src/core/model.js';
import { loadConfig } from '../src/config/index.js';
import { createLogger } from '../src/config/logger.js';
import { PrometheusMetrics } from '../src/http/metrics.js';
import { createHttpApp, listen, type RunningServer } from '../src/http/server.js';
import { startBot } from '../src/main.js';
import { LocalConnector, teamsMessage } from '../test/helpers/local-connector.js';
import { startTestPostgres, type TestPostgres } from '../test/helpers/postgres.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const TOTAL = Number(process.env.BENCH_MESSAGES ?? 10_000);
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

class RecordingMetrics extends PrometheusMetrics {
  readonly turnsInMs: number[] = [];
  override observeTurn(platform: Platform, kind: ReplyKind | 'ignored', durationInMs: number): void {
    super.observeTurn(platform, kind, durationInMs);
    this.turnsInMs.push(durationInMs);
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const rssInMb = () => process.memoryUsage().rss / 1024 / 1024;

interface RunResult {
  messages: number;
  perSecond: number;
  roundTripsInMs: number[];
}

/** `concurrency` conversations, each sending its share one after another and waiting for its reply. */
async function drive(server: RunningServer, connector: LocalConnector, label: string, concurrency: number, messages: number): Promise<RunResult> {
  const roundTripsInMs: number[] = [];
  const perConversation = Math.ceil(messages / concurrency);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, c) => {
      const conversationId = `${label}-c${concurrency}-${c}`;
      for (let i = 0; i < perConversation; i++) {
        const body = JSON.stringify(teamsMessage(connector.url, conversationId, QUESTIONS[(i + c) % QUESTIONS.length]));
        const t0 = performance.now();
        const replied = connector.next(conversationId, 10_000);
        const res = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
        await replied;
        roundTripsInMs.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { messages: perConversation * concurrency, perSecond: (perConversation * concurrency) / seconds, roundTripsInMs };
}

/** Baseline: the same HTTP stack and adapter, logic = echo the text back. */
async function startEchoBot(turnsInMs: number[]): Promise<RunningServer> {
  const adapter = new TeamsAdapter({});
  const logger = createLogger({ level: 'warn' });
  const app = createHttpApp({
    messages: (req, res) =>
      adapter.process(req, res, async (context) => {
        const t0 = performance.now();
        await context.sendActivity(`echo: ${context.activity.text}`);
        turnsInMs.push(performance.now() - t0);
      }),
    healthChecks: [],
    metrics: new PrometheusMetrics(),
    logger,
    bodyLimitInBytes: 256 * 1024,
  });
  return listen(app, 0, '127.0.0.1');
}

function summarize(name: string, turnsInMs: number[], c1: RunResult, c8: RunResult) {
  const turns = [...turnsInMs].sort((a, b) => a - b);
  const rtt = [...c1.roundTripsInMs, ...c8.roundTripsInMs].sort((a, b) => a - b);
  return {
    name,
    turnP50: percentile(turns, 50),
    turnP99: percentile(turns, 99),
    rttP50: percentile(rtt, 50),
    rttP99: percentile(rtt, 99),
    c1PerSecond: c1.perSecond,
    c8PerSecond: c8.perSecond,
  };
}

type Variant = 'echo' | 'pglite' | 'postgres';
interface VariantReport extends ReturnType<typeof summarize> {
  variant: Variant;
  turns: number;
  rssAfterStartInMb: number;
  rssAfterMessagesInMb: number;
}

/** Runs one variant in this process (a child of the orchestrator) and prints its report as JSON. */
async function runVariant(variant: Variant): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'chatops-bench-'));
  const connector = await new LocalConnector().start();
  const atC1 = Math.round(TOTAL / 5);
  const atC8 = TOTAL - atC1;
  const warmup = 200;
  let turnsInMs: number[];
  let server: RunningServer;
  let close: () => Promise<void>;
  if (variant === 'echo') {
    turnsInMs = [];
    server = await startEchoBot(turnsInMs);
    close = () => server.close();
  } else {
    const metrics = new RecordingMetrics();
    turnsInMs = metrics.turnsInMs;
    const env: Record<string, string> = { CHATOPS_PORT: '0', CHATOPS_DATA_DIR: join(workDir, 'data'), CHATOPS_LOG_LEVEL: 'warn' };
    if (variant === 'postgres') env.DATABASE_URL = process.env.BENCH_DATABASE_URL!;
    const bot = await startBot(loadConfig({ env, dotenvPath: null }), { metrics });
    server = { url: bot.url } as RunningServer;
    close = () => bot.close();
  }
  const rssAfterStartInMb = rssInMb();
  await drive(server, connector, 'warm', 2, warmup);
  turnsInMs.length = 0;
  const c1 = await drive(server, connector, 'c1', 1, atC1);
  const c8 = await drive(server, connector, 'c8', 8, atC8);
  const report: VariantReport = { variant, turns: turnsInMs.length, rssAfterStartInMb, rssAfterMessagesInMb: rssInMb(), ...summarize(variant, turnsInMs, c1, c8) };
  await close();
  await connector.stop();
  rmSync(workDir, { recursive: true, force: true });
  process.stdout.write(`BENCH_REPORT ${JSON.stringify(report)}\n`);
}

function runChild(variant: Variant, env: Record<string, string> = {}): Promise<VariantReport> {
  return new Promise((resolveReport, reject) => {
    const child = spawn(join(repoRoot, 'node_modules', '.bin', 'tsx'), [fileURLToPath(import.meta.url), '--variant', variant], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('BENCH_REPORT '));
      if (code === 0 && line) resolveReport(JSON.parse(line.slice('BENCH_REPORT '.length)));
      else reject(new Error(`variant ${variant} failed (exit ${code})`));
    });
  });
}

async function orchestrate(): Promise<void> {
  console.log(`bench:bot — ${TOTAL} messages per variant (1/5 at concurrency 1, the rest at 8) + 200 warm-up; each variant in its own process`);
  const reports: VariantReport[] = [await runChild('echo'), await runChild('pglite')];
  let postgres: TestPostgres | undefined;
  try {
    postgres = await startTestPostgres();
    reports.push(await runChild('postgres', { BENCH_DATABASE_URL: await postgres.createDatabase() }));
  } catch (err) {
    console.log(`(PostgreSQL variant skipped: ${err instanceof Error ? err.message : String(err)})`);
  } finally {
    await postgres?.stop();
  }

  const [echo, ...bots] = reports;
  const f = (n: number, digits = 2) => n.toFixed(digits);
  const ratio = (a: number, b: number) => `${f(a / b)}×`;
  console.log('\n                      bot-side turn (ms)   HTTP round trip (ms)   throughput (msg/s)   RSS (MB)');
  console.log('variant               p50      p99         p50      p99           c=1      c=8         start  after');
  for (const r of reports) {
    console.log(
      `${r.variant.padEnd(20)} ${f(r.turnP50).padStart(6)}  ${f(r.turnP99).padStart(7)}     ${f(r.rttP50).padStart(6)}  ${f(r.rttP99).padStart(7)}       ${f(r.c1PerSecond, 0).padStart(6)}   ${f(r.c8PerSecond, 0).padStart(6)}      ${f(r.rssAfterStartInMb, 0).padStart(5)}  ${f(r.rssAfterMessagesInMb, 0).padStart(5)}`,
    );
  }
  for (const r of bots) {
    console.log(
      `${(r.variant + '/echo').padEnd(20)} ${ratio(r.turnP50, echo.turnP50).padStart(6)}  ${ratio(r.turnP99, echo.turnP99).padStart(7)}     ${ratio(r.rttP50, echo.rttP50).padStart(6)}  ${ratio(r.rttP99, echo.rttP99).padStart(7)}       ${ratio(r.c1PerSecond, echo.c1PerSecond).padStart(6)}   ${ratio(r.c8PerSecond, echo.c8PerSecond).padStart(6)}      ${ratio(r.rssAfterStartInMb, echo.rssAfterStartInMb).padStart(5)}  ${ratio(r.rssAfterMessagesInMb, echo.rssAfterMessagesInMb).padStart(5)}`,
    );
  }
  console.log('\n(bot-side = activity received by the Teams channel → reply sent to the connector; RSS includes the in-process load generator, as for echo)');
  for (const r of bots) {
    console.log(
      `targets (${r.variant}): bot-side p99 ≤ 20 ms → ${r.turnP99 <= 20 ? 'met' : 'MISSED'} (${f(r.turnP99)} ms); RSS ≤ 200 MB after ${TOTAL} messages → ${r.rssAfterMessagesInMb <= 200 ? 'met' : 'MISSED'} (${f(r.rssAfterMessagesInMb, 0)} MB)`,
    );
  }
}

const variantArg = process.argv.indexOf('--variant');
(variantArg > 0 ? runVariant(process.argv[variantArg + 1] as Variant) : orchestrate()).catch((err) => {
  console.error(err);
  process.exit(1);
});
