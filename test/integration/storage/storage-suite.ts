/**
 * The storage suite, written once and run against every engine (see storage.test.ts): whatever
 * passes here on PGlite also passes on a real PostgreSQL server, and the other way round.
 */
import { mkdtemp, rm, writeFile, readdir, copyFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MemoryStorage, TestAdapter, TurnContext, type Activity, type Storage } from 'botbuilder';
import { TurnState } from '@microsoft/teams-ai/lib/TurnState.js';
import { SqlStorage } from '../../../src/channels/teams/sql-storage.js';
import type { SqlDatabase } from '../../../src/storage/database.js';
import {
  loadMigrations,
  MigrationError,
  MIGRATIONS_DIRECTORY,
  runMigrations,
} from '../../../src/storage/migrations.js';
import { ConversationReferenceStore } from '../../../src/storage/conversation-reference-store.js';
import { FeedbackStore } from '../../../src/storage/feedback-store.js';
import { StateConflictError, StateStore } from '../../../src/storage/state-store.js';
import type { TestDatabaseFactory } from '../../helpers/databases.js';

async function tableExists(db: SqlDatabase, table: string): Promise<boolean> {
  const { rows } = await db.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [table]);
  return rows[0].found !== null;
}

async function settle<T>(promises: Promise<T>[]): Promise<PromiseSettledResult<T>[]> {
  return Promise.allSettled(promises);
}

