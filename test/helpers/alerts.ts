/** Shared test parts for the alerts area: fixtures, a fake clock, a recording ProactiveSender, an HTTP server. */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type Router } from 'express';
import type { ConversationKey, NeutralAlertReply, ProactiveSender } from '../../src/features/alerts/types.js';
import { ConversationReferenceStore } from '../../src/storage/conversation-reference-store.js';
import type { Database } from '../../src/storage/types.js';

export function fixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/alerts/${name}`, import.meta.url), 'utf8')) as T;
}

export class FakeClock {
  constructor(private current = new Date('2025-06-01T12:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface RecordedSend {
  conversation: ConversationKey;
  reply: NeutralAlertReply;
}

/** A ProactiveSender test double (the port the Teams channel implements): records, or fails on demand. */
export class RecordingSender implements ProactiveSender {
  readonly sent: RecordedSend[] = [];
  /** Conversations whose sends throw, e.g. a removed bot. */
  readonly failing = new Set<string>();
  async send(conversation: ConversationKey, reply: NeutralAlertReply): Promise<void> {
    if (this.failing.has(conversation.conversationId))
      throw new Error(`403 bot removed from ${conversation.conversationId}`);
    this.sent.push({ conversation, reply });
  }
  /** Deliveries accounted for: one per individual alert, `count` per digest. */
  accounted(conversationId?: string): number {
    return this.sent
      .filter((s) => !conversationId || s.conversation.conversationId === conversationId)
      .reduce((sum, s) => sum + (s.reply.kind === 'digest' ? s.reply.digest!.count : 1), 0);
  }
}

/** Saves a conversation reference with the storage area's store, as the bot does on every turn (subscriptions reference it). */
export async function registerConversation(
  db: Database,
  conversation: ConversationKey,
  locale = 'en-US',
): Promise<void> {
  await new ConversationReferenceStore(db).upsert({
    platform: conversation.platform,
    conversationId: conversation.conversationId,
    locale,
    reference: { conversation: { id: conversation.conversationId } },
  });
}

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

/** The router mounted as the bot will mount it, on 127.0.0.1 and a random port. */
export async function serveRouter(router: Router): Promise<TestServer> {
  const app = express();
  app.use('/api/alerts', router);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/alerts`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
