/**
 * Slack payload → neutral request (pure; no I/O). Identity comes only from the signed payload's user and
 * team (`slack:<team>/<user>`, `slack:<user>`), never from a button's value. The locale is looked up separately
 * (users.info) and filled in by the channel.
 */
import type { ActionData, ConversationType, NeutralRequest } from '../../core/model.js';
import { parseButtonValue } from './blocks/buttons.js';

/** Where the turn happens and what it may use to answer (the sink's side of the request). */
export interface SlackTurnContext {
  channel: string;
  teamId: string;
  userId: string;
  /** Answer in this thread (a mention inside a thread). */
  threadTs?: string;
  /** For button clicks: the message that carried the button. */
  sourceTs?: string;
  /** The clicked message is ephemeral (chat.update cannot edit it; its response_url can). */
  sourceEphemeral?: boolean;
  responseUrl?: string;
  /** Opens a modal within 3 s of `receivedAtInMs`. */
  triggerId?: string;
  receivedAtInMs: number;
}

export interface SlackTurn {
  request: NeutralRequest;
  context: SlackTurnContext;
}

/** Typed text is cut here before the core sees it (the core reads far less; this bounds the work). */
export const MAX_TEXT_LENGTH = 4000;

type Obj = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
/** Slack's user, team and conversation ids: upper-case letters and digits ("U0123ABC", "C0123", "T0123"). */
const SLACK_ID = /^[A-Z0-9]{2,40}$/;
const isId = (v: string) => SLACK_ID.test(v);
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});

/** Slack conversation ids say what they are: D… a direct message, C… a channel, G… a private or group one. */
export function conversationType(channel: string, channelType?: string): ConversationType {
  if (channelType === 'im' || channel.startsWith('D')) return 'personal';
  if (channelType === 'mpim' || channel.startsWith('G')) return 'group';
  return 'channel';
}

/**
 * The principals of a Slack user: `slack:<team>/<user>` (canonical: unique across workspaces) and
 * `slack:<user>`, the form approval policies name people by (src/features/act/approvals/policy.ts).
 */
export function identitiesOf(teamId: string, userId: string): string[] {
  return [`slack:${teamId}/${userId}`, `slack:${userId}`];
}

/** Removes `<@BOT>` mentions (with an optional `|name`) and tidies the spaces. */
export function stripMention(text: string, botUserId: string | undefined): string {
  const withoutBot = botUserId ? text.split(new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, 'g')).join(' ') : text;
  return withoutBot.replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT_LENGTH);
}

function base(
  context: Omit<SlackTurnContext, 'receivedAtInMs'>,
  channelType: string | undefined,
  receivedAtInMs: number,
): { request: Omit<NeutralRequest, 'origin' | 'mentionedBot'>; context: SlackTurnContext } {
  return {
    request: {
      platform: 'slack',
      conversation: { id: context.channel, type: conversationType(context.channel, channelType) },
      user: { id: context.userId, name: '', identities: identitiesOf(context.teamId, context.userId) },
      locale: '',
    },
    context: { ...context, receivedAtInMs },
  };
}

/**
 * An `app_mention` or a direct message (`message` in an `im`). Null for what the bot does not answer:
 * other bots (itself included), edits, joins and other subtypes, messages in channels (those arrive as
 * mentions), and anything without a user, channel or text.
 */
export function fromMessageEvent(envelope: Obj, botUserId: string | undefined, now = Date.now()): SlackTurn | null {
  const event = obj(envelope.event);
  const user = str(event.user);
  const channel = str(event.channel);
  if (event.bot_id || event.subtype !== undefined || !isId(user) || !isId(channel) || typeof event.text !== 'string')
    return null;
  if (user === botUserId) return null;
  const mention = event.type === 'app_mention';
  if (!mention && !(event.type === 'message' && event.channel_type === 'im')) return null;
  const teamId = str(event.team) || str(envelope.team_id);
  const threadTs = str(event.thread_ts);
  const { request, context } = base(
    { channel, teamId, userId: user, ...(threadTs ? { threadTs } : {}) },
    mention ? undefined : 'im',
    now,
  );
  return {
    request: { ...request, text: stripMention(event.text, botUserId), origin: 'typed', mentionedBot: mention },
    context,
  };
}

