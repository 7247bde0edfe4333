/**
 * `npm run audit -- verify [--json]`  checks the hash chain: exit 0 when intact, 1 when broken (the first
 *                                    broken seq is printed), 2 on bad usage.
 * `npm run audit -- tail [-n 20] [--json]`  prints the newest records.
 *
 * Database: DATABASE_URL (PostgreSQL) or the embedded PGlite in CHATOPS_DATA_DIR (default ./data).
 * PGlite allows one process per data dir: stop the bot first, or use PostgreSQL.
 */
import { parseCliArgs, runDatabaseCliIfMain, type CliIo } from './database-main.js';
import { AuditLog, type AuditRecord } from '../storage/audit-log.js';
import type { Database } from '../storage/types.js';

const USAGE = `usage: npm run audit -- verify [--json]
       npm run audit -- tail [-n 20] [--json]`;

export type AuditCliIo = CliIo;

/** Runs one audit command against an open database; returns the process exit code. */
export async function runAuditCli(argv: string[], db: Database, io: AuditCliIo): Promise<number> {
  const parsed = parseCliArgs(
    argv,
    {
      json: { type: 'boolean', default: false },
      n: { type: 'string', short: 'n', default: '20' },
      help: { type: 'boolean', short: 'h' },
    },
    USAGE,
    io,
  );
  if (!parsed) return 2;
  const { positionals, values } = parsed;
  const command = positionals[0];
  if (values.help || positionals.length !== 1 || (command !== 'verify' && command !== 'tail')) {
    io.err(USAGE);
    return values.help ? 0 : 2;
  }
  const audit = new AuditLog(db);

  if (command === 'verify') {
    const report = await audit.verify();
    if (values.json) io.out(JSON.stringify(report));
    else if (report.ok) io.out(`audit chain OK: ${report.checked} records, last seq ${report.lastSeq}`);
    else
      io.out(
        `audit chain BROKEN at seq ${report.firstBroken!.seq}: ${report.firstBroken!.reason} (${report.checked} records before it are intact)`,
      );
    return report.ok ? 0 : 1;
  }

  const count = Number(values.n);
  if (!Number.isInteger(count) || count < 1 || count > 10_000) {
    io.err(`-n must be a whole number from 1 to 10000\n${USAGE}`);
    return 2;
  }
  const records = await audit.tail(count);
  if (values.json) io.out(JSON.stringify(records, null, 2));
  else for (const record of records) io.out(formatRecord(record));
  return 0;
}

export function formatRecord(record: AuditRecord): string {
  const details = Object.keys(record.details).length > 0 ? ` ${JSON.stringify(record.details)}` : '';
  return `#${record.seq} ${record.at.toISOString()} ${record.origin} ${record.actor} ${record.action} ${record.target} → ${record.result}${details}`;
}

runDatabaseCliIfMain(import.meta.url, 'audit', runAuditCli);
