/**
 * A real PostgreSQL restarted under a running pool (found by the chaos suite): a connection lost while a
 * transaction waits between statements must fail that transaction, not end the process with an unhandled
 * 'error' event; idle connections are dropped; the same pool works again once the server is back.
 */
import { jest } from '@jest/globals';
import { openDatabase, type SqlDatabase } from '../../../src/storage/database.js';
import { startTestPostgres, type TestPostgres } from '../../helpers/postgres.js';

jest.setTimeout(60_000);

let postgres: TestPostgres;
let db: SqlDatabase;
const poolErrors: Error[] = [];

beforeAll(async () => {
  postgres = await startTestPostgres();
  db = await openDatabase({
    databaseUrl: await postgres.createDatabase(),
    maxConnections: 3,
    onPoolError: (e) => poolErrors.push(e),
  });
}, 60_000);
afterAll(async () => {
  await db?.close();
  await postgres?.stop();
});

test('a restart fails the open transaction and idle connections, and the pool reconnects by itself', async () => {
  if (!postgres.restart) throw new Error('needs the temporary cluster (unset TEST_DATABASE_URL)');
  await Promise.all([db.query('SELECT 1'), db.query('SELECT 2'), db.query('SELECT 3')]); // idle connections in the pool
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);
  process.on('uncaughtException', onUncaught);
  try {
    let restarted!: () => void;
    const serverBack = new Promise<void>((resolve) => (restarted = resolve));
    const transaction = db.transaction(async (tx) => {
      await tx.query('SELECT 1');
      await serverBack; // the connection drops while no statement runs
      await tx.query('SELECT 2');
    });
    const settled = transaction.then(
      () => 'committed',
      (error: Error) => error.message,
    );
    await postgres.restart({ downForMs: 300, mode: 'fast' });
    restarted();
    expect(await settled).not.toBe('committed');
    expect(uncaught).toEqual([]);
  } finally {
    process.off('uncaughtException', onUncaught);
  }
  expect(poolErrors.length).toBeGreaterThan(0); // the idle connections' loss was reported, not thrown
  expect((await db.query<{ n: number }>('SELECT 41 + 1 AS n')).rows[0].n).toBe(42);
  expect(await db.transaction(async (tx) => (await tx.query<{ n: number }>('SELECT 7 AS n')).rows[0].n)).toBe(7);
});
