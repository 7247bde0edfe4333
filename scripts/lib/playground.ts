/**
 * Starts the Microsoft 365 Agents Playground (local Teams client, works offline) against a bot
 * endpoint. Shared by `npm start` and the end-to-end test.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const GUARD = fileURLToPath(new URL('./playground-guard.mjs', import.meta.url));

export interface PlaygroundOptions {
  /** The bot's messaging endpoint, e.g. http://localhost:3978/api/messages. */
  botEndpoint: string;
  /** Web UI / mocked connector port (TEAMSAPPTESTER_PORT). */
  port: number;
  /** Repository root (node_modules/.bin); the Playground writes devTools/ into `cwd`. */
  repoRoot: string;
  cwd?: string;
  /** Fixed personal-chat conversation id (random per start otherwise). */
  conversationId?: string;
  /** The Playground's config file (mock users and conversation ids); default its built-in one. */
  configPath?: string;
  /** Where it writes its log; default devTools/ in `cwd`. */
  logFile?: string;
  startTimeoutInMs?: number;
  /** Child stdout/stderr (default: ignored). */
  stdio?: 'ignore' | 'inherit';
}

export interface RunningPlayground {
  url: string;
  /** The guard process (it runs the Playground as its child). */
  process: ChildProcess;
  stop(): Promise<void>;
  /** Last resort, synchronous: SIGKILL to the guard and the Playground together. */
  kill(): void;
}

/** The Playground writes why it stopped into its log ("error Reason: …"), not to its exit code. */
function reasonFromLog(logFile: string | undefined): string {
  if (!logFile || !existsSync(logFile)) return '';
  const reasons = readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('error Reason:'));
  return reasons.length
    ? `: ${reasons.at(-1)!.slice('error Reason:'.length).trim()} (log: ${logFile})`
    : ` (log: ${logFile})`;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}

export async function startPlayground(options: PlaygroundOptions): Promise<RunningPlayground> {
  const bin = join(options.repoRoot, 'node_modules', '.bin', 'agentsplayground');
  if (!existsSync(bin)) throw new Error(`Agents Playground not installed (${bin}); run npm install`);
  // It falls back to a random port when its own is taken, and we would then be talking to whatever holds it.
  if (!(await portIsFree(options.port))) {
    throw new Error(
      `port ${options.port} is in use (an Agents Playground or npm start still running?); stop it, or choose another port with TEAMSAPPTESTER_PORT`,
    );
  }
  const args = ['-e', options.botEndpoint, '-c', 'msteams', '--disable-telemetry', '-p', String(options.port)];
  if (options.conversationId) args.push('--conversation-id', options.conversationId);
  const child = fork(GUARD, [bin, ...args], {
    cwd: options.cwd ?? options.repoRoot,
    env: {
      ...process.env,
      TEAMSAPPTESTER_BROWSER: 'none',
      TEAMSAPPTESTER_PORT: String(options.port),
      ...(options.configPath ? { M365_AGENTS_PLAYGROUND_CONFIG_PATH: options.configPath } : {}),
      ...(options.logFile ? { M365_AGENTS_PLAYGROUND_LOGFILE: options.logFile } : {}),
    },
    stdio:
      options.stdio === 'inherit' ? ['ignore', 'inherit', 'inherit', 'ipc'] : ['ignore', 'ignore', 'ignore', 'ipc'],
    execArgv: [],
    // A process group of its own (guard + Playground), so a last-resort kill reaches both; Ctrl-C in a terminal
    // reaches the starter, which stops the guard, and a starter that dies closes the IPC channel the guard watches.
    detached: true,
  });
  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const url = `http://localhost:${options.port}`;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + (options.startTimeoutInMs ?? 30_000);
  for (;;) {
    const early = await Promise.race([exited, new Promise<'waiting'>((r) => setTimeout(() => r('waiting'), 250))]);
    if (early !== 'waiting')
      throw new Error(`Agents Playground exited with code ${early}${reasonFromLog(options.logFile)}`);
    try {
      const res = await fetch(`${url}/_internal/v1/config`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      killGroup();
      throw new Error(`Agents Playground did not answer on ${url} in time`);
    }
  }
  return {
    url,
    process: child,
    kill: killGroup,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM'); // the guard stops the Playground (SIGKILL after 3 s) and exits with it
      const timer = setTimeout(killGroup, 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
