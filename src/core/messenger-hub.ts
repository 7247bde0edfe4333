/**
 * Posting outside a turn on any platform: alerts, progress and reports name a conversation by platform and
 * id, and the hub hands the post to that platform's messenger. A platform that is not configured here (Slack
 * off) is a clear error for that one post, never a crash of the dispatcher or the runner.
 */
import type { Platform } from './model.js';
import type { ConversationKey, ConversationMessenger } from './ports.js';
import type { NeutralReply } from './model.js';

export class PlatformNotConfiguredError extends Error {
  override readonly name = 'PlatformNotConfiguredError';
  constructor(readonly platform: string) {
    super(`no messenger for platform "${platform}": it is not configured on this bot`);
  }
}

export class MessengerHub implements ConversationMessenger {
  private readonly messengers = new Map<Platform, ConversationMessenger>();

  /** Set (or replace) the messenger of one platform; channels are built after the features that post. */
  register(platform: Platform, messenger: ConversationMessenger): this {
    this.messengers.set(platform, messenger);
    return this;
  }

  async send(conversation: ConversationKey, reply: NeutralReply, signal?: AbortSignal): Promise<{ messageId: string }> {
    return this.of(conversation).send(conversation, reply, signal);
  }

  async update(
    conversation: ConversationKey,
    messageId: string,
    reply: NeutralReply,
    signal?: AbortSignal,
  ): Promise<void> {
    return this.of(conversation).update(conversation, messageId, reply, signal);
  }

  private of(conversation: ConversationKey): ConversationMessenger {
    const messenger = this.messengers.get(conversation.platform);
    if (!messenger) throw new PlatformNotConfiguredError(conversation.platform);
    return messenger;
  }
}
