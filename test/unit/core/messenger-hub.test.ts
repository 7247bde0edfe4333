/** The messenger hub hands each post to the messenger of the conversation's platform. */
import { MessengerHub, PlatformNotConfiguredError } from '../../../src/core/messenger-hub.js';
import type { NeutralReply } from '../../../src/core/model.js';
import type { ConversationKey, ConversationMessenger } from '../../../src/core/ports.js';

class RecordingMessenger implements ConversationMessenger {
  readonly calls: string[] = [];
  constructor(private readonly name: string) {}
  async send(conversation: ConversationKey): Promise<{ messageId: string }> {
    this.calls.push(`send ${conversation.conversationId}`);
    return { messageId: `${this.name}-1` };
  }
  async update(conversation: ConversationKey, messageId: string): Promise<void> {
    this.calls.push(`update ${conversation.conversationId} ${messageId}`);
  }
}

const reply: NeutralReply = {
  kind: 'alert',
  lang: 'en',
  summary: 's',
  badges: [],
  sections: [],
  links: [],
  actions: [],
};

test('posts and updates go to the platform of the conversation', async () => {
  const teams = new RecordingMessenger('teams');
  const slack = new RecordingMessenger('slack');
  const hub = new MessengerHub().register('teams', teams).register('slack', slack);
  expect(await hub.send({ platform: 'slack', conversationId: 'C1' }, reply)).toEqual({ messageId: 'slack-1' });
  await hub.update({ platform: 'teams', conversationId: '19:a' }, 'm-7', reply);
  expect(slack.calls).toEqual(['send C1']);
  expect(teams.calls).toEqual(['update 19:a m-7']);
});

test('a platform that is not configured is a clear error for that post only', async () => {
  const hub = new MessengerHub().register('teams', new RecordingMessenger('teams'));
  await expect(hub.send({ platform: 'slack', conversationId: 'C1' }, reply)).rejects.toThrow(
    PlatformNotConfiguredError,
  );
  await expect(hub.update({ platform: 'slack', conversationId: 'C1' }, 'm', reply)).rejects.toThrow(
    'no messenger for platform "slack": it is not configured on this bot',
  );
});
