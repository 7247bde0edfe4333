import { mkdir } from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { QueryResult } from './types.js';
import type { ScriptExecutor, SqlDatabase } from './sql-database.js';

export const MEMORY_DATA_DIR = 'memory://';

export interface PgliteDatabaseOptions {
  /** Directory of the embedded cluster, or `memory://` for a throw-away in-memory one. */
  dataDir: string;
}

type PgliteLike = Pick<PGlite, 'query' | 'exec'> | Transaction;

function executor(pg: PgliteLike): ScriptExecutor {
  return {
    async query<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
      const result = await pg.query<T>(sql, params);
      return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
    },
    async exec(script: string): Promise<void> {
      await pg.exec(script);
    },
  };
}

/**
 * PostgreSQL compiled to WASM, in this process. One process per data dir: PGlite has no
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
    if (!options.dataDir.includes('://')) await mkdir(options.dataDir, { recursive: true });
    return new PgliteDatabase(await PGlite.create(options.dataDir));
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
