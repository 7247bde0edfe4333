/**
 * Proactive messages in Teams: a new card or an update of an earlier one, outside any user turn, through
 * the conversation reference stored on the conversation's last turn.
 */
import type { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter.js';
import type { ConversationReference } from 'botbuilder';
import type { ConversationKey, ConversationMessenger, ConversationReferenceLookup } from '../../core/ports.js';
import type { NeutralReply } from '../../core/model.js';
import { toActivity } from './app.js';

export interface TeamsMessengerOptions {
  adapter: TeamsAdapter;
  references: ConversationReferenceLookup;
  /** Bot app id; empty for the local Playground (no credentials). */
  botAppId?: string;
}

export class UnknownConversationError extends Error {
  constructor(readonly conversation: ConversationKey) {
    super(`no stored conversation reference for ${conversation.platform}:${conversation.conversationId}`);
    this.name = 'UnknownConversationError';
  }
}

export class TeamsMessenger implements ConversationMessenger {
  constructor(private readonly options: TeamsMessengerOptions) {}

  async send(conversation: ConversationKey, reply: NeutralReply): Promise<{ messageId: string }> {
    let messageId = '';
    await this.continueIn(conversation, async (context) => {
      const response = await context.sendActivity(toActivity(reply));
      messageId = response?.id ?? '';
    });
    return { messageId };
  }

  async update(conversation: ConversationKey, messageId: string, reply: NeutralReply): Promise<void> {
    await this.continueIn(conversation, async (context) => {
      await context.updateActivity({
        ...toActivity(reply),
        id: messageId,
        conversation: context.activity.conversation,
      });
    });
  }

  private async continueIn(
    conversation: ConversationKey,
    logic: Parameters<TeamsAdapter['continueConversationAsync']>[2],
  ): Promise<void> {
    const stored = await this.options.references.get(conversation.platform, conversation.conversationId);
    if (!stored) throw new UnknownConversationError(conversation);
    const reference = stored.reference as Partial<ConversationReference>;
    await this.options.adapter.continueConversationAsync(
      this.options.botAppId ?? '',
      reference,
      logic as (ctx: unknown) => Promise<void>,
    );
  }
}
