import type { Database, SqlExecutor } from './types.js';

/** A SqlExecutor that can also run a multi-statement script (no parameters): what migrations need. */
export interface ScriptExecutor extends SqlExecutor {
  exec(script: string): Promise<void>;
}

/** The concrete databases returned by openDatabase: the Database port plus script execution. */
export interface SqlDatabase extends Database {
  exec(script: string): Promise<void>;
  transaction<T>(fn: (tx: ScriptExecutor) => Promise<T>): Promise<T>;
}