/**
 * `/acr …`: the text after the command, with a leading `ask` dropped (`/acr ask how do I…` is the
 * question); an empty command is `help`. A slash command is addressed to the bot, like a mention.
 */
export function fromSlashCommand(command: Obj, now = Date.now()): SlackTurn | null {
  if (!isId(str(command.user_id)) || !isId(str(command.channel_id))) return null;
  const typed = str(command.text).replace(/\s+/g, ' ').trim();
  const text = (/^ask\s+/i.test(typed) ? typed.replace(/^ask\s+/i, '') : typed || 'help').slice(0, MAX_TEXT_LENGTH);
  const channel = str(command.channel_id);
  const { request, context } = base(
    {
      channel,
      teamId: str(command.team_id),
      userId: str(command.user_id),
      ...(str(command.response_url) ? { responseUrl: str(command.response_url) } : {}),
      ...(str(command.trigger_id) ? { triggerId: str(command.trigger_id) } : {}),
    },
    undefined,
    now,
  );
  return {
    request: {
      ...request,
      user: { ...request.user, name: str(command.user_name) },
      text,
      origin: 'typed',
      mentionedBot: true,
    },
    context,
  };
}

/**
 * A `block_actions` click on a button this bot rendered (blocks/buttons.ts): the verb and data from its
 * value, the clicker from the payload's `user`. Null for link buttons and values we did not make.
 */
export function fromBlockAction(body: Obj, now = Date.now()): SlackTurn | null {
  const action = obj(Array.isArray(body.actions) ? body.actions[0] : undefined);
  const value = parseButtonValue(typeof action.value === 'string' ? action.value : undefined);
  const user = obj(body.user);
  const container = obj(body.container);
  const channel = str(obj(body.channel).id) || str(container.channel_id);
  if (!value || !isId(str(user.id)) || !isId(channel)) return null;
  const sourceTs = str(container.message_ts) || str(obj(body.message).ts);
  const threadTs = str(obj(body.message).thread_ts);
  const { request, context } = base(
    {
      channel,
      teamId: str(obj(body.team).id) || str(user.team_id),
      userId: str(user.id),
      ...(threadTs ? { threadTs } : {}),
      ...(sourceTs ? { sourceTs } : {}),
      ...(container.is_ephemeral === true ? { sourceEphemeral: true } : {}),
      ...(str(body.response_url) ? { responseUrl: str(body.response_url) } : {}),
      ...(str(body.trigger_id) ? { triggerId: str(body.trigger_id) } : {}),
    },
    undefined,
    now,
  );
  return {
    request: {
      ...clicked(request, user, value.verb, value.data),
      ...(sourceTs ? { sourceMessageId: sourceTs } : {}),
    },
    context,
  };
}

/** A click (a button, a modal's submit): the verb and data, by the payload's user. */
function clicked(
  request: Omit<NeutralRequest, 'origin' | 'mentionedBot'>,
  user: Obj,
  verb: string,
  data: ActionData,
): NeutralRequest {
  return {
    ...request,
    user: { ...request.user, name: str(user.name) || str(user.username) },
    action: { verb, data },
    origin: 'button',
    mentionedBot: false,
  };
}

/** What a modal carries for its submission (`private_metadata`): the submit verb and where to answer. */
export interface FormMetadata {
  verb: string;
  data: ActionData;
  channel: string;
  threadTs?: string;
}

/** A `view_submission` of our request-form modal: the submit action with the inputs merged into its data. */
export function fromViewSubmission(
  body: Obj,
  metadata: FormMetadata,
  values: ActionData,
  now = Date.now(),
): SlackTurn | null {
  const user = obj(body.user);
  if (!isId(str(user.id)) || !isId(metadata.channel)) return null;
  const { request, context } = base(
    {
      channel: metadata.channel,
      teamId: str(obj(body.team).id) || str(user.team_id),
      userId: str(user.id),
      ...(metadata.threadTs ? { threadTs: metadata.threadTs } : {}),
    },
    undefined,
    now,
  );
  return { request: clicked(request, user, metadata.verb, { ...metadata.data, ...values }), context };
}