export function storageSuite(factory: TestDatabaseFactory): void {
  beforeAll(() => factory.setup(), 60_000);
  afterAll(() => factory.teardown(), 30_000);

  describe('migrations', () => {
    let scratch: string;
    beforeEach(async () => {
      scratch = await mkdtemp(path.join(os.tmpdir(), 'acr-chatops-migrations-'));
    });
    afterEach(() => rm(scratch, { recursive: true, force: true }));

    it('two runners starting at once apply each migration exactly once; a later run applies nothing', async () => {
      const db = await factory.fresh();
      const other = await factory.reconnect(db);
      const versions = (await loadMigrations()).map((m) => m.version);
      expect(versions).toContain('001');
      expect(versions).toEqual([...versions].sort());

      const [a, b] = await Promise.all([runMigrations(db), runMigrations(other)]);
      expect([...a.applied, ...b.applied].sort()).toEqual(versions);
      expect([...a.skipped, ...b.skipped].sort()).toEqual(versions);
      for (const table of ['conversation_references', 'feedback', 'bot_state'])
        expect(await tableExists(db, table)).toBe(true);

      expect(await runMigrations(db)).toEqual({ applied: [], skipped: versions });
      const { rows } = await db.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(versions);
    });

    it('a failing migration leaves no trace and stops the run; an edited applied migration is refused', async () => {
      const db = await factory.fresh();
      await writeFile(path.join(scratch, '001_good.sql'), 'CREATE TABLE good (id int PRIMARY KEY);');
      await writeFile(
        path.join(scratch, '002_bad.sql'),
        'CREATE TABLE half_done (id int);\nINSERT INTO no_such_table VALUES (1);',
      );
      await writeFile(path.join(scratch, '003_later.sql'), 'CREATE TABLE later (id int);');

      await expect(runMigrations(db, { directory: scratch })).rejects.toThrow(/no_such_table/);
      expect(await tableExists(db, 'good')).toBe(true);
      expect(await tableExists(db, 'half_done')).toBe(false);
      expect(await tableExists(db, 'later')).toBe(false);
      const { rows } = await db.query<{ version: string }>('SELECT version FROM schema_migrations');
      expect(rows.map((r) => r.version)).toEqual(['001']);

      await writeFile(path.join(scratch, '001_good.sql'), 'CREATE TABLE good (id bigint PRIMARY KEY);');
      await expect(runMigrations(db, { directory: scratch })).rejects.toThrow(MigrationError);
    });

    it('refuses badly named or duplicate-numbered migration files', async () => {
      for (const file of await readdir(MIGRATIONS_DIRECTORY))
        await copyFile(path.join(MIGRATIONS_DIRECTORY, file), path.join(scratch, file));
      await writeFile(path.join(scratch, '4_missing_digits.sql'), 'SELECT 1;');
      await expect(loadMigrations(scratch)).rejects.toThrow(/NNN_lower_snake_name/);
      await rm(path.join(scratch, '4_missing_digits.sql'));
      await writeFile(path.join(scratch, '001_same_number.sql'), 'SELECT 1;');
      await expect(loadMigrations(scratch)).rejects.toThrow(/share version 001/);
    });
  });

  describe('database port', () => {
    let db: SqlDatabase;
    beforeEach(async () => {
      db = await factory.clean();
    });

    it('counts changed rows only, with $n parameters', async () => {
      const insert = await db.query(
        "INSERT INTO bot_state (key, value, etag) VALUES ($1, '{}', 'e'), ($2, '{}', 'e')",
        ['a', 'b'],
      );
      expect(insert.affectedRows).toBe(2);
      const select = await db.query<{ key: string; n: number }>(
        'SELECT key, (SELECT count(*) FROM bot_state) AS n FROM bot_state WHERE key = $1',
        ['a'],
      );
      expect(select).toEqual({ rows: [{ key: 'a', n: 2 }], affectedRows: 0 });
      expect((await db.query('UPDATE bot_state SET etag = $1 WHERE key = $2', ['f', 'zz'])).affectedRows).toBe(0);
    });

    it('commits a transaction, and rolls it back when the function throws', async () => {
      const result = await db.transaction(async (tx) => {
        await tx.query("INSERT INTO bot_state (key, value, etag) VALUES ('kept', '{}', 'e')");
        return 'done';
      });
      expect(result).toBe('done');

      await expect(
        db.transaction(async (tx) => {
          await tx.query("INSERT INTO bot_state (key, value, etag) VALUES ('lost', '{}', 'e')");
          await tx.query("UPDATE bot_state SET etag = 'changed' WHERE key = 'kept'");
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');

      const { rows } = await db.query<{ key: string; etag: string }>('SELECT key, etag FROM bot_state ORDER BY key');
      expect(rows).toEqual([{ key: 'kept', etag: 'e' }]);
    });

    it('stores text with a NUL (raw, and as JSON writes it) as U+FFFD instead of failing, in text and jsonb, in and out of transactions', async () => {
      const hostile = 'tag\u0000evil';
      await db.query('INSERT INTO bot_state (key, value, etag) VALUES ($1, $2, $3)', [
        hostile,
        JSON.stringify({ tag: hostile }),
        'e',
      ]);
      await db.transaction((tx) =>
        tx.query('UPDATE bot_state SET etag = $1 WHERE key = $2', [hostile, 'tag\uFFFDevil']),
      );
      const { rows } = await db.query<{ key: string; value: { tag: string }; etag: string }>(
        'SELECT key, value, etag FROM bot_state',
      );
      expect(rows).toEqual([{ key: 'tag\uFFFDevil', value: { tag: 'tag\uFFFDevil' }, etag: 'tag\uFFFDevil' }]);
      // A lookup by a NUL-holding id finds nothing real: ids the bot makes never hold U+FFFD.
      expect((await db.query('SELECT 1 FROM bot_state WHERE key = $1', ['tag'])).rows).toEqual([]);
    });

    it('stores unpaired surrogates (raw, and as JSON escapes them) as U+FFFD; paired ones (emoji) stay', async () => {
      const values = ['a\ud800b', 'c\udc00', '😀\ud83d', 'ok 😀'];
      for (const [i, v] of values.entries())
        await db.query('INSERT INTO bot_state (key, value, etag) VALUES ($1, $2, $3)', [
          `k${i}`,
          JSON.stringify({ v }),
          v,
        ]);
      const { rows } = await db.query<{ value: { v: string }; etag: string }>(
        'SELECT value, etag FROM bot_state ORDER BY key',
      );
      const expected = ['a\uFFFDb', 'c\uFFFD', '😀\uFFFD', 'ok 😀'];
      expect(rows.map((r) => r.value.v)).toEqual(expected);
      expect(rows.map((r) => r.etag)).toEqual(expected);
    });
  });

  describe('ConversationReferenceStore', () => {
    let store: ConversationReferenceStore;
    beforeEach(async () => {
      store = new ConversationReferenceStore(await factory.clean());
    });

    it('upserts, gets and lists references per platform', async () => {
      const reference = {
        conversation: { id: 'a:1', tenantId: 't1' },
        bot: { id: 'b' },
        serviceUrl: 'https://smba.example/emea/',
      };
      await store.upsert({
        platform: 'teams',
        conversationId: 'a:1',
        tenantId: 't1',
        serviceUrl: reference.serviceUrl,
        locale: 'ja-JP',
        reference,
      });
      const first = await store.get('teams', 'a:1');
      expect(first).toMatchObject({
        platform: 'teams',
        conversationId: 'a:1',
        tenantId: 't1',
        locale: 'ja-JP',
        reference,
      });
      expect(first?.teamId).toBeUndefined();

      const moved = { ...reference, serviceUrl: 'https://smba.example/amer/' };
      await store.upsert({
        platform: 'teams',
        conversationId: 'a:1',
        teamId: 'team-9',
        serviceUrl: moved.serviceUrl,
        locale: 'de-DE',
        reference: moved,
      });
      await store.upsert({ platform: 'teams', conversationId: 'a:2', reference: { conversation: { id: 'a:2' } } });
      await store.upsert({
        platform: 'slack',
        conversationId: 'C123',
        channelId: 'C123',
        reference: { channel: 'C123' },
      });

      const second = await store.get('teams', 'a:1');
      expect(second).toMatchObject({
        serviceUrl: moved.serviceUrl,
        teamId: 'team-9',
        locale: 'de-DE',
        reference: moved,
      });
      expect(second?.createdAt).toEqual(first?.createdAt);
      expect(second!.updatedAt.getTime()).toBeGreaterThanOrEqual(first!.updatedAt.getTime());

      expect((await store.listByPlatform('teams')).map((r) => r.conversationId).sort()).toEqual(['a:1', 'a:2']);
      expect((await store.listByPlatform('slack')).map((r) => r.conversationId)).toEqual(['C123']);
      expect(await store.listByPlatform('teams', { limit: 1 })).toHaveLength(1);
      expect(await store.get('slack', 'a:1')).toBeUndefined();
    });
    it('skips rewriting a reference it wrote unchanged a moment ago (one write per conversation, not per turn)', async () => {
      const db = await factory.clean();
      let writes = 0;
      const counting = {
        ...db,
        kind: db.kind,
        query: (sql: string, params?: unknown[]) => (
          (writes += /^\s*INSERT/i.test(sql) ? 1 : 0),
          db.query(sql, params)
        ),
      } as typeof db;
      let nowInMs = 0;
      const cached = new ConversationReferenceStore(counting, { rewriteAfterInMs: 60_000, now: () => nowInMs });
      const turn = (activityId: string, locale = 'en-US') =>
        cached.upsert({
          platform: 'teams',
          conversationId: 'a:1',
          locale,
          reference: { conversation: { id: 'a:1' }, activityId },
        });
      await turn('m1');
      await turn('m2'); // only the activity id differs: not a change
      expect(writes).toBe(1);
      await turn('m3', 'de-DE'); // a real change is written at once
      expect(writes).toBe(2);
      expect((await cached.get('teams', 'a:1'))?.locale).toBe('de-DE');
      nowInMs = 60_000; // and an unchanged one again after the period (updated_at stays meaningful)
      await turn('m4', 'de-DE');
      expect(writes).toBe(3);
    });
  });

  describe('FeedbackStore', () => {
    let store: FeedbackStore;
    beforeEach(async () => {
      store = new FeedbackStore(await factory.clean(), { userIdHashKey: 'test-key' });
    });

    it('records votes without the raw user id and lists the newest first', async () => {
      const up = await store.record({
        platform: 'teams',
        userId: '29:user-a',
        question: 'ACR とは?',
        topic: 'basics',
        answerLang: 'ja',
        vote: 'up',
        locale: 'ja-JP',
      });
      expect(up.userHash).toBe(store.hashUserId('teams', '29:user-a'));
      expect(up.userHash).not.toContain('user-a');
      expect(up).toMatchObject({
        platform: 'teams',
        question: 'ACR とは?',
        topic: 'basics',
        answerLang: 'ja',
        vote: 'up',
        locale: 'ja-JP',
      });
      await store.record({
        platform: 'slack',
        userId: 'U1',
        question: 'Was kostet ACR?',
        topic: 'pricing',
        vote: 'down',
      });
      await store.record({
        platform: 'teams',
        userId: '29:user-b',
        question: 'geo-replication?',
        topic: 'pricing',
        vote: 'up',
      });

      const recent = await store.listRecent();
      expect(recent.map((f) => f.question)).toEqual(['geo-replication?', 'Was kostet ACR?', 'ACR とは?']);
      expect((await store.listRecent({ platform: 'slack' })).map((f) => f.platform)).toEqual(['slack']);
      expect(await store.listRecent({ limit: 1 })).toHaveLength(1);
      // Another key gives another hash: the key (from config) is what keeps ids unguessable.
      expect(
        new FeedbackStore(await factory.clean(), { userIdHashKey: 'other' }).hashUserId('teams', '29:user-a'),
      ).not.toBe(up.userHash);
    });

    it('a second vote on the same answer replaces the first; counts by topic', async () => {
      const base = { platform: 'teams', question: 'How do I purge?', topic: 'purge' } as const;
      await store.record({ ...base, userId: 'u1', answerId: 'reply-1', vote: 'up' });
      await store.record({ ...base, userId: 'u1', answerId: 'reply-1', vote: 'down' }); // changed their mind
      await store.record({ ...base, userId: 'u2', answerId: 'reply-1', vote: 'up' });
      await store.record({ ...base, userId: 'u1', vote: 'up' }); // no answer id: always a new row
      await store.record({ platform: 'teams', userId: 'u3', question: '???', vote: 'down' });

      expect(await store.countsByTopic()).toEqual([
        { topic: 'purge', up: 2, down: 1 },
        { topic: undefined, up: 0, down: 1 },
      ]);
      expect(await store.countsByTopic({ since: new Date(Date.now() + 60_000) })).toEqual([]);
    });

    it('rejects an unknown vote without writing', async () => {
      await expect(
        store.record({ platform: 'teams', userId: 'u', question: 'q', vote: 'meh' as 'up' }),
      ).rejects.toThrow(RangeError);
      expect(await store.listRecent()).toEqual([]);
    });
  });

  describe('StateStore', () => {
    let db: SqlDatabase;
    let store: StateStore;
    beforeEach(async () => {
      db = await factory.clean();
      store = new StateStore(db);
    });

    it('reads what was written, with a new eTag per version', async () => {
      expect(await store.read(['nothing'])).toEqual(new Map());
      const v1 = (await store.write([{ key: 'conv/1', value: { count: 1, tags: ['a'] } }])).get('conv/1')!;
      const read1 = (await store.read(['conv/1', 'nothing'])).get('conv/1');
      expect(read1).toEqual({ key: 'conv/1', value: { count: 1, tags: ['a'] }, etag: v1 });

      const v2 = (await store.write([{ key: 'conv/1', value: { count: 2 }, etag: v1 }])).get('conv/1')!;
      expect(v2).not.toBe(v1);
      expect((await store.read(['conv/1'])).get('conv/1')).toEqual({ key: 'conv/1', value: { count: 2 }, etag: v2 });
    });

    it('a write with a stale eTag fails with StateConflictError and changes nothing', async () => {
      const v1 = (await store.write([{ key: 'k', value: { n: 1 } }])).get('k')!;
      await store.write([{ key: 'k', value: { n: 2 }, etag: v1 }]);
      const stale = store.write([{ key: 'k', value: { n: 3 }, etag: v1 }]);
      await expect(stale).rejects.toThrow(StateConflictError);
      await expect(stale).rejects.toMatchObject({ key: 'k' });
      expect((await store.read(['k'])).get('k')?.value).toEqual({ n: 2 });
    });

    it('writes several keys all or nothing', async () => {
      const etags = await store.write([
        { key: 'a', value: { n: 1 } },
        { key: 'b', value: { n: 1 } },
      ]);
      await store.write([{ key: 'b', value: { n: 2 } }]); // makes b's eTag stale
      await expect(
        store.write([
          { key: 'a', value: { n: 9 }, etag: etags.get('a') },
          { key: 'b', value: { n: 9 }, etag: etags.get('b') },
          { key: 'c', value: { n: 9 } },
        ]),
      ).rejects.toThrow(StateConflictError);
      const items = await store.read(['a', 'b', 'c']);
      expect([...items.values()].map((i) => [i.key, i.value])).toEqual(
        expect.arrayContaining([
          ['a', { n: 1 }],
          ['b', { n: 2 }],
        ]),
      );
      expect(items.has('c')).toBe(false);
    });

    it('`*` or no eTag overwrite; an eTag on a missing key creates it; delete removes', async () => {
      await store.write([{ key: 'k', value: { n: 1 } }]);
      await store.write([{ key: 'k', value: { n: 2 }, etag: '*' }]);
      await store.write([{ key: 'k', value: { n: 3 } }]);
      expect((await store.read(['k'])).get('k')?.value).toEqual({ n: 3 });

      await store.write([{ key: 'new', value: { n: 1 }, etag: 'from-an-older-life' }]);
      expect((await store.read(['new'])).get('new')?.value).toEqual({ n: 1 });

      await store.delete(['k', 'new', 'never-existed']);
      expect(await store.read(['k', 'new'])).toEqual(new Map());
      await expect(store.write([{ key: 'u', value: undefined }])).rejects.toThrow(TypeError);
    });

    it('concurrent writers with the same eTag: exactly one wins', async () => {
      const v1 = (await store.write([{ key: 'race', value: { winner: 'none' } }])).get('race')!;
      // On PostgreSQL every writer has its own connection pool, so the UPDATEs really overlap.
      const writers = await Promise.all(Array.from({ length: 6 }, () => factory.reconnect(db)));
      const results = await settle(
        writers.map((w, i) => new StateStore(w).write([{ key: 'race', value: { winner: i }, etag: v1 }])),
      );

      const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(5);
      for (const r of lost) expect(r.reason).toBeInstanceOf(StateConflictError);
      expect((await store.read(['race'])).get('race')?.value).toEqual({ winner: won[0] });
    });

    it('concurrent creators of a missing key with an eTag: exactly one wins', async () => {
      const writers = await Promise.all(Array.from({ length: 4 }, () => factory.reconnect(db)));
      const results = await settle(
        writers.map((w, i) => new StateStore(w).write([{ key: 'fresh', value: { i }, etag: 'old' }])),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    });
  });

  describe('botbuilder Storage adapter (SqlStorage)', () => {
    let storage: SqlStorage;
    beforeEach(async () => {
      storage = new SqlStorage(new StateStore(await factory.clean()));
    });

    /** A scripted session; eTag values differ between stores, so the log records whether one is there. */
    async function session(s: Storage): Promise<unknown[]> {
      const log: unknown[] = [];
      const attempt = async (label: string, fn: () => Promise<unknown>): Promise<void> => {
        try {
          const value = await fn();
          log.push([label, 'ok', value ?? null]);
        } catch (error) {
          log.push([label, 'error', (error as Error).constructor.name, (error as Error).message]);
        }
      };
      const withoutEtags = (items: Record<string, { eTag?: string }>) =>
        Object.fromEntries(
          Object.entries(items).map(([k, { eTag, ...rest }]) => [
            k,
            { ...rest, hasETag: typeof eTag === 'string' && eTag.length > 0 },
          ]),
        );

      await attempt('first write', () => s.write({ user: { name: 'Aiko', when: new Date(0) } }));
      const first = await s.read(['user', 'missing']);
      log.push(['read', withoutEtags(first)]);
      await attempt('write with current eTag', () => s.write({ user: { ...first.user, name: 'Aiko S.' } }));
      await attempt('write with stale eTag', () => s.write({ user: { ...first.user, name: 'stale' } }));
      await attempt('write with *', () => s.write({ user: { name: 'forced', eTag: '*' } }));
      log.push(['read', withoutEtags(await s.read(['user']))]);
      await attempt('delete', () => s.delete(['user']));
      log.push(['read after delete', withoutEtags(await s.read(['user']))]);
      await attempt('eTag on a missing key', () => s.write({ conv: { n: 1, eTag: 'whatever' } }));
      log.push(['read', withoutEtags(await s.read(['conv']))]);
      await attempt('read without keys', () => s.read(undefined as unknown as string[]));
      await attempt('write without changes', () => s.write(undefined as unknown as Record<string, never>));
      return log;
    }

    it('behaves like botbuilder MemoryStorage, eTag conflicts included', async () => {
      const expected = await session(new MemoryStorage());
      const actual = await session(storage);
      expect(actual).toEqual(expected);
      // What the shared script proves, spelled out:
      expect(actual).toContainEqual([
        'write with stale eTag',
        'error',
        'Error',
        'Storage: error writing "user" due to eTag conflict.',
      ]);
      expect(actual).toContainEqual([
        'read',
        { user: { name: 'Aiko', when: new Date(0).toISOString(), hasETag: true } },
      ]);
    });

    it('teams-ai turn state: of two overlapping turns in one conversation, the later save fails', async () => {
      const activity: Partial<Activity> = {
        type: 'message',
        channelId: 'msteams',
        conversation: { id: 'a:conv-1', name: '', isGroup: false, conversationType: 'personal' },
        from: { id: '29:user', name: 'User' },
        recipient: { id: '28:bot', name: 'Bot' },
        text: 'hi',
      };
      const turn = async () => {
        const state = new TurnState<{ count?: number }>();
        await state.load(new TurnContext(new TestAdapter(), { ...activity }), storage);
        return state;
      };
      const first = await turn();
      first.conversation.count = 1;
      await first.save(new TurnContext(new TestAdapter(), { ...activity }), storage);

      const [a, b] = [await turn(), await turn()]; // both read version 1
      a.conversation.count = 2;
      b.conversation.count = 20;
      await a.save(new TurnContext(new TestAdapter(), { ...activity }), storage);
      await expect(b.save(new TurnContext(new TestAdapter(), { ...activity }), storage)).rejects.toThrow(
        /eTag conflict/,
      );
      expect((await turn()).conversation.count).toBe(2);
    });

    it('fails a whole write when one item is stale (MemoryStorage would write the others)', async () => {
      await storage.write({ a: { n: 1 }, b: { n: 1 } });
      const read = await storage.read(['a', 'b']);
      await storage.write({ b: { n: 2 } });
      await expect(storage.write({ a: { ...read.a, n: 5 }, b: { ...read.b, n: 5 } })).rejects.toThrow(
        'Storage: error writing "b" due to eTag conflict.',
      );
      const after = await storage.read(['a', 'b']);
      expect([after.a.n, after.b.n]).toEqual([1, 2]);
    });
  });
}
