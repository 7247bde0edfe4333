import type { Activity } from 'botbuilder';
import { toNeutralRequest } from '../../../../src/channels/teams/activity.js';
import { toActivity } from '../../../../src/channels/teams/app.js';
import { infoReply } from '../../../../src/features/act/cards.js';
import { helpReply } from '../../../../src/core/replies.js';
import { askHelpSections, feedbackThanksReply } from '../../../../src/features/ask/replies.js';

const base: Partial<Activity> = {
  type: 'message',
  from: { id: 'u1', name: 'Ada' },
  recipient: { id: 'bot', name: 'ACR bot' },
  conversation: {
    id: 'c1',
    conversationType: 'channel',
    isGroup: true,
    name: '',
    tenantId: undefined as unknown as string,
  },
  channelData: { tenant: { id: 'tenant-9' } },
};

describe('Teams activity → neutral request', () => {
  test('a channel message mentioning the bot: mention text stripped, mentionedBot set, tenant from channelData', () => {
    const req = toNeutralRequest({
      ...base,
      locale: 'de-DE',
      text: '<at>ACR bot</at> Wie lösche ich ein Image?',
      entities: [{ type: 'mention', text: '<at>ACR bot</at>', mentioned: { id: 'bot', name: 'ACR bot' } }],
    });
    expect(req).toEqual({
      platform: 'teams',
      conversation: { id: 'c1', type: 'channel', tenantId: 'tenant-9' },
      user: { id: 'u1', name: 'Ada', identities: ['teams:u1'] },
      locale: 'de-DE',
      text: 'Wie lösche ich ein Image?',
      origin: 'typed',
      mentionedBot: true,
    });
  });

  test('identities: the Entra object id (lowercased, canonical) when the activity carries one, and always the Teams user id', () => {
    expect(
      toNeutralRequest({
        ...base,
        from: { id: '29:AbC', name: 'Ada', aadObjectId: 'A1A1A1A1-0000-0000-0000-0000000000A1' },
      }).user,
    ).toEqual({
      id: '29:AbC',
      name: 'Ada',
      identities: ['aad:a1a1a1a1-0000-0000-0000-0000000000a1', 'teams:29:AbC'],
    });
    expect(toNeutralRequest({ ...base, from: { id: '29:AbC', name: 'Ada' } }).user.identities).toEqual([
      'teams:29:AbC',
    ]);
    // Card data never adds an identity.
    expect(
      toNeutralRequest({ ...base, value: { verb: 'act.approve', aadObjectId: 'evil', identities: ['aad:x'] } }).user
        .identities,
    ).toEqual(['teams:u1']);
  });

  test('mentions of other people stay in the text and do not count as a bot mention', () => {
    const req = toNeutralRequest({
      ...base,
      text: '<at>Megan</at> how do I delete an image?',
      entities: [{ type: 'mention', text: '<at>Megan</at>', mentioned: { id: 'u2', name: 'Megan' } }],
    });
    expect(req.mentionedBot).toBe(false);
    expect(req.text).toBe('<at>Megan</at> how do I delete an image?');
  });

  test('personal and group chats; locale from the clientInfo entity when the activity has none', () => {
    const personal = toNeutralRequest({
      ...base,
      conversation: { ...base.conversation!, conversationType: 'personal' },
      entities: [{ type: 'clientInfo', locale: 'ja-JP' }],
      text: 'hi',
    });
    expect(personal.conversation.type).toBe('personal');
    expect(personal.locale).toBe('ja-JP');
    expect(
      toNeutralRequest({ ...base, conversation: { ...base.conversation!, conversationType: 'groupChat' } }).conversation
        .type,
    ).toBe('group');
  });

  test('a card click becomes an action: verb split off, only flat primitive values kept, source message id kept', () => {
    const req = toNeutralRequest({
      ...base,
      replyToId: 'm-1',
      value: { verb: 'faq.feedback', topic: 't', vote: 'up', nested: { userId: 'x' }, n: 3 },
    });
    expect(req.action).toEqual({ verb: 'faq.feedback', data: { topic: 't', vote: 'up', n: 3 } });
    expect(req.origin).toBe('button');
    expect(req.sourceMessageId).toBe('m-1');
    expect(req.text).toBeUndefined();
  });

  test('a value without a verb is treated as typed text', () => {
    const req = toNeutralRequest({ ...base, value: { foo: 'bar' }, text: 'help' });
    expect(req.action).toBeUndefined();
    expect(req.text).toBe('help');
  });
});

describe('neutral reply → Teams activity', () => {
  test('a one-paragraph reply goes out as plain text, anything richer as an Adaptive Card', () => {
    expect(toActivity(feedbackThanksReply('en', 'up'))).toMatchObject({
      type: 'message',
      text: 'Thanks for your feedback! Glad it helped.',
    });
    const card = toActivity(helpReply('en', askHelpSections('en')));
    expect(card.attachments?.[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.summary).toBe('How to use the ACR assistant');
    // Information from Act (e.g. "the repository does not exist") is a card with its badge, never an error card.
    const info = toActivity(infoReply('en', 'The repository “x” does not exist in local.'));
    expect(info.attachments?.[0].content).toMatchObject({
      body: [{ type: 'ColumnSet' }, { items: [{ text: 'The repository “x” does not exist in local.' }] }],
    });
    expect(JSON.stringify(info)).not.toContain('Something went wrong');
  });
});
