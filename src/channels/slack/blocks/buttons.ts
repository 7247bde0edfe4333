/**
 * Buttons: a neutral ReplyAction ⇄ a Block Kit button. The button carries exactly what the Teams card's
 * action carries, the verb and its data (ids, a language, a vote): never who may click it. The clicker's
 * identity comes from the signed block_actions payload's `user`, as in Teams from the activity.
 */
import type { Button, PlainTextElement } from '@slack/types';
import type { ActionData, ActionStyle, ReplyAction, ReplyLink } from '../../../core/model.js';
import { fitText, LIMITS } from './limits.js';

export interface ButtonValue {
  verb: string;
  data: ActionData;
}

export function plainText(text: string, max: number): PlainTextElement {
  return { type: 'plain_text', text: fitText(text, max), emoji: true };
}

const STYLE: Record<ActionStyle, Button['style'] | undefined> = {
  default: undefined,
  primary: 'primary',
  danger: 'danger',
};

/**
 * `action_id` must be unique within its block: the verb plus the button's position. The verb alone
 * travels in `value` too, so the adapter never parses it out of the id.
 */
export function renderButton(action: ReplyAction, position: number): Button {
  const value = JSON.stringify({ verb: action.verb, data: action.data } satisfies ButtonValue);
  // Ids and short words only; a longer value is a bug in the reply builder, not user input to cut.
  if (value.length > LIMITS.buttonValue)
    throw new Error(
      `button value of "${action.verb}" is ${value.length} characters (Block Kit allows ${LIMITS.buttonValue})`,
    );
  const style = STYLE[action.style];
  return {
    type: 'button',
    action_id: `${action.verb}:${position}`.slice(0, LIMITS.actionId),
    text: plainText(action.label, LIMITS.buttonText),
    value,
    ...(style ? { style } : {}),
  };
}

/** A link button opens the URL in the browser (Slack still sends a block_action, which is acked and ignored). */
export function renderLinkButton(link: ReplyLink, position: number): Button {
  return {
    type: 'button',
    action_id: `link:${position}`,
    text: plainText(link.label, LIMITS.buttonText),
    url: link.url,
  };
}

/** The `value` of a clicked button back to verb + data; null for anything this renderer did not make. */
export function parseButtonValue(value: string | undefined): ButtonValue | null {
  if (!value || value.length > LIMITS.buttonValue) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { verb, data } = parsed as Record<string, unknown>;
  if (typeof verb !== 'string' || !verb || typeof data !== 'object' || data === null || Array.isArray(data))
    return null;
  const entries = Object.entries(data);
  if (!entries.every(([, v]) => ['string', 'number', 'boolean'].includes(typeof v))) return null;
  return { verb, data: Object.fromEntries(entries) as ActionData };
}
