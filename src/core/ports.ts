/** Ports the core depends on; main.ts wires real implementations, tests pass small fakes. */
import type { Lang } from './lang.js';
import type { NeutralReply, Platform, ReplyKind } from './model.js';

/** Where the bot can post later (alerts, reports): one per platform conversation; stored by src/storage. */
export interface ConversationReferenceRecord {
  /** 'teams', 'slack', … */
  platform: string;
  conversationId: string;
  channelId?: string;
  teamId?: string;
  tenantId?: string;
  serviceUrl?: string;
  locale?: string;
  /** The platform's own reference object (e.g. a botbuilder ConversationReference), kept as JSON. */
  reference: Record<string, unknown>;
}

/** pino-compatible subset, so core code can log without importing pino. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

export type Vote = 'up' | 'down';

/** One 👍/👎 (the store adds the time; a second vote on the same answer replaces the first). */
export interface FeedbackVote {
  platform: Platform;
  /** From the authenticated activity. */
  userId: string;
  /** Platform id of the answer message voted on. */
  answerId?: string;
  topic: string;
  question: string;
  vote: Vote;
  /** Language the user asked in, and language of the answer shown. */
  locale: Lang;
  answerLang?: Lang;
}

export interface FeedbackStore {
  record(vote: FeedbackVote): Promise<unknown>;
}

/** Where the bot can post later (alerts): kept per conversation, refreshed on every turn. */
export interface ConversationReferenceStore {
  upsert(record: ConversationReferenceRecord): Promise<void>;
}

/** How a channel's messenger finds where to post (the stored reference of a conversation). */
export interface ConversationReferenceLookup {
  get(platform: string, conversationId: string): Promise<ConversationReferenceRecord | undefined>;
}

/** Counters and timings of handled turns (Prometheus exposition lives in src/http). */
export interface BotMetrics {
  observeTurn(platform: Platform, kind: ReplyKind | 'ignored', durationInMs: number): void;
}

/** One conversation on one platform (the key of a stored conversation reference). */
export interface ConversationKey {
  platform: Platform;
  conversationId: string;
}

/**
 * Posting outside a turn: alerts, execution progress, final reports. Implemented per platform in
 * src/channels/* over the stored conversation references.
 */
export interface ConversationMessenger {
  /** Posts a new message; resolves with the platform's message id (for later updates). */
  send(conversation: ConversationKey, reply: NeutralReply, signal?: AbortSignal): Promise<{ messageId: string }>;
  /** Replaces a message the bot posted earlier (progress cards, decided approval cards). */
  update(conversation: ConversationKey, messageId: string, reply: NeutralReply, signal?: AbortSignal): Promise<void>;
}

/** The Teams bot's Entra app registration (Bot Framework authentication). Absent: local development, no JWT. */
export interface TeamsCredentials {
  appId: string;
  /** Absent for UserAssignedMSI. */
  appPassword?: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  tenantId?: string;
}
