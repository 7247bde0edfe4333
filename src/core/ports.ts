/** Ports the core depends on; main.ts wires real implementations, tests pass small fakes. */
import type { Lang } from '../knowledge/types.js';
import type { Platform, ReplyKind } from './model.js';

export type { FaqMatcher } from '../knowledge/types.js';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** pino-compatible subset, so core code can log without importing pino. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

export type Vote = 'up' | 'down';

export interface FeedbackRecord {
  platform: Platform;
  conversationId: string;
  /** From the authenticated activity. */
  userId: string;
  /** Platform id of the answer message voted on: a second vote on it replaces the first. */
  answerId?: string;
  topic: string;
  question: string;
  vote: Vote;
  /** Language the user asked in and language of the answer shown. */
  locale: Lang;
  answerLang: Lang | null;
  createdAt: Date;
}

export interface FeedbackStore {
  record(feedback: FeedbackRecord, signal?: AbortSignal): Promise<void>;
}

/** A platform's opaque reference to a conversation, kept so alerts can post into it later. */
export interface ConversationReferenceRecord {
  platform: Platform;
  conversationId: string;
  tenantId?: string;
  /** Platform-specific JSON (Teams: botbuilder ConversationReference). */
  reference: unknown;
  updatedAt: Date;
}

export interface ConversationReferenceStore {
  save(record: ConversationReferenceRecord, signal?: AbortSignal): Promise<void>;
}

/** Counters and timings of handled turns (Prometheus exposition lives in src/http). */
export interface BotMetrics {
  observeTurn(platform: Platform, kind: ReplyKind | 'ignored', durationInMs: number): void;
}
