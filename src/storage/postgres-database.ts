import pg from 'pg';
import type { QueryResult } from './types.js';
import type { ScriptExecutor, SqlDatabase } from './sql-database.js';
import { storableParams } from './storable-text.js';

export interface PostgresDatabaseOptions {
  /** postgres://user:password@host:port/database (never logged). */
  databaseUrl: string;
  /** Password of each new connection, instead of the URL's (Entra sign-in: a fresh access token). */
  password?: () => Promise<string>;
  /** Pool size; default 10. */
  maxConnections?: number;
  connectionTimeoutInMs?: number;
  /** Errors of idle pooled connections (server restart, network); the next query fails anyway. */
  onPoolError?: (error: Error) => void;
}

const INT8_OID = 20;
const COUNTING_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

// PGlite returns int8 (count(*), bigint ids) as numbers; make pg do the same so one SQL gives one shape.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

function toResult<T>(result: pg.QueryResult): QueryResult<T> {
  // rowCount also counts SELECT rows in pg; the port counts changed rows only, as PGlite does.
  return { rows: result.rows as T[], affectedRows: COUNTING_COMMANDS.has(result.command) ? (result.rowCount ?? 0) : 0 };
}

function executor(client: pg.Pool | pg.PoolClient): ScriptExecutor {
  return {
    async query<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
      return toResult<T>(await client.query(sql, storableParams(params)));
    },
    async exec(script: string): Promise<void> {
      // Without parameters pg uses the simple query protocol, which accepts several statements.
      await client.query(script);
    },
  };
}

/**
 * A pg client class that fetches its password (an Entra token) before it opens the connection, not
 * while the server waits in the middle of the sign-in. (A `password` callback next to a URL would be lost
 * anyway: pg merges the parsed URL, with its empty password, over the config.)
 */
function clientWithPassword(password: () => Promise<string>): typeof pg.Client {
  type ConnectCallback = (err: Error | null, client?: pg.Client) => void;
  return class extends pg.Client {
    // pg-pool calls connect(callback); direct users call connect() for a promise.
    override connect(): Promise<pg.Client>;
    override connect(callback: ConnectCallback): void;
    override connect(callback?: ConnectCallback): Promise<pg.Client> | void {
      const ready = password().then((secret) => {
        (this as unknown as { password: string }).password = secret;
      });
      if (!callback) return ready.then(() => super.connect()).then(() => this);
      ready.then(
        () => super.connect(callback as Parameters<pg.Client['connect']>[0] & object),
        (error: Error) => callback(error),
      );
    }
  };
}

/** A PostgreSQL server through a `pg` connection pool. */
export class PostgresDatabase implements SqlDatabase {
  readonly kind = 'postgres' as const;
  private readonly pool: pg.Pool;
  private readonly direct: ScriptExecutor;

  constructor(options: PostgresDatabaseOptions) {
    this.pool = new pg.Pool({
      connectionString: options.databaseUrl,
      ...(options.password ? { Client: clientWithPassword(options.password) } : {}),
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutInMs ?? 10_000,
      types,
    });
    this.pool.on('error', options.onPoolError ?? (() => undefined));
    // Every client keeps an 'error' listener for its whole life. pg emits 'error' on a client whose
    // connection drops, also while no pool listener is attached (checked out by pool.query after its
    // one-shot listener fired, or being closed after a failed release); with no listener that ends the
    // process (seen when PostgreSQL restarts under load). The failure still reaches the caller as the
    // failed query, and idle clients' as the pool's 'error' event.
    this.pool.on('connect', (client) => client.on('error', () => undefined));
    this.direct = executor(this.pool);
  }

  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
    return this.direct.query<T>(sql, params);
  }

  exec(script: string): Promise<void> {
    return this.direct.exec(script);
  }

  async transaction<T>(fn: (tx: ScriptExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    // A checked-out client has no pool listener: a connection lost between two statements (server
    // restart) would be an unhandled 'error' event, which ends the process. Note it; the next statement fails.
    const onLost = (error: Error) => {
      broken ??= error;
    };
    client.on('error', onLost);
    try {
      await client.query('BEGIN');
      const result = await fn(executor(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        broken = rollbackError as Error; // the connection is unusable: drop it from the pool
      }
      throw error;
    } finally {
      client.off('error', onLost);
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}
