/**
 * Test databases for suites that must pass on both engines: write the suite once as a function of a
 * TestDatabaseFactory and run it with describe.each(testDatabaseFactories()).
 *
 *   describe.each(testDatabaseFactories({ tables: ['my_table'] }))('my store on $kind', (factory) => {
 *     let db: SqlDatabase;
 *     beforeAll(async () => { await factory.setup(); }, 60_000);
 *     afterAll(() => factory.teardown());
 *     beforeEach(async () => { db = await factory.clean(); });
 *     …
 *   });
 */
import { PGlite } from '@electric-sql/pglite';
import { openDatabase, type SqlDatabase } from '../../src/storage/database.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgliteDatabase } from '../../src/storage/pglite-database.js';
import { runMigrations } from '../../src/storage/migrations.js';
import type { Database } from '../../src/storage/types.js';
import { startTestPostgres, type TestPostgres } from './postgres.js';

export interface TestDatabaseFactory {
  readonly kind: 'pglite' | 'pglite-process' | 'postgres';
  /** Call once in beforeAll (PGlite: one in-memory instance, ~5 s; PostgreSQL: a server, ~1 s). */
  setup(): Promise<void>;
  /** The file's shared, migrated database with the factory's tables emptied. */
  clean(): Promise<SqlDatabase>;
  /** A brand-new database with nothing in it, not migrated; closed by teardown(). */
  fresh(): Promise<SqlDatabase>;
  /** Another connection to the database `db` (PostgreSQL: a second pool; PGlite: the same instance). */
  reconnect(db: SqlDatabase): Promise<SqlDatabase>;
  teardown(): Promise<void>;
}

export interface TestDatabaseFactoryOptions {
  /** Tables that clean() empties, with the rows of tables that reference them (CASCADE; e.g. alert
   * subscriptions of conversation references). Name only your own: audit_log refuses TRUNCATE. */
  tables: readonly string[];
}

/** Empties the given tables. */
export async function resetTables(db: Database, tables: readonly string[]): Promise<void> {
  if (tables.length > 0) await db.query(`TRUNCATE ${tables.map((t) => `"${t}"`).join(', ')} RESTART IDENTITY CASCADE`);
}

class PgliteFactory implements TestDatabaseFactory {
  readonly kind = 'pglite' as const;
  constructor(private readonly options: TestDatabaseFactoryOptions) {}
  private pristine?: PGlite;
  private shared?: SqlDatabase;
  private readonly opened: SqlDatabase[] = [];

  async setup(): Promise<void> {
    // initdb once; clone() of the untouched instance gives fresh databases in ~1 s.
    this.pristine = await PGlite.create('memory://');
    this.shared = PgliteDatabase.wrap((await this.pristine.clone()) as PGlite);
    await runMigrations(this.shared);
  }

  async clean(): Promise<SqlDatabase> {
    await resetTables(this.shared!, this.options.tables);
    return this.shared!;
  }

  async fresh(): Promise<SqlDatabase> {
    const db = PgliteDatabase.wrap((await this.pristine!.clone()) as PGlite);
    this.opened.push(db);
    return db;
  }

  async reconnect(db: SqlDatabase): Promise<SqlDatabase> {
    return db;
  }

  async teardown(): Promise<void> {
    for (const db of this.opened.splice(0)) await db.close();
    await this.shared?.close();
    await this.pristine?.close();
  }
}

class PostgresFactory implements TestDatabaseFactory {
  readonly kind = 'postgres' as const;
  constructor(private readonly options: TestDatabaseFactoryOptions) {}
  private server?: TestPostgres;
  private shared?: SqlDatabase;
  private readonly urls = new Map<SqlDatabase, string>();
  private readonly opened: SqlDatabase[] = [];

  async setup(): Promise<void> {
    this.server = await startTestPostgres();
    this.shared = await this.open(await this.server.createDatabase(), true);
  }

  private async open(url: string, migrate: boolean): Promise<SqlDatabase> {
    const db = await openDatabase({ databaseUrl: url, migrate, maxConnections: 5 });
    this.urls.set(db, url);
    this.opened.push(db);
    return db;
  }

  async clean(): Promise<SqlDatabase> {
    await resetTables(this.shared!, this.options.tables);
    return this.shared!;
  }

  async fresh(): Promise<SqlDatabase> {
    return this.open(await this.server!.createDatabase(), false);
  }

  async reconnect(db: SqlDatabase): Promise<SqlDatabase> {
    return this.open(this.urls.get(db)!, false);
  }

  async teardown(): Promise<void> {
    for (const db of this.opened.splice(0)) await db.close();
    await this.server?.stop();
  }
}

/** PGlite in its own process over a Unix socket: what the bot runs on a data directory. */
class PgliteProcessFactory implements TestDatabaseFactory {
  readonly kind = 'pglite-process' as const;
  constructor(private readonly options: TestDatabaseFactoryOptions) {}
  private workDir?: string;
  private shared?: SqlDatabase;
  private readonly opened: SqlDatabase[] = [];

  async setup(): Promise<void> {
    this.workDir = await mkdtemp(join(tmpdir(), 'chatops-pgproc-'));
    this.shared = await this.open(true);
  }

  private async open(migrate: boolean): Promise<SqlDatabase> {
    const db = await openDatabase({ dataDir: join(this.workDir!, `db${this.opened.length}`), migrate });
    this.opened.push(db);
    return db;
  }

  async clean(): Promise<SqlDatabase> {
    await resetTables(this.shared!, this.options.tables);
    return this.shared!;
  }

  async fresh(): Promise<SqlDatabase> {
    return this.open(false);
  }

  /** The same database: its server takes one connection (see pglite-server.ts). */
  async reconnect(db: SqlDatabase): Promise<SqlDatabase> {
    return db;
  }

  async teardown(): Promise<void> {
    for (const db of this.opened.splice(0)) await db.close();
    if (this.workDir) await rm(this.workDir, { recursive: true, force: true });
  }
}

/** One factory per engine: [PGlite in process, PGlite in its own process, PostgreSQL]. */
export function testDatabaseFactories(options: TestDatabaseFactoryOptions): TestDatabaseFactory[] {
  return [new PgliteFactory(options), new PgliteProcessFactory(options), new PostgresFactory(options)];
}
