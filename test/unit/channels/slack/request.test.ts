/**
 * Slack payloads → neutral requests (src/channels/slack/request.ts) and the modal's values
 * (src/channels/slack/modal.ts): pure functions over payloads shaped as Slack documents them.
 */
import { formValues, parseFormMetadata, renderModal } from '../../../../src/channels/slack/modal.js';
import {
  conversationType,
  fromBlockAction,
  fromMessageEvent,
  fromSlashCommand,
  stripMention,
} from '../../../../src/channels/slack/request.js';
import type { NeutralReply } from '../../../../src/core/model.js';
import { parsePolicy } from '../../../../src/features/act/approvals/policy.js';
import { actorOf } from '../../../../src/core/actor.js';

const BOT = 'U0BOT';

describe('Slack requests', () => {
  test('conversation types from the channel id (D personal, G group, C channel)', () => {
    expect(['D01', 'G01', 'C01'].map((id) => conversationType(id))).toEqual(['personal', 'group', 'channel']);
    expect(conversationType('C01', 'im')).toBe('personal');
  });

  test('the bot’s mention is removed wherever it is, other mentions stay', () => {
    expect(stripMention(`<@${BOT}>  how do I\n delete <@U0BOB>?`, BOT)).toBe('how do I delete <@U0BOB>?');
    expect(stripMention(`hey <@${BOT}|acr-chatops> help`, BOT)).toBe('hey help');
  });

  test('/acr: the text after the command, `ask` dropped, empty is help; identity from the payload', () => {
    const command = (text: string) =>
      fromSlashCommand({ text, channel_id: 'C01', team_id: 'T01', user_id: 'U0ALICE', user_name: 'alice' })!.request;
    expect(command('ask How do I log in?').text).toBe('How do I log in?');
    expect(command('  ').text).toBe('help');
    expect(command('purge app --older-than 30d').text).toBe('purge app --older-than 30d');
    expect(command('x'.repeat(10_000)).text).toHaveLength(4000);
    expect(command('help')).toMatchObject({
      platform: 'slack',
      user: { id: 'U0ALICE', name: 'alice', identities: ['slack:T01/U0ALICE', 'slack:U0ALICE'] },
      mentionedBot: true,
      origin: 'typed',
    });
  });

  test('a button click: verb and data from the value, the clicker from `user` (a value cannot name a user)', () => {
    const click = fromBlockAction({
      type: 'block_actions',
      user: { id: 'U0BOB', name: 'bob', team_id: 'T01' },
      team: { id: 'T01' },
      channel: { id: 'C01' },
      container: { message_ts: '1.000100', channel_id: 'C01' },
      trigger_id: 't',
      actions: [
        { action_id: 'act.approve:0', value: '{"verb":"act.approve","data":{"requestId":"r1","user":"U0ALICE"}}' },
      ],
    });
    expect(click?.request).toMatchObject({
      user: { id: 'U0BOB', identities: ['slack:T01/U0BOB', 'slack:U0BOB'] },
      action: { verb: 'act.approve', data: { requestId: 'r1', user: 'U0ALICE' } },
      sourceMessageId: '1.000100',
      origin: 'button',
    });
    expect(click?.context).toMatchObject({ channel: 'C01', sourceTs: '1.000100', triggerId: 't' });
  });

  test('events the bot does not answer are null', () => {
    const envelope = (event: Record<string, unknown>) => ({
      team_id: 'T01',
      event: { channel: 'D01', ts: '1', ...event },
    });
    const dm = { type: 'message', channel_type: 'im', user: 'U0ALICE', text: 'hi' };
    expect(fromMessageEvent(envelope(dm), BOT)?.request.text).toBe('hi');
    expect(fromMessageEvent(envelope({ ...dm, subtype: 'message_changed' }), BOT)).toBeNull();
    expect(fromMessageEvent(envelope({ ...dm, bot_id: 'B1' }), BOT)).toBeNull();
    expect(fromMessageEvent(envelope({ ...dm, user: BOT }), BOT)).toBeNull();
    expect(fromMessageEvent(envelope({ ...dm, channel_type: 'channel' }), BOT)).toBeNull();
    expect(fromMessageEvent(envelope({ ...dm, text: undefined }), BOT)).toBeNull();
  });

  test('ids that are not Slack ids (upper-case letters and digits) make no request', () => {
    expect(fromSlashCommand({ text: 'help', channel_id: 'C01', user_id: '[object Object]' })).toBeNull();
    expect(fromSlashCommand({ text: 'help', channel_id: '../C01', user_id: 'U01' })).toBeNull();
    const dm = { type: 'message', channel_type: 'im', user: 'u0alice', text: 'hi', channel: 'D01' };
    expect(fromMessageEvent({ event: dm }, BOT)).toBeNull();
  });

  test('approval policies name Slack people as slack:<user id>, and that matches the request’s actor', () => {
    const policy = parsePolicy(`version: 1
registries: ["*"]
actions:
  purge: { requesters: ["slack:U0ALICE"], approvers: ["slack:U0BOB"] }
`);
    const by = (user: string) =>
      actorOf(fromSlashCommand({ text: 'x', channel_id: 'C01', team_id: 'T01', user_id: user })!.request);
    expect(policy.canRequest(by('U0ALICE'), 'purge', 'reg.example').allow).toBe(true);
    expect(policy.canRequest(by('U0BOB'), 'purge', 'reg.example').allow).toBe(false);
  });
});

describe('the request-form modal', () => {
  const form: NeutralReply = {
    kind: 'action',
    lang: 'en',
    title: 'A clean-up request with a long title',
    summary: 'form',
    badges: [],
    sections: [{ inputs: [{ id: 'repository', label: 'Repository', type: 'text', required: true }] }],
    links: [],
    actions: [{ verb: 'act.form', label: 'Preview', data: { lang: 'en' }, style: 'primary' }],
  };

  test('title and submit within 24 characters; the submit verb and where to answer in private_metadata', () => {
    const view = renderModal(form, { channel: 'C01', threadTs: '1.2' })!;
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(view.submit?.text).toBe('Preview');
    expect(view.blocks.map((b) => b.type)).toEqual(['input']);
    expect(parseFormMetadata(view.private_metadata, view.callback_id)).toEqual({
      verb: 'act.form',
      data: { lang: 'en' },
      channel: 'C01',
      threadTs: '1.2',
    });
    expect(parseFormMetadata(view.private_metadata, 'other')).toBeNull();
    expect(parseFormMetadata('{"verb":"x","channel":"C","data":{"a":{}}}', view.callback_id)).toBeNull();
    expect(renderModal({ ...form, actions: [] }, { channel: 'C01' })).toBeNull();
  });

  test('submitted values: text as typed (empty as ""), whole numbers as numbers, a checkbox as true/false', () => {
    expect(
      formValues({
        repository: { repository: { type: 'plain_text_input', value: 'app' } },
        tagRegex: { tagRegex: { type: 'plain_text_input', value: null } },
        keep: { keep: { type: 'number_input', value: '5' } },
        olderThan: { olderThan: { type: 'number_input', value: '1e9' } },
        untaggedOnly: { untaggedOnly: { type: 'checkboxes', selected_options: [{ value: 'true' }] } },
        stray: { other: { type: 'plain_text_input', value: 'ignored' } },
      }),
    ).toEqual({ repository: 'app', tagRegex: '', keep: 5, olderThan: '1e9', untaggedOnly: true });
    expect(formValues(null)).toEqual({});
  });
});
