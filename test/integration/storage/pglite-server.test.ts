import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { jest } from '@jest/globals';
import { openDatabase } from '../../../src/storage/database.js';
import { PgliteServerDatabase } from '../../../src/storage/pglite-server.js';

// The embedded database as the bot runs it: PGlite in a child process, `pg` over a Unix socket.
// These tests are about that process's life: it dies with the bot, comes back if it dies alone,
// and never lets two processes write one data directory. Everything here is real (no fakes).
jest.setTimeout(120_000);

const alive = (pid: number) => existsSync(`/proc/${pid}`) && !/^State:\s+Z/m.test(safeRead(`/proc/${pid}/status`));
function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

async function until(condition: () => boolean | Promise<boolean>, timeoutInMs: number): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(100);
  }
}

let workDir: string;
beforeEach(() => {
  workDir = mkdtempSync(join(tmpdir(), 'chatops-pgserver-'));
});
afterEach(() => rmSync(workDir, { recursive: true, force: true }));

test('a relative data directory (the default ./data is one) opens: the socket path pg gets is absolute, not a host name', async () => {
  const relativeDir = relative(process.cwd(), join(workDir, 'pglite'));
  expect(relativeDir.startsWith('/')).toBe(false);
  const db = await PgliteServerDatabase.open({ dataDir: relativeDir });
  try {
    expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    expect(db.connectionUrl).toContain(encodeURIComponent(`${join(workDir, 'pglite')}.run`));
  } finally {
    await db.close();
  }
});

test('when the bot is SIGKILLed, its database process exits too, and the next start finds the data and the directory free', async () => {
  const dataDir = join(workDir, 'pglite');
  const holder = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'hold-database.ts'), dataDir],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_OPTIONS: '' } },
  );
  const databasePid = await new Promise<number>((resolve, reject) => {
    let out = '';
    holder.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /ready (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    holder.once('exit', (code) => reject(new Error(`holder exited early (${code}): ${out}`)));
  });
  expect(alive(databasePid)).toBe(true);

  holder.kill('SIGKILL');
  await until(() => !alive(databasePid), 30_000); // it noticed its parent is gone and closed

  const db = await openDatabase({ dataDir, migrate: false });
  try {
    expect((await db.query<{ v: string }>('SELECT v FROM held')).rows).toEqual([{ v: 'written before the kill' }]);
  } finally {
    await db.close();
  }
});

test('when the database process dies alone, it is restarted and the bot carries on with its data', async () => {
  const exits: { signal: string | null; restartInMs: number }[] = [];
  const db = await PgliteServerDatabase.open({
    dataDir: join(workDir, 'pglite'),
    onProcessExit: (info) => exits.push(info),
  });
  try {
    await db.exec("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('before the crash')");
    const firstPid = db.processId!;
    process.kill(firstPid, 'SIGKILL');
    await until(() => exits.length === 1, 10_000);
    expect(exits[0]).toMatchObject({ signal: 'SIGKILL', restartInMs: 1_000 });
    // Queries fail while it is down (never hang or succeed on stale state), then work again.
    await until(
      async () =>
        db.query('SELECT 1').then(
          () => db.processId !== firstPid,
          () => false,
        ),
      60_000,
    );
    expect((await db.query<{ v: string }>('SELECT v FROM kept')).rows).toEqual([{ v: 'before the crash' }]);
  } finally {
    await db.close();
  }
});

test('a second process on the same data directory waits for the first to close, or fails with a clear message', async () => {
  const dataDir = join(workDir, 'pglite');
  const first = await PgliteServerDatabase.open({ dataDir });
  await first.exec("CREATE TABLE owner (v text); INSERT INTO owner VALUES ('first')");

  await expect(PgliteServerDatabase.open({ dataDir, lockWaitInMs: 500 })).rejects.toThrow(/in use by another process/);

  const second = PgliteServerDatabase.open({ dataDir, lockWaitInMs: 30_000 });
  await sleep(1_000);
  await first.close();
  const db = await second;
  try {
    expect((await db.query<{ v: string }>('SELECT v FROM owner')).rows).toEqual([{ v: 'first' }]);
  } finally {
    await db.close();
  }
});

test('the socket lives in a directory only the bot user can enter (PGlite has no passwords)', async () => {
  const dataDir = join(workDir, 'pglite');
  const db = await PgliteServerDatabase.open({ dataDir });
  try {
    expect(statSync(`${dataDir}.run`).mode & 0o777).toBe(0o700);
    expect(db.connectionUrl).not.toMatch(/password|:\/\/[^@]*:/);
  } finally {
    await db.close();
  }
  expect(existsSync(join(`${dataDir}.run`, '.s.PGSQL.5432'))).toBe(false);
});

test('concurrent queries and transactions from the bot get their own results (one client serialises them)', async () => {
  const db = await PgliteServerDatabase.open({ dataDir: join(workDir, 'pglite') });
  try {
    await db.exec('CREATE TABLE counter (n int); INSERT INTO counter VALUES (0)');
    const reads = Array.from({ length: 100 }, (_, i) =>
      db.query<{ v: number }>('SELECT $1::int AS v', [i]).then((r) => r.rows[0]!.v),
    );
    const increments = Array.from({ length: 20 }, () =>
      db.transaction(async (tx) => {
        const { rows } = await tx.query<{ n: number }>('SELECT n FROM counter');
        await tx.query('UPDATE counter SET n = $1', [rows[0]!.n + 1]);
      }),
    );
    expect(await Promise.all(reads)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    await Promise.all(increments);
    expect((await db.query<{ n: number }>('SELECT n FROM counter')).rows).toEqual([{ n: 20 }]);
  } finally {
    await db.close();
  }
});
