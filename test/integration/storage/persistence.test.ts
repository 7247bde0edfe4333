import { jest } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../../src/storage/database.js';
import { StateStore } from '../../../src/storage/state-store.js';
import { startTestPostgres, type TestPostgres } from '../../helpers/postgres.js';

// The first open of a PGlite data dir runs initdb: seconds on a busy 2-core machine.
jest.setTimeout(60_000);

describe('data survives close and reopen', () => {
  it('PGlite: in its data directory (created on first open)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'acr-chatops-pglite-'));
    const dataDir = path.join(dir, 'nested', 'pglite');
    try {
      const db = await openDatabase({ dataDir });
      expect(db.kind).toBe('pglite');
      await new StateStore(db).write([{ key: 'k', value: { kept: true } }]);
      await db.close();

      const reopened = await openDatabase({ dataDir });
      expect((await new StateStore(reopened).read(['k'])).get('k')?.value).toEqual({ kept: true });
      await reopened.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  describe('PostgreSQL', () => {
    let server: TestPostgres;
    beforeAll(async () => {
      server = await startTestPostgres();
    }, 60_000);
    afterAll(() => server?.stop());

    it('in the server, across connection pools', async () => {
      const databaseUrl = await server.createDatabase();
      const db = await openDatabase({ databaseUrl });
      expect(db.kind).toBe('postgres');
      await new StateStore(db).write([{ key: 'k', value: { kept: true } }]);
      await db.close();

      const reopened = await openDatabase({ databaseUrl });
      expect((await new StateStore(reopened).read(['k'])).get('k')?.value).toEqual({ kept: true });
      await reopened.close();
    });
  });
});
