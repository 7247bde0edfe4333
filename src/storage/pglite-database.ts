import { execFile } from 'node:child_process';
import { access, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { QueryResult } from './types.js';
import type { ScriptExecutor, SqlDatabase } from './sql-database.js';
import { storableParams } from './storable-text.js';

export const MEMORY_DATA_DIR = 'memory://';

export interface PgliteDatabaseOptions {
  /** Directory of the embedded cluster, or `memory://` for a throw-away in-memory one. */
  dataDir: string;
  /**
   * PostgreSQL `shared_buffers`. Default 16: the bot's tables are small, and PGlite's default
   * (PostgreSQL's 128 MB) lives inside the WASM memory, adding ~150 MB of RSS for nothing.
   */
  sharedBuffersInMb?: number;
}

export const DEFAULT_SHARED_BUFFERS_IN_MB = 16;
const INITDB_TIMEOUT_IN_MS = 180_000;
const run = promisify(execFile);

/**
 * Runs initdb for a new data dir in a short-lived child process. In this process it would leave
 * ~450 MB of RSS behind for the life of the bot (initdb's WASM instance and the allocator's
 * high-water mark); a child gives all of it back when it exits. Same outcome on disk either way.
 */
async function initDataDirInChildProcess(dataDir: string): Promise<void> {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const script =
    'const [entry, dir] = process.argv.slice(1); require(entry).PGlite.create(dir).then((pg) => pg.close())';
  await run(process.execPath, ['-e', script, entry, dataDir], { timeout: INITDB_TIMEOUT_IN_MS });
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Creates and initialises a PGlite data directory unless it already holds a cluster. */
export async function initPgliteDataDir(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  if (!(await exists(join(dataDir, 'PG_VERSION')))) await initDataDirInChildProcess(dataDir);
}

type PgliteLike = Pick<PGlite, 'query' | 'exec'> | Transaction;

function executor(pg: PgliteLike): ScriptExecutor {
  return {
    async query<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
      const result = await pg.query<T>(sql, storableParams(params));
      return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
    },
    async exec(script: string): Promise<void> {
      await pg.exec(script);
    },
  };
}

/**
 * PostgreSQL compiled to WASM, in this process: for `memory://` databases (tests, tools). The bot's
 * on-disk database runs the same engine in a process of its own (PgliteServerDatabase). One process per data dir: PGlite has no
 * multi-process access. Do not call the database itself inside transaction(fn) — use `tx`
 * (PGlite runs one transaction at a time, an outside query would wait for the transaction to end).
 */
export class PgliteDatabase implements SqlDatabase {
  readonly kind = 'pglite' as const;
  private readonly direct: ScriptExecutor;

  private constructor(readonly pglite: PGlite) {
    this.direct = executor(pglite);
  }

  static async open(options: PgliteDatabaseOptions): Promise<PgliteDatabase> {
    if (!options.dataDir.includes('://')) await initPgliteDataDir(options.dataDir);
    const sharedBuffersInMb = options.sharedBuffersInMb ?? DEFAULT_SHARED_BUFFERS_IN_MB;
    if (!Number.isInteger(sharedBuffersInMb) || sharedBuffersInMb < 1)
      throw new RangeError(`sharedBuffersInMb must be a positive integer, got ${sharedBuffersInMb}`);
    // Durability stays PGlite's default (relaxedDurability off): every write reaches the data dir.
    const startParams = [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffersInMb}MB`];
    return new PgliteDatabase(await PGlite.create(options.dataDir, { startParams }));
  }

  /** Wraps an existing instance (tests clone a pristine one instead of running initdb again). */
  static wrap(pglite: PGlite): PgliteDatabase {
    return new PgliteDatabase(pglite);
  }

  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
    return this.direct.query<T>(sql, params);
  }

  exec(script: string): Promise<void> {
    return this.direct.exec(script);
  }

  transaction<T>(fn: (tx: ScriptExecutor) => Promise<T>): Promise<T> {
    return this.pglite.transaction((tx) => fn(executor(tx)));
  }

  async close(): Promise<void> {
    if (!this.pglite.closed) await this.pglite.close();
  }
}
