import { fork, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_SHARED_BUFFERS_IN_MB, initPgliteDataDir } from './pglite-database.js';
import { PostgresDatabase } from './postgres-database.js';
import type { ScriptExecutor, SqlDatabase } from './sql-database.js';
import type { QueryResult } from './types.js';

export interface DatabaseProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Why it could not start, when it ended during a start. */
  reason?: string;
  restartInMs: number;
}

export interface PgliteServerDatabaseOptions {
  /** Directory of the embedded cluster (created and initialised when new). */
  dataDir: string;
  /** PostgreSQL `shared_buffers` inside the database process; default as PgliteDatabaseOptions. */
  sharedBuffersInMb?: number;
  startTimeoutInMs?: number;
  /** How long to wait for another process to let go of the data directory; default 30 s. */
  lockWaitInMs?: number;
  /** The database process ended on its own; it is restarted after `restartInMs`. */
  onProcessExit?: (info: DatabaseProcessExit) => void;
  onPoolError?: (error: Error) => void;
}

const SERVER_ENTRY = join(import.meta.dirname, 'pglite-server-process.mjs');
const SOCKET_PORT = 5432; // pg looks for <dir>/.s.PGSQL.<port>
const MAX_SOCKET_PATH = 100;
// One connection, on both sides. PGlite is a single session, and pglite-socket queues each protocol
// message on its own: two connections' extended-protocol messages (Parse/Bind/Execute/Sync) could
// interleave and bind each other's statements. One pg client serialises whole queries and
// transactions in the bot instead, which costs nothing, since PGlite runs one query at a time anyway.
const CONNECTIONS = 1;
// Waiting for the one client is normal under bursts (a transaction holds it): wait, do not fail.
const CLIENT_WAIT_IN_MS = 60_000; // sun_path is 108 bytes on Linux
const DEFAULT_START_TIMEOUT_IN_MS = 120_000;
const STOP_TIMEOUT_IN_MS = 15_000;
const MAX_RESTART_DELAY_IN_MS = 30_000;

function socketUrl(dir: string): string {
  return `postgresql://postgres@/postgres?host=${encodeURIComponent(dir)}&port=${SOCKET_PORT}`;
}

/** A private directory (0700) for the socket: PGlite has no authentication, the file mode is the guard. */
async function socketDirectoryFor(dataDir: string): Promise<{ dir: string; temporary: boolean }> {
  const beside = `${dataDir}.run`;
  if (join(beside, `.s.PGSQL.${SOCKET_PORT}`).length <= MAX_SOCKET_PATH) {
    await mkdir(beside, { recursive: true, mode: 0o700 });
    return { dir: beside, temporary: false };
  }
  return { dir: await mkdtemp(join(tmpdir(), 'chatops-pglite-')), temporary: true };
}

/**
 * The embedded default database: PGlite in a child process of its own, spoken to with `pg` over a
 * Unix socket (see pglite-server-process.mjs for why). To the rest of the bot it is the same port
 * as PostgreSQL, with the same SQL. The child dies with the bot, and is restarted if it dies alone.
 */
export class PgliteServerDatabase implements SqlDatabase {
  readonly kind = 'pglite' as const;
  private child?: ChildProcess;
  private closing = false;
  private restartDelayInMs = 1_000;
  private restartTimer?: NodeJS.Timeout;

  private constructor(
    private readonly options: PgliteServerDatabaseOptions,
    private readonly socket: { dir: string; temporary: boolean },
    /** postgresql:// URL of the socket (no secret in it). The server takes one connection: the bot's. */
    readonly connectionUrl: string,
    private readonly pool: PostgresDatabase,
  ) {}

  static async open(givenOptions: PgliteServerDatabaseOptions): Promise<PgliteServerDatabase> {
    // Absolute, always: pg reads a relative socket directory (`data/pglite.run`) as a host name.
    const options = { ...givenOptions, dataDir: resolve(givenOptions.dataDir) };
    await initPgliteDataDir(options.dataDir);
    const socket = await socketDirectoryFor(options.dataDir);
    const connectionUrl = socketUrl(socket.dir);
    const pool = new PostgresDatabase({
      databaseUrl: connectionUrl,
      maxConnections: CONNECTIONS,
      connectionTimeoutInMs: CLIENT_WAIT_IN_MS,
      onPoolError: options.onPoolError,
    });
    const db = new PgliteServerDatabase(options, socket, connectionUrl, pool);
    try {
      await db.startProcess();
    } catch (error) {
      await db.close();
      throw error;
    }
    return db;
  }

  /** The database process's pid (benchmarks report its memory next to the bot's). */
  get processId(): number | undefined {
    return this.child?.pid;
  }

  private startProcess(): Promise<void> {
    const { dataDir, sharedBuffersInMb = DEFAULT_SHARED_BUFFERS_IN_MB } = this.options;
    const socketPath = join(this.socket.dir, `.s.PGSQL.${SOCKET_PORT}`);
    const child = fork(
      SERVER_ENTRY,
      [
        dataDir,
        socketPath,
        String(sharedBuffersInMb),
        String(CONNECTIONS),
        String(this.options.lockWaitInMs ?? 30_000),
      ],
      {
        execArgv: ['--max-semi-space-size=2', '--single-threaded-gc'], // not the bot's (tsx loader, inspector); small GC footprint
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      },
    );
    this.child = child;
    let reason: string | undefined;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          fail(
            new Error(
              `the embedded database did not start within ${this.options.startTimeoutInMs ?? DEFAULT_START_TIMEOUT_IN_MS} ms`,
            ),
          ),
        this.options.startTimeoutInMs ?? DEFAULT_START_TIMEOUT_IN_MS,
      );
      const fail = (error: Error) => {
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(error);
      };
      child.on('message', (message: { type: string; message?: string }) => {
        if (message.type === 'ready') {
          clearTimeout(timer);
          this.restartDelayInMs = 1_000;
          resolve();
        }
        if (message.type === 'failed') {
          reason = message.message;
          fail(new Error(`the embedded database could not start: ${message.message}`));
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the embedded database process exited during start (code ${code}, signal ${signal})`));
        if (!this.closing && this.child === child) this.scheduleRestart({ code, signal, reason });
      });
    });
  }

  private scheduleRestart(exit: Omit<DatabaseProcessExit, 'restartInMs'>): void {
    const restartInMs = this.restartDelayInMs;
    this.restartDelayInMs = Math.min(this.restartDelayInMs * 2, MAX_RESTART_DELAY_IN_MS);
    this.options.onProcessExit?.({ ...exit, restartInMs });
    this.restartTimer = setTimeout(() => {
      if (!this.closing) this.startProcess().catch(() => undefined); // a failed start exits, which schedules the next try
    }, restartInMs);
  }

  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
    return this.pool.query<T>(sql, params);
  }

  exec(script: string): Promise<void> {
    return this.pool.exec(script);
  }

  transaction<T>(fn: (tx: ScriptExecutor) => Promise<T>): Promise<T> {
    return this.pool.transaction(fn);
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    clearTimeout(this.restartTimer);
    await this.pool.close();
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      // A child that failed to start is already SIGKILLed; and the IPC pipe can break under a send (EPIPE,
      // seen on Node 24 in the lock-wait test), which without a callback is an unhandled 'error' event.
      if (child.connected && !child.killed) {
        child.send({ type: 'stop' }, (error) => {
          if (error) child.kill('SIGTERM');
        });
      } else child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_IN_MS);
      await exited;
      clearTimeout(forced);
    }
    if (this.socket.temporary) await rm(this.socket.dir, { recursive: true, force: true });
  }
}
