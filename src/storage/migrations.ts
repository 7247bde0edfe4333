import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { SqlDatabase } from './sql-database.js';

/** src/storage/migrations: every area adds its files here (storage 001–099, approvals 100–199, …). */
export const MIGRATIONS_DIRECTORY = fileURLToPath(new URL('./migrations/', import.meta.url));

const FILE_NAME = /^(\d{3})_([a-z0-9_]+)\.sql$/;
// Any fixed 64-bit number; every process that migrates this schema takes the same lock.
const MIGRATION_LOCK_KEY = 727_346_301_001;

export interface Migration {
  version: string;
  name: string;
  sql: string;
  checksum: string;
}

export interface RunMigrationsOptions {
  directory?: string;
}

export interface MigrationReport {
  /** Versions applied by this call, in order. */
  applied: string[];
  /** Versions found already applied. */
  skipped: string[];
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

export async function loadMigrations(directory: string = MIGRATIONS_DIRECTORY): Promise<Migration[]> {
  const files = (await readdir(directory)).filter((file) => file.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = FILE_NAME.exec(file);
    if (!match) throw new MigrationError(`Migration file name "${file}" must look like NNN_lower_snake_name.sql`);
    const [, version, name] = match;
    const previous = migrations.at(-1);
    if (previous?.version === version) {
      throw new MigrationError(`Two migrations share version ${version}: ${previous.name} and ${name}`);
    }
    const sql = await readFile(path.join(directory, file), 'utf8');
    migrations.push({ version, name, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return migrations;
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version text PRIMARY KEY,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

interface AppliedRow {
  version: string;
  checksum: string;
}

function checkUnchanged(migration: Migration, applied: AppliedRow | undefined): void {
  if (applied && applied.checksum !== migration.checksum) {
    throw new MigrationError(
      `Migration ${migration.version}_${migration.name} changed after it was applied; add a new migration instead of editing it`,
    );
  }
}

/**
 * Applies pending migrations in file-name order, each in its own transaction together with its
 * schema_migrations row. Every transaction first takes a transaction-scoped advisory lock, so
 * several processes starting at once apply each migration exactly once (the others wait, then skip).
 */
export async function runMigrations(db: SqlDatabase, options: RunMigrationsOptions = {}): Promise<MigrationReport> {
  const migrations = await loadMigrations(options.directory);
  const report: MigrationReport = { applied: [], skipped: [] };
  for (const migration of migrations) {
    const applied = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      await tx.exec(CREATE_TABLE);
      const { rows } = await tx.query<AppliedRow>(
        'SELECT version, checksum FROM schema_migrations WHERE version = $1',
        [migration.version],
      );
      if (rows[0]) {
        checkUnchanged(migration, rows[0]);
        return false;
      }
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        migration.checksum,
      ]);
      return true;
    });
    (applied ? report.applied : report.skipped).push(migration.version);
  }
  return report;
}
