import type { Storage, StoreItems } from 'botbuilder';
import { StateConflictError, type StateChange, type TurnStateStore } from '../../core/state.js';

/**
 * botbuilder `Storage` over the turn-state port (the SQL StateStore in production), with the eTag semantics of botbuilder's MemoryStorage:
 * a write without eTag or with `*` always succeeds; a write whose eTag is not the stored one fails
 * with `Storage: error writing "<key>" due to eTag conflict.`; read returns each item with its eTag.
 * Unlike MemoryStorage a failed write(changes) writes none of the changes.
 */
export class SqlStorage implements Storage {
  constructor(private readonly store: TurnStateStore) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const items: StoreItems = {};
    for (const [key, item] of await this.store.read(keys)) {
      items[key] = { ...(item.value as object), eTag: item.etag };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    const stateChanges: StateChange[] = Object.entries(changes).map(([key, item]) => {
      const { eTag, ...value } = (item ?? {}) as { eTag?: string };
      return { key, value, etag: eTag || undefined };
    });
    try {
      await this.store.write(stateChanges);
    } catch (error) {
      if (error instanceof StateConflictError) {
        throw new Error(`Storage: error writing "${error.key}" due to eTag conflict.`, { cause: error });
      }
      throw error;
    }
  }

  async delete(keys: string[]): Promise<void> {
    await this.store.delete(keys);
  }
}
