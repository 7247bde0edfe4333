import { MEMORY_DATA_DIR, PgliteDatabase } from './pglite-database.js';
import { PgliteServerDatabase, type DatabaseProcessExit } from './pglite-server.js';
import { PostgresDatabase } from './postgres-database.js';
import { runMigrations } from './migrations.js';
import type { SqlDatabase } from './sql-database.js';

export const DEFAULT_DATA_DIR = './data/pglite';

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string (DATABASE_URL). When set, PostgreSQL is used instead of PGlite. */
  databaseUrl?: string;
  /** PGlite data directory; default `./data/pglite`; `memory://` keeps everything in memory. */
  dataDir?: string;
  /** Apply pending migrations before returning; default true. */
  migrate?: boolean;
  /** Where the NNN_name.sql files are; default src/storage/migrations. */
  migrationsDirectory?: string;
  /** PostgreSQL password callback (Entra sign-in, see entra-password.ts); default: the URL's password. */
  password?: () => Promise<string>;
  /** PostgreSQL pool size; default 10. */
  maxConnections?: number;
  onPoolError?: (error: Error) => void;
  /** The embedded database process ended on its own (it is restarted); for logging. */
  onDatabaseProcessExit?: (info: DatabaseProcessExit) => void;
}

async function openEmbedded(options: OpenDatabaseOptions): Promise<SqlDatabase> {
  const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
  if (dataDir === MEMORY_DATA_DIR) return PgliteDatabase.open({ dataDir });
  return PgliteServerDatabase.open({
    dataDir,
    onPoolError: options.onPoolError,
    onProcessExit: options.onDatabaseProcessExit,
  });
}

/**
 * Opens PostgreSQL when a databaseUrl is given, else the embedded PGlite: in its own process for a data
 * directory, in this process for `memory://`. Migrated by default.
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<SqlDatabase> {
  const db: SqlDatabase = options.databaseUrl
    ? new PostgresDatabase({
        databaseUrl: options.databaseUrl,
        password: options.password,
        maxConnections: options.maxConnections,
        onPoolError: options.onPoolError,
      })
    : await openEmbedded(options);
  if (options.migrate ?? true) {
    try {
      await runMigrations(db, { directory: options.migrationsDirectory });
    } catch (error) {
      await db.close();
      throw error;
    }
  }
  return db;
}

export type { SqlDatabase, ScriptExecutor } from './sql-database.js';
export { MEMORY_DATA_DIR } from './pglite-database.js';
