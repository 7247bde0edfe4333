import { randomUUID } from 'node:crypto';
import { StateConflictError, type StateChange, type StateItem, type TurnStateStore } from '../core/state.js';
import type { Database } from './types.js';

export { StateConflictError, type StateChange, type StateItem } from '../core/state.js';

export const ANY_ETAG = '*';

interface StateRow {
  key: string;
  value: unknown;
  etag: string;
}

/** Key/value state with optimistic concurrency: the bot's turn state lives here (table bot_state). */
export class StateStore implements TurnStateStore {
  constructor(private readonly db: Database) {}

  async read(keys: readonly string[]): Promise<Map<string, StateItem>> {
    const items = new Map<string, StateItem>();
    if (keys.length === 0) return items;
    const { rows } = await this.db.query<StateRow>(
      'SELECT key, value, etag FROM bot_state WHERE key = ANY($1::text[])',
      [[...keys]],
    );
    for (const row of rows) items.set(row.key, { key: row.key, value: row.value, etag: row.etag });
    return items;
  }

  /** Writes all changes in one transaction: on a conflict nothing is written. Returns the new eTags. */
  async write(changes: readonly StateChange[]): Promise<Map<string, string>> {
    const etags = new Map<string, string>();
    if (changes.length === 0) return etags;
    await this.db.transaction(async (tx) => {
      for (const change of changes) {
        if (change.value === undefined) throw new TypeError(`State "${change.key}": value must not be undefined`);
        const etag = randomUUID();
        const json = JSON.stringify(change.value);
        if (change.etag === undefined || change.etag === ANY_ETAG) {
          await tx.query(
            `INSERT INTO bot_state (key, value, etag) VALUES ($1, $2::jsonb, $3)
             ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, etag = EXCLUDED.etag, updated_at = now()`,
            [change.key, json, etag],
          );
        } else {
          // The row lock makes a concurrent writer with the same old eTag re-check and see the new one.
          const updated = await tx.query(
            'UPDATE bot_state SET value = $2::jsonb, etag = $3, updated_at = now() WHERE key = $1 AND etag = $4',
            [change.key, json, etag, change.etag],
          );
          if (updated.affectedRows === 0) {
            const created = await tx.query(
              'INSERT INTO bot_state (key, value, etag) VALUES ($1, $2::jsonb, $3) ON CONFLICT (key) DO NOTHING',
              [change.key, json, etag],
            );
            if (created.affectedRows === 0) throw new StateConflictError(change.key);
          }
        }
        etags.set(change.key, etag);
      }
    });
    return etags;
  }

  async delete(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.db.query('DELETE FROM bot_state WHERE key = ANY($1::text[])', [[...keys]]);
  }
}
