/** `npm run audit` against a real PostgreSQL server: in-process for output, and as a child process for exit codes. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { jest } from '@jest/globals';
import { AuditLog } from '../../../src/storage/audit-log.js';
import { runAuditCli } from '../../../src/cli/audit.js';
import { openDatabase, type SqlDatabase } from '../../../src/storage/database.js';
import { startTestPostgres, type TestPostgres } from '../../helpers/postgres.js';

jest.setTimeout(60_000);
const run = promisify(execFile);

let postgres: TestPostgres;
let databaseUrl: string;
let db: SqlDatabase;

beforeAll(async () => {
  postgres = await startTestPostgres();
  databaseUrl = await postgres.createDatabase();
  db = await openDatabase({ databaseUrl });
  const audit = new AuditLog(db);
  for (let n = 1; n <= 5; n++) {
    await audit.append({
      actor: `aad:0000000${n}-0000-0000-0000-000000000000`,
      action: 'purge.execute',
      target: `request:r${n}`,
      origin: n % 2 ? 'button' : 'typed',
      result: 'ok',
      details: { deleted: n },
    });
  }
});
afterAll(async () => {
  await db?.close();
  await postgres?.stop();
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) } };
}

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/audit.ts', ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl, NODE_OPTIONS: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

it('tail prints the newest records, as text or JSON', async () => {
  const text = capture();
  expect(await runAuditCli(['tail', '-n', '2'], db, text.io)).toBe(0);
  expect(text.out).toHaveLength(2);
  expect(text.out[0]).toMatch(/^#4 \S+ typed aad:00000004-\S+ purge\.execute request:r4 → ok \{"deleted":4\}$/);
  const json = capture();
  expect(await runAuditCli(['tail', '--json'], db, json.io)).toBe(0);
  expect(JSON.parse(json.out[0]).map((record: { seq: number }) => record.seq)).toEqual([1, 2, 3, 4, 5]);
});

it('rejects bad usage with exit code 2', async () => {
  for (const args of [[], ['drop'], ['tail', '-n', 'zero'], ['verify', 'extra'], ['tail', '--bogus']]) {
    const io = capture();
    expect(await runAuditCli(args, db, io.io)).toBe(2);
    expect(io.err.join('\n')).toContain('usage: npm run audit');
  }
});

it('verify exits 0 on an intact chain and 1 with the seq of the first broken record', async () => {
  const ok = await cli(['verify']);
  expect(ok).toMatchObject({ code: 0 });
  expect(ok.stdout).toContain('audit chain OK: 5 records, last seq 5');

  await db.transaction(async (tx) => {
    await tx.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await tx.query("UPDATE audit_log SET actor = 'aad:someone-else' WHERE seq = 3");
    await tx.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
  });
  const broken = await cli(['verify']);
  expect(broken.code).toBe(1);
  expect(broken.stdout).toContain('audit chain BROKEN at seq 3: hash-mismatch');
  const json = await cli(['verify', '--json']);
  expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, firstBroken: { seq: 3, reason: 'hash-mismatch' } });
  expect(json.stdout + json.stderr).not.toContain(databaseUrl);
});
