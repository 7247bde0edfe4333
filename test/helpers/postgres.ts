/**
 * A REAL PostgreSQL server for tests.
 *
 * - TEST_DATABASE_URL set (e.g. CI with a service container): that server is used; every
 *   createDatabase() makes a fresh database on it, dropped again by stop().
 * - Otherwise a throw-away cluster is created with the Debian binaries
 *   (/usr/lib/postgresql/<newest>/bin, installed by scripts/setup-test-env.sh) in a temp dir,
 *   started on 127.0.0.1 at a random free port with its unix socket in that dir, and stopped and
 *   removed by stop(). No system service is needed or touched. The superuser `postgres` signs in
 *   without a password; other roles must give theirs (cleartext `password` method, as Azure uses for
 *   Entra tokens: see entra-postgres.ts). As root, the cluster runs as the
 *   `postgres` system user (PostgreSQL refuses to run as root).
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './registry/ports.js';

const run = promisify(execFile);

export interface TestPostgres {
  /** How the server was obtained. */
  readonly source: 'TEST_DATABASE_URL' | 'temporary cluster';
  /** Creates an empty database and returns its connection URL. */
  createDatabase(): Promise<string>;
  /** Runs SQL as the superuser (create login roles, change their passwords, end their sessions). */
  asAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T>;
  /** Drops the created databases; stops and deletes a temporary cluster. */
  stop(): Promise<void>;
  /**
   * Temporary cluster only: stops the server (`fast` ends every connection, `immediate` is a crash),
   * keeps it down for `downForMs`, starts it again on the same port. Resolves when it accepts connections.
   */
  restart?(options?: { downForMs?: number; mode?: 'fast' | 'immediate' }): Promise<void>;
}

function findBinDir(): string {
  const fromEnv = process.env.POSTGRES_BIN_DIR;
  if (fromEnv) return fromEnv;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error(
      'No PostgreSQL binaries in /usr/lib/postgresql/*/bin: run `bash scripts/setup-test-env.sh` (installs Debian postgresql)',
    );
  }
  return path.join(root, versions[0], 'bin');
}

export { freePort };

/** PostgreSQL refuses to run as root: run its binaries as the postgres system user then. */
function asServerUser(): { prefix: string[]; uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return { prefix: [] };
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: 'pipe' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8', stdio: 'pipe' }).trim());
    return { prefix: ['runuser', '-u', 'postgres', '--'], uid, gid };
  } catch {
    throw new Error(
      'Running as root needs the `postgres` system user (created by the Debian postgresql package: run `bash scripts/setup-test-env.sh`), or set TEST_DATABASE_URL',
    );
  }
}

function command(prefix: string[], binary: string, args: string[]): [string, string[]] {
  const all = [...prefix, binary, ...args];
  return [all[0], all.slice(1)];
}

async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

function serverWith(
  adminUrl: string,
  source: TestPostgres['source'],
  shutdown: () => Promise<void>,
  restart?: TestPostgres['restart'],
): TestPostgres {
  const created: string[] = [];
  return {
    source,
    asAdmin: (fn) => withAdmin(adminUrl, fn),
    ...(restart ? { restart } : {}),
    async createDatabase() {
      const name = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
      await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
      created.push(name);
      return databaseUrl(adminUrl, name);
    },
    async stop() {
      if (source === 'TEST_DATABASE_URL') {
        await withAdmin(adminUrl, async (client) => {
          for (const name of created.splice(0)) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        });
      }
      await shutdown();
    },
  };
}

async function startCluster(): Promise<TestPostgres> {
  const bin = findBinDir();
  const user = asServerUser();
  // As root, TMPDIR may sit under a directory the postgres user cannot enter; /tmp it can. Short
  // paths also keep the unix socket path under its 107-byte limit.
  const dir = await mkdtemp(path.join(user.uid !== undefined ? '/tmp' : os.tmpdir(), 'acr-chatops-pg-'));
  if (user.uid !== undefined) await chown(dir, user.uid, user.gid!);
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  const pgCtl = path.join(bin, 'pg_ctl');

  await run(
    ...command(user.prefix, path.join(bin, 'initdb'), [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '--no-sync',
      '--no-instructions',
      '-E',
      'UTF8',
      '--locale=C',
    ]),
  );

  // The superuser signs in without a password (trust); every other role must give its password, so
  // tests of token sign-in see a server that checks it. `password` = cleartext, the method Azure uses
  // for Entra tokens.
  await writeFile(
    path.join(dataDir, 'pg_hba.conf'),
    ['local all all trust', 'host all postgres 127.0.0.1/32 trust', 'host all all 127.0.0.1/32 password', ''].join(
      '\n',
    ),
  );

  const stopNow = (): void => {
    // Last resort when the test process exits without calling stop(): never leave a server behind.
    spawnSync(...command(user.prefix, pgCtl, ['-D', dataDir, '-m', 'immediate', 'stop']), { stdio: 'ignore' });
  };
  const startServer = (options: string) =>
    run(...command(user.prefix, pgCtl, ['-D', dataDir, '-l', logFile, '-w', '-t', '30', '-o', options, 'start']));
  let port = 0;
  let serverOptions = '';
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    const options = [
      `-p ${port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${dir}`,
      // Throw-away data: durability off, small memory (several helpers test on one 2-core machine).
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c shared_buffers=16MB',
      '-c max_connections=60',
    ].join(' ');
    serverOptions = options;
    try {
      await startServer(options);
      break;
    } catch (error) {
      const log = await readFile(logFile, 'utf8').catch(() => '');
      // Another process may have taken the port between freePort() and the bind: try another one.
      if (attempt < 3 && /could not (bind|create listen)/i.test(log)) continue;
      stopNow();
      await rm(dir, { recursive: true, force: true });
      throw new Error(`PostgreSQL test server did not start: ${(error as Error).message}\n${log}`);
    }
  }
  process.once('exit', stopNow);

  const restart = async ({
    downForMs = 0,
    mode = 'fast',
  }: { downForMs?: number; mode?: 'fast' | 'immediate' } = {}) => {
    await run(...command(user.prefix, pgCtl, ['-D', dataDir, '-m', mode, '-w', 'stop']));
    await new Promise((resolve) => setTimeout(resolve, downForMs));
    await startServer(serverOptions);
  };
  return serverWith(
    `postgres://postgres@127.0.0.1:${port}/postgres`,
    'temporary cluster',
    async () => {
      process.removeListener('exit', stopNow);
      await run(...command(user.prefix, pgCtl, ['-D', dataDir, '-m', 'fast', '-w', 'stop'])).catch(stopNow);
      await rm(dir, { recursive: true, force: true });
    },
    restart,
  );
}

/** A real PostgreSQL server: TEST_DATABASE_URL when set, else a temporary local cluster. */
export async function startTestPostgres(): Promise<TestPostgres> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) return serverWith(url, 'TEST_DATABASE_URL', async () => undefined);
  return startCluster();
}
