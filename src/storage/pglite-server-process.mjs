/**
 * The embedded database process: PGlite (PostgreSQL in WASM) served over a Unix socket with
 * @electric-sql/pglite-socket, so the bot talks to it with `pg` exactly as it talks to PostgreSQL.
 * Forked by pglite-server.ts; plain JavaScript so it runs the same under tsx, jest and `node dist`.
 *
 * Why a process of its own: PGlite's WASM instance costs the process ~150–250 MB of RSS, and every
 * query runs synchronously on the event loop of whoever hosts it. Out here, the bot's event loop only
 * waits on a socket, and a database crash cannot take the bot down.
 *
 * One process per data dir: a lock file beside it (proper-lockfile: kept fresh while we live, stale
 * 10 s after a crash) makes a second server wait for the first to close, or fail with a clear message.
 *
 * argv: <dataDir> <socketPath> <sharedBuffersInMb> <maxConnections> <lockWaitInMs>
 * IPC: sends { type: 'ready' } or { type: 'failed', message }; exits when the parent says
 * { type: 'stop' } or when the IPC channel closes (the parent died, even by SIGKILL).
 */
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { rmSync } from 'node:fs';
import lockfile from 'proper-lockfile';

const [dataDir, socketPath, sharedBuffersInMb, maxConnections, lockWaitInMs] = process.argv.slice(2);

let db;
let server;
let releaseLock;
let stopping;

function stop() {
  stopping ??= (async () => {
    // Stop accepting first (the socket file disappears), then close PGlite: a clean checkpoint.
    await server?.stop().catch(() => undefined);
    if (db && !db.closed) await db.close().catch(() => undefined);
    await releaseLock?.().catch(() => undefined);
    process.exit(0);
  })();
  return stopping;
}

process.on('message', (message) => {
  if (message?.type === 'stop') void stop();
});
process.on('disconnect', () => void stop());
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => undefined); // a terminal's Ctrl+C reaches the whole group: the parent decides

try {
  releaseLock = await lockfile
    .lock(dataDir, {
      lockfilePath: `${dataDir}.lock`,
      stale: 10_000,
      retries: { retries: Math.ceil(Number(lockWaitInMs) / 250), factor: 1, minTimeout: 250, maxTimeout: 250 },
      onCompromised: () => void stop(), // someone else took the data dir: stop writing at once
    })
    .catch((error) => {
      if (error?.code !== 'ELOCKED') throw error;
      throw new Error(`the database directory ${dataDir} is in use by another process (lock file ${dataDir}.lock)`);
    });
  // Durability stays PGlite's default (relaxedDurability off): every write reaches the data dir.
  db = await PGlite.create(dataDir, {
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${Number(sharedBuffersInMb)}MB`],
  });
  rmSync(socketPath, { force: true }); // left by a predecessor that was killed; the lock says it is gone
  server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: Number(maxConnections) });
  await server.start();
  process.send?.({ type: 'ready' });
} catch (error) {
  process.send?.({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  await stop();
}
