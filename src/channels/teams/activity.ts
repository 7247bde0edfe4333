/** Bot Framework activity (as Teams sends it) → neutral request. Pure; no I/O. */
import type { Activity } from 'botbuilder';
import type { ActionData, ConversationType, NeutralRequest } from '../../core/model.js';

const CONVERSATION_TYPES: Record<string, ConversationType> = {
  personal: 'personal',
  groupChat: 'group',
  channel: 'channel',
};

interface MentionEntity {
  type: string;
  text?: string;
  mentioned?: { id?: string };
}

/** True when the activity @mentions the bot (the recipient). */
export function mentionsBot(activity: Partial<Activity>): boolean {
  return botMentions(activity).length > 0;
}

function botMentions(activity: Partial<Activity>): MentionEntity[] {
  const botId = activity.recipient?.id;
  return ((activity.entities ?? []) as MentionEntity[]).filter(
    (e) => e.type === 'mention' && botId && e.mentioned?.id === botId,
  );
}

/** Removes the bot's `<at>Name</at>` mention text so only the question is matched. */
export function stripBotMention(activity: Partial<Activity>): string {
  let text = activity.text ?? '';
  for (const m of botMentions(activity)) if (m.text) text = text.split(m.text).join(' ');
  return text.replace(/\s+/g, ' ').trim();
}

/** Card button data: only flat primitive values pass (anything else is dropped, not trusted). */
function actionFromValue(value: unknown): NeutralRequest['action'] | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  // Universal Action invoke (Action.Execute): { action: { type, verb, data }, trigger }.
  const execute = (value as { action?: { type?: unknown; verb?: unknown; data?: unknown } }).action;
  if (execute && typeof execute === 'object' && execute.type === 'Action.Execute') {
    const data = execute.data && typeof execute.data === 'object' && !Array.isArray(execute.data) ? execute.data : {};
    return actionFromValue({ ...(data as Record<string, unknown>), verb: execute.verb });
  }
  const { verb, ...rest } = value as Record<string, unknown>;
  if (typeof verb !== 'string' || verb === '') return undefined;
  const data: ActionData = {};
  for (const [k, v] of Object.entries(rest))
    if (['string', 'number', 'boolean'].includes(typeof v)) data[k] = v as string | number | boolean;
  return { verb, data };
}

/** Locale from the activity, else from the Teams clientInfo entity. */
function localeOf(activity: Partial<Activity>): string {
  if (activity.locale) return activity.locale;
  const info = (activity.entities ?? []).find((e) => e.type === 'clientInfo') as { locale?: string } | undefined;
  return info?.locale ?? '';
}

/**
 * The sender's principals: the Entra object id (lowercased GUID) when the activity carries one — the
 * canonical principal — and always the Teams user id, so the same person is recognised whether or not a
 * given activity carries `aadObjectId`. Only `from` of the authenticated activity is read.
 */
export function identitiesOf(activity: Partial<Activity>): string[] {
  const aadObjectId = activity.from?.aadObjectId?.trim().toLowerCase();
  return [...(aadObjectId ? [`aad:${aadObjectId}`] : []), `teams:${activity.from?.id ?? ''}`];
}

export function toNeutralRequest(activity: Partial<Activity>): NeutralRequest {
  const channelData = (activity.channelData ?? {}) as { tenant?: { id?: string } };
  const action = actionFromValue(activity.value);
  const conversationType = CONVERSATION_TYPES[activity.conversation?.conversationType ?? ''] ?? 'personal';
  const tenantId = activity.conversation?.tenantId ?? channelData.tenant?.id;
  return {
    platform: 'teams',
    conversation: { id: activity.conversation?.id ?? '', type: conversationType, ...(tenantId ? { tenantId } : {}) },
    user: { id: activity.from?.id ?? '', name: activity.from?.name ?? '', identities: identitiesOf(activity) },
    locale: localeOf(activity),
    ...(action
      ? { action, ...(activity.replyToId ? { sourceMessageId: activity.replyToId } : {}) }
      : { text: stripBotMention(activity) }),
    origin: action ? 'button' : 'typed',
    mentionedBot: mentionsBot(activity),
  };
}
