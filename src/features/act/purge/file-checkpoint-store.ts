import { mkdir, open, readFile, rename, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PurgeInputError } from './errors.js';
import type { PurgeCheckpointStore, PurgeItemResult } from './types.js';

export interface FileCheckpointStoreOptions {
  /**
   * fsync each write before its records count as stored: survives power loss too, at a cost per
   * write (not per item: records are written in groups). A killed process loses nothing either way.
   */
  syncEachRecord?: boolean;
}

/** Records waiting for one write; open for more lines until its write starts. */
interface PendingWrite {
  lines: string[];
  written: Promise<void>;
}

interface HeaderLine {
  planHash: string;
  createdAt: string;
}

/**
 * Append-only JSON lines: a header `{planHash}` then one result per line. The header is written
 * atomically (temp file + rename) so a checkpoint file always names its plan; results are appended
 * with O_APPEND writes, and a torn last line from a crash is ignored on load.
 *
 * Group commit: results recorded while a write is in flight are appended together by the next write,
 * one write per group instead of one per item. `record()` resolves only once its line is written (and
 * fsynced with `syncEachRecord`), so a result the executor has counted is on disk; a crash loses only
 * results whose promise had not resolved — items that a resume re-checks (a deleted one is then
 * already gone).
 */
export class FileCheckpointStore implements PurgeCheckpointStore {
  private handle?: FileHandle;
  private chain: Promise<void> = Promise.resolve();
  private open?: PendingWrite;

  constructor(
    readonly path: string,
    private readonly options: FileCheckpointStoreOptions = {},
  ) {}

  async load(planHash: string): Promise<PurgeItemResult[]> {
    let text: string | undefined;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const results: PurgeItemResult[] = [];
    if (text === undefined || text.trim() === '') {
      await mkdir(dirname(this.path), { recursive: true });
      const temp = `${this.path}.${process.pid}.tmp`;
      await writeFile(
        temp,
        `${JSON.stringify({ planHash, createdAt: new Date().toISOString() } satisfies HeaderLine)}\n`,
      );
      await rename(temp, this.path);
    } else {
      const lines = text.split('\n');
      const header = JSON.parse(lines[0]) as Partial<HeaderLine>;
      if (header.planHash !== planHash) throw new PurgeInputError('checkpoint-mismatch');
      for (const line of lines.slice(1)) {
        if (line.trim() === '') continue;
        try {
          results.push(JSON.parse(line) as PurgeItemResult);
        } catch {
          // torn write from a crash: the item was not recorded and will be re-checked
        }
      }
      // A torn last line without '\n' would glue onto the next record: start on a fresh line.
      if (!text.endsWith('\n')) this.chain = this.append('\n');
    }
    return results;
  }

  private async append(text: string): Promise<void> {
    this.handle ??= await open(this.path, 'a');
    await this.handle.write(text);
    if (this.options.syncEachRecord) await this.handle.sync();
  }

  record(result: PurgeItemResult): Promise<void> {
    if (!this.open) {
      // Writes stay serialized (one after another) so lines never interleave.
      const pending: PendingWrite = { lines: [], written: Promise.resolve() };
      pending.written = this.chain.then(() => {
        if (this.open === pending) this.open = undefined;
        return this.append(pending.lines.join(''));
      });
      this.open = pending;
      this.chain = pending.written.catch(() => undefined);
    }
    this.open.lines.push(`${JSON.stringify(result)}\n`);
    return this.open.written;
  }

  async close(): Promise<void> {
    await this.chain;
    await this.handle?.close();
    this.handle = undefined;
  }
}
