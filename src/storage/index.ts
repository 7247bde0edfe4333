export type { Database, QueryResult, SqlExecutor } from './types.js';
export {
  openDatabase,
  DEFAULT_DATA_DIR,
  MEMORY_DATA_DIR,
  type OpenDatabaseOptions,
  type SqlDatabase,
  type ScriptExecutor,
} from './database.js';
export {
  runMigrations,
  loadMigrations,
  MigrationError,
  MIGRATIONS_DIRECTORY,
  type MigrationReport,
} from './migrations.js';
export * from './conversation-reference-store.js';
export * from './feedback-store.js';
export * from './state-store.js';
export { entraPassword, EntraTokenError, POSTGRES_ENTRA_SCOPE, type EntraPasswordOptions } from './entra-password.js';
