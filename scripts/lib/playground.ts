/**
 * Starts the Microsoft 365 Agents Playground (local Teams client, works offline) against a bot
 * endpoint. Shared by `npm start` and the end-to-end test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

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
  startTimeoutInMs?: number;
  /** Child stdout/stderr (default: ignored). */
  stdio?: 'ignore' | 'inherit';
}

export interface RunningPlayground {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startPlayground(options: PlaygroundOptions): Promise<RunningPlayground> {
  const bin = join(options.repoRoot, 'node_modules', '.bin', 'agentsplayground');
  if (!existsSync(bin)) throw new Error(`Agents Playground not installed (${bin}); run npm install`);
  const args = ['-e', options.botEndpoint, '-c', 'msteams', '--disable-telemetry', '-p', String(options.port)];
  if (options.conversationId) args.push('--conversation-id', options.conversationId);
  const child = spawn(bin, args, {
    cwd: options.cwd ?? options.repoRoot,
    env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none', TEAMSAPPTESTER_PORT: String(options.port) },
    stdio: options.stdio ?? 'ignore',
    detached: false,
  });
  const url = `http://localhost:${options.port}`;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + (options.startTimeoutInMs ?? 30_000);
  for (;;) {
    const early = await Promise.race([exited, new Promise<'waiting'>((r) => setTimeout(() => r('waiting'), 250))]);
    if (early !== 'waiting') throw new Error(`Agents Playground exited with code ${early}`);
    try {
      const res = await fetch(`${url}/_internal/v1/config`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`Agents Playground did not answer on ${url} in time`);
    }
  }
  return {
    url,
    process: child,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
