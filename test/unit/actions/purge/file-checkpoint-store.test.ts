import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileCheckpointStore } from '../../../../src/features/act/purge/file-checkpoint-store.js';
import type { PurgeItemResult } from '../../../../src/features/act/purge/types.js';

const planHash = 'a'.repeat(64);

function result(i: number): PurgeItemResult {
  return { repository: 'app', digest: `sha256:${String(i).padStart(64, '0')}`, outcome: 'deleted', attempts: 1 };
}

describe('FileCheckpointStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ckpt-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test.each([false, true])(
    'concurrent records (fsync %s): each is on disk when its promise resolves, all lines whole and once',
    async (syncEachRecord) => {
      const path = join(dir, 'c.jsonl');
      const store = new FileCheckpointStore(path, { syncEachRecord });
      expect(await store.load(planHash)).toEqual([]);
      const notOnDiskWhenResolved: number[] = [];
      await Promise.all(
        Array.from({ length: 300 }, (_, i) =>
          store.record(result(i)).then(() => {
            if (!readFileSync(path, 'utf8').includes(`${JSON.stringify(result(i))}\n`)) notOnDiskWhenResolved.push(i);
          }),
        ),
      );
      await store.close();
      expect(notOnDiskWhenResolved).toEqual([]);
      const lines = (await readFile(path, 'utf8')).split('\n').filter((l) => l !== '');
      expect(lines).toHaveLength(1 + 300);
      const digests = lines.slice(1).map((l) => (JSON.parse(l) as PurgeItemResult).digest);
      expect(new Set(digests).size).toBe(300);
      const reloaded = await new FileCheckpointStore(path).load(planHash);
      expect(reloaded.map((r) => r.digest).sort()).toEqual(
        Array.from({ length: 300 }, (_, i) => result(i).digest).sort(),
      );
    },
  );

  test('records made one after another (awaiting each) are kept in order', async () => {
    const path = join(dir, 'c.jsonl');
    const store = new FileCheckpointStore(path);
    await store.load(planHash);
    for (let i = 0; i < 5; i++) await store.record(result(i));
    await store.close();
    const reloaded = await new FileCheckpointStore(path).load(planHash);
    expect(reloaded).toEqual([0, 1, 2, 3, 4].map(result));
  });
});
