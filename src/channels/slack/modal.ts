/**
 * The request form (a reply whose sections have `inputs`, e.g. the clean-up wizard's form) as a Slack
 * modal, and its submission back to the form's submit action. The modal's blocks are the message renderer's
 * (input blocks keyed by input id); the submit verb, its data and the conversation to answer in travel in
 * `private_metadata`, which Slack returns with the submission and nobody else can write.
 */
import type { ModalView } from '@slack/types';
import type { ActionData, NeutralReply, ReplyAction, ReplyInput } from '../../core/model.js';
import { plainText } from './blocks/buttons.js';
import { LIMITS } from './blocks/limits.js';
import { renderMessage } from './blocks/render.js';
import type { FormMetadata } from './request.js';

export const FORM_CALLBACK_ID = 'acr.form';

/** Modal limits (Slack's view reference). */
const MODAL = { title: 24, submit: 24, blocks: 100, privateMetadata: 3000, inputValue: 3000 } as const;

export function formInputs(reply: NeutralReply): ReplyInput[] {
  return reply.sections.flatMap((s) => s.inputs ?? []);
}

/** The form's submit button: its first action (the form renderers show it below the inputs). */
export function submitAction(reply: NeutralReply): ReplyAction | undefined {
  return reply.actions[0] ?? reply.sections.flatMap((s) => s.actions ?? [])[0];
}

/** The modal for a form reply, or null when it cannot be one (no submit action, metadata too long). */
export function renderModal(reply: NeutralReply, where: Omit<FormMetadata, 'verb' | 'data'>): ModalView | null {
  const submit = submitAction(reply);
  if (!submit) return null;
  const metadata = JSON.stringify({ verb: submit.verb, data: submit.data, ...where } satisfies FormMetadata);
  if (metadata.length > MODAL.privateMetadata) return null;
  // The title is the modal's own; the submit button is the modal's submit.
  const body: NeutralReply = {
    ...reply,
    title: undefined,
    actions: [],
    sections: reply.sections.map((s) => ({ ...s, actions: [] })),
  };
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK_ID,
    title: plainText(reply.title || submit.label, MODAL.title),
    submit: plainText(submit.label, MODAL.submit),
    private_metadata: metadata,
    blocks: renderMessage(body).blocks.slice(0, MODAL.blocks),
  };
}

/** The metadata of one of our modals, or null for anything else. */
export function parseFormMetadata(raw: unknown, callbackId: unknown): FormMetadata | null {
  if (callbackId !== FORM_CALLBACK_ID || typeof raw !== 'string' || raw.length > MODAL.privateMetadata) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<FormMetadata>;
    const data = parsed.data;
    if (typeof parsed.verb !== 'string' || typeof parsed.channel !== 'string' || !parsed.channel) return null;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
    if (!Object.values(data).every((v) => ['string', 'number', 'boolean'].includes(typeof v))) return null;
    return {
      verb: parsed.verb,
      data,
      channel: parsed.channel,
      ...(typeof parsed.threadTs === 'string' ? { threadTs: parsed.threadTs } : {}),
    };
  } catch {
    return null;
  }
}

/**
 * `view.state.values` (block_id → action_id → element state) → input id → value, as the form renderers
 * send them back: text as typed ('' when empty), whole numbers as numbers (anything else as typed, so the
 * core's validation can say what is wrong), a checkbox as true/false.
 */
export function formValues(stateValues: unknown): ActionData {
  const values: ActionData = {};
  if (typeof stateValues !== 'object' || stateValues === null) return values;
  for (const [blockId, elements] of Object.entries(stateValues as Record<string, unknown>)) {
    const element = (elements as Record<string, unknown> | null)?.[blockId] as Record<string, unknown> | undefined;
    if (!element || typeof element !== 'object') continue;
    if (element.type === 'checkboxes')
      values[blockId] = Array.isArray(element.selected_options) && element.selected_options.length > 0;
    else if (element.type === 'number_input') {
      const raw = typeof element.value === 'string' ? element.value.trim().slice(0, MODAL.inputValue) : '';
      values[blockId] = /^-?\d{1,9}$/.test(raw) ? Number(raw) : raw;
    } else if (element.type === 'plain_text_input')
      values[blockId] = typeof element.value === 'string' ? element.value.slice(0, MODAL.inputValue) : '';
  }
  return values;
}

/** A form that came back with validation messages: Slack shows each under its input (block_id → text). */
export function formErrors(reply: NeutralReply): Record<string, string> | null {
  const errors = formInputs(reply).filter((input) => input.error);
  if (errors.length === 0) return null;
  return Object.fromEntries(errors.map((input) => [input.id, input.error!.slice(0, LIMITS.contextText)]));
}
