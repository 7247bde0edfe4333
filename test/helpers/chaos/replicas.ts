/**
 * Bot replicas as real processes for the chaos suite and the soak benchmark: each is
 * `node --import tsx test/helpers/chaos/replica-main.ts` (the bot of src/main.ts with the alert rate
 * limits lifted), on its own port, logging to a file, killed and restarted on demand.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ReplicaOptions {
  name: string;
  port: number;
  /** Environment of the bot (CHATOPS_*, DATABASE_URL); merged over process.env. */
  env: Record<string, string>;
  /** Folder for the replica's log file (`<name>.log`). */
  logDir: string;
  startTimeoutInMs?: number;
}

const rssOfPid = (pid: number): number =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

/** Child processes of `pid` (the embedded database process of a replica). */
export function childPids(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) found.push(Number(entry));
    } catch {
      // ended while we looked
    }
  }
  return found;
}

export class Replica {
  readonly url: string;
  private proc?: ChildProcess;
  /** Times this replica was started. */
  starts = 0;

  constructor(readonly options: ReplicaOptions) {
    this.url = `http://127.0.0.1:${options.port}`;
  }

  get pid(): number | undefined {
    return this.proc?.exitCode === null && this.proc.signalCode === null ? this.proc.pid : undefined;
  }

  get logFile(): string {
    return join(this.options.logDir, `${this.options.name}.log`);
  }

  /** Starts the process and resolves once /healthz answers 200. */
  async start(): Promise<void> {
    const log = openSync(this.logFile, 'a');
    const proc = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/chaos/replica-main.ts'], {
      cwd: process.cwd(),
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        CHATOPS_HOST: '127.0.0.1',
        CHATOPS_PORT: String(this.options.port),
        CHAOS_UNLIMITED_ALERTS: '1',
        CHAOS_INSTANCE_ID: this.options.name,
        ...this.options.env,
      },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    this.proc = proc;
    this.starts++;
    const deadline = Date.now() + (this.options.startTimeoutInMs ?? 90_000);
    for (;;) {
      if (proc.exitCode !== null)
        throw new Error(`${this.options.name} exited with ${proc.exitCode}; see ${this.logFile}:\n${this.logTail()}`);
      if (await this.healthy()) return;
      if (Date.now() > deadline)
        throw new Error(`${this.options.name} did not become ready; see ${this.logFile}:\n${this.logTail()}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  async healthy(): Promise<boolean> {
    try {
      return (await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(2000) })).ok;
    } catch {
      return false;
    }
  }

  /** Sends a signal and resolves when the process has exited. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill(signal);
    await exited;
  }

  /** RSS of the bot process and of its children (the embedded database process), in MB. */
  rssInMb(): { bot: number; children: number } {
    const pid = this.pid;
    if (!pid) return { bot: NaN, children: NaN };
    return { bot: rssOfPid(pid), children: childPids(pid).reduce((sum, child) => sum + rssOfPid(child), 0) };
  }

  logTail(chars = 3000): string {
    try {
      return readFileSync(this.logFile, 'utf8').slice(-chars);
    } catch {
      return '';
    }
  }
}
