/**
 * The channel boundary: a channel turns a platform payload into a NeutralRequest, hands it to the core
 * with a ReplySink, and realises the sink its own way (Teams: activities, Action.Execute responses and
 * Universal Actions refresh; Slack: chat.postMessage, chat.update and ephemeral messages). The core decides
 * what to say and where it goes, in neutral words; the sink only knows how.
 */
import type { NeutralReply } from './model.js';

export type { ReplyAudience, ReplyPlacement } from './model.js';

/** What a channel does with the replies of one turn. */
export interface ReplySink {
  /** A new message in the request's conversation; resolves with its platform message id when known. */
  post(reply: NeutralReply): Promise<string | undefined>;
  /** Replaces, for everyone, the message that carried the clicked button (`request.sourceMessageId`). */
  replaceCard(reply: NeutralReply): Promise<void>;
  /** Only the person who clicked sees this (a refusal, their own view of a card). */
  toClicker(reply: NeutralReply): Promise<void>;
}

/** Sends one reply where it says it goes; a channel without a clicked card posts a new message instead. */
export async function deliver(
  reply: NeutralReply,
  sink: ReplySink,
  clicked: { sourceMessageId?: string },
): Promise<string | undefined> {
  const clickedCard = clicked.sourceMessageId !== undefined;
  if (reply.audience === 'clicker' && clickedCard) {
    await sink.toClicker(reply);
    return undefined;
  }
  if (reply.placement === 'replace-card' && clickedCard) {
    await sink.replaceCard(reply);
    return clicked.sourceMessageId;
  }
  return sink.post(reply);
}
