/**
 * Turn state with optimistic concurrency, as a channel's SDK keeps it between turns (botbuilder Storage for
 * Teams). The port lives here so a channel can use it without knowing SQL; src/storage implements it.
 */

/** A stored state value and the eTag of its current version. */
export interface StateItem {
  key: string;
  value: unknown;
  etag: string;
}

export interface StateChange {
  key: string;
  /** Any JSON-serializable value (it is stored as JSON, as network stores do). */
  value: unknown;
  /**
   * Missing or `*`: write unconditionally. Otherwise the write succeeds only when the stored item has
   * this eTag, or when no item exists (botbuilder MemoryStorage semantics); else StateConflictError.
   */
  etag?: string;
}

/** A conditional write found a newer version than the eTag it carried: re-read and retry. */
export class StateConflictError extends Error {
  override readonly name = 'StateConflictError';
  constructor(readonly key: string) {
    super(`State "${key}" was changed by someone else (eTag conflict)`);
  }
}

/** Key/value state with eTags (src/storage/state-store.ts over the bot_state table). */
export interface TurnStateStore {
  read(keys: readonly string[]): Promise<Map<string, StateItem>>;
  /** All or nothing; StateConflictError when an eTag does not match. */
  write(changes: readonly StateChange[]): Promise<Map<string, string>>;
  delete(keys: readonly string[]): Promise<void>;
}
