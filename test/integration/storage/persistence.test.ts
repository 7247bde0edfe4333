import { jest } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type OpenDatabaseOptions, type SqlDatabase } from '../../../src/storage/database.js';
import { loadMigrations } from '../../../src/storage/migrations.js';
import { ConversationReferenceStore } from '../../../src/storage/conversation-reference-store.js';
import { FeedbackStore } from '../../../src/storage/feedback-store.js';
import { StateStore } from '../../../src/storage/state-store.js';
import { startTestPostgres, type TestPostgres } from '../../helpers/postgres.js';

// The first open of a PGlite data dir runs initdb: seconds on a busy 2-core machine.
jest.setTimeout(60_000);

/** Writes through every store, closes, reopens with the same options and reads everything back. */
async function expectSurvivesReopen(options: OpenDatabaseOptions, kind: SqlDatabase['kind']): Promise<void> {
  const db = await openDatabase(options);
  expect(db.kind).toBe(kind);
  await new StateStore(db).write([{ key: 'k', value: { kept: true } }]);
  await new ConversationReferenceStore(db).upsert({
    platform: 'teams',
    conversationId: 'a:1',
    reference: { id: 'a:1' },
  });
  await new FeedbackStore(db).record({ platform: 'teams', userId: 'u', question: 'q?', vote: 'up' });
  await db.close();

  const reopened = await openDatabase(options);
  try {
    expect((await new StateStore(reopened).read(['k'])).get('k')?.value).toEqual({ kept: true });
    expect((await new ConversationReferenceStore(reopened).get('teams', 'a:1'))?.reference).toEqual({ id: 'a:1' });
    expect((await new FeedbackStore(reopened).listRecent()).map((f) => f.question)).toEqual(['q?']);
    const { rows } = await reopened.query<{ n: number }>('SELECT count(*) AS n FROM schema_migrations');
    expect(rows[0].n).toBe((await loadMigrations()).length);
  } finally {
    await reopened.close();
  }
}

describe('data survives close and reopen', () => {
  it('PGlite: in its data directory (created on first open)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'acr-chatops-pglite-'));
    try {
      await expectSurvivesReopen({ dataDir: path.join(dir, 'nested', 'pglite') }, 'pglite');
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
      await expectSurvivesReopen({ databaseUrl: await server.createDatabase() }, 'postgres');
    });
  });
});
