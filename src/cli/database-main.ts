/**
 * The entry point of a CLI that works on the bot's database (audit, kb): DATABASE_URL, or the embedded
 * database under CHATOPS_DATA_DIR (default ./data), opened for the command and closed after it.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { openDatabase } from '../storage/database.js';
import type { Database } from '../storage/types.js';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** node:util's parseArgs with positionals; bad arguments print the reason and the usage and give null (exit 2). */
export function parseCliArgs<O extends ParseArgsOptionsConfig>(argv: string[], options: O, usage: string, io: CliIo) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options });
  } catch (error) {
    io.err(`${(error as Error).message}\n${usage}`);
    return null;
  }
}

export type DatabaseCli = (args: string[], db: Database, io: CliIo) => Promise<number>;

/** Runs `cli` when `moduleUrl` is the script node was started with; exit code 2 on a failure to run at all. */
export function runDatabaseCliIfMain(moduleUrl: string, name: string, cli: DatabaseCli): void {
  if (moduleUrl !== pathToFileURL(process.argv[1] ?? '').href) return;
  (async () => {
    const databaseUrl = process.env.DATABASE_URL || undefined;
    const dataDir = path.join(process.env.CHATOPS_DATA_DIR || './data', 'pglite');
    const db = await openDatabase(databaseUrl ? { databaseUrl } : { dataDir });
    try {
      process.exitCode = await cli(process.argv.slice(2), db, {
        out: (line) => console.log(line),
        err: (line) => console.error(line),
      });
    } finally {
      await db.close();
    }
  })().catch((error: unknown) => {
    // Never print connection strings: the message of a pg error does not contain the URL.
    console.error(`${name}: ${(error as Error).message}`);
    process.exitCode = 2;
  });
}
