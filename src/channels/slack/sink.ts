/**
 * The reply sink of one Slack turn (src/core/turn.ts): a new message is chat.postMessage (in the thread
 * the request came from), "replace the clicked card" is chat.update of that message (its response_url
 * when it was ephemeral), "only the clicker" is chat.postEphemeral. A form reply becomes a modal when the
 * turn still has a fresh trigger_id, else a message with a button that opens it. In a modal's submission
 * the first reply answers the modal itself: validation messages under the inputs, or the modal closes and
 * the reply goes to the conversation.
 */
import type { WebClient } from '@slack/web-api';
import type { NeutralReply, ReplyAction } from '../../core/model.js';
import type { Logger } from '../../core/ports.js';
import type { ReplySink } from '../../core/turn.js';
import { renderMessage, type SlackMessage } from './blocks/render.js';
import type { SlackMessenger } from './messenger.js';
import { formErrors, formInputs, renderModal, submitAction } from './modal.js';
import type { SlackAck } from './receiver.js';
import type { SlackTurnContext } from './request.js';
import { errorCode } from './users.js';

export interface SlackSinkDependencies {
  messenger: SlackMessenger;
  client: Pick<WebClient, 'chat' | 'views'>;
  logger: Logger;
  /** A trigger_id is good for 3 s; past this age the modal is offered as a button instead. */
  triggerLifetimeInMs?: number;
  fetch?: typeof fetch;
}

/** Conversations the bot may not post in: a slash command there is answered through its response_url. */
const NOT_POSTABLE = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);

export class SlackTurnSink implements ReplySink {
  /** Something reached the person (a turn that fails afterwards must not add "unavailable" to it). */
  answered = false;

  constructor(
    private readonly context: SlackTurnContext,
    private readonly deps: SlackSinkDependencies,
    /** Set in a modal's submission: answers the modal (errors, or close) before anything else is shown. */
    private readonly modalAck?: SlackAck,
  ) {}

  async post(reply: NeutralReply): Promise<string | undefined> {
    if (this.modalAck) {
      const errors = formErrors(reply);
      if (errors) {
        const shown = await this.modalAck({ response_action: 'errors', errors });
        // Too late for the modal (it closed empty): the form with its messages comes as a message instead.
        const id = shown ? undefined : await this.postMessage(renderMessage(formAsButton(reply)));
        this.answered = true;
        return id;
      }
      await this.modalAck();
    }
    const id = formInputs(reply).length > 0 ? await this.form(reply) : await this.postMessage(renderMessage(reply));
    this.answered = true;
    return id;
  }

  async replaceCard(reply: NeutralReply): Promise<void> {
    const { sourceTs, sourceEphemeral, responseUrl, channel } = this.context;
    if (!sourceTs || formInputs(reply).length > 0) {
      await this.post(reply);
      return;
    }
    const message = renderMessage(reply);
    if (sourceEphemeral && responseUrl) await this.respond({ replace_original: true, ...message });
    else await this.deps.messenger.edit(channel, sourceTs, message);
    this.answered = true;
  }

  async toClicker(reply: NeutralReply): Promise<void> {
    await this.modalAck?.();
    const { text, blocks } = renderMessage(reply);
    await this.deps.client.chat.postEphemeral({
      channel: this.context.channel,
      user: this.context.userId,
      text,
      blocks,
      ...(this.context.threadTs ? { thread_ts: this.context.threadTs } : {}),
    });
    this.answered = true;
  }

  private async postMessage(message: SlackMessage): Promise<string | undefined> {
    try {
      return await this.deps.messenger.post(this.context.channel, message, { threadTs: this.context.threadTs });
    } catch (err) {
      if (!this.context.responseUrl || !NOT_POSTABLE.has(errorCode(err))) throw err;
      // A slash command where the bot is not a member: only the person who typed it sees the answer.
      await this.respond({ response_type: 'ephemeral', ...message });
      return undefined;
    }
  }

  /** The form as a modal (fresh trigger), else as a message whose button opens it. */
  private async form(reply: NeutralReply): Promise<string | undefined> {
    const { triggerId, receivedAtInMs, channel, threadTs } = this.context;
    const fresh = Date.now() - receivedAtInMs < (this.deps.triggerLifetimeInMs ?? 2500);
    const view = triggerId && fresh ? renderModal(reply, { channel, ...(threadTs ? { threadTs } : {}) }) : null;
    if (view && triggerId) {
      try {
        await this.deps.client.views.open({ trigger_id: triggerId, view });
        return undefined;
      } catch (err) {
        this.deps.logger.warn({ err: errorCode(err), channel }, 'slack: could not open the form; offering a button');
      }
    }
    return this.postMessage(renderMessage(formAsButton(reply)));
  }

  private async respond(body: Record<string, unknown>): Promise<void> {
    const response = await (this.deps.fetch ?? fetch)(this.context.responseUrl!, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`slack response_url answered ${response.status}`);
  }
}

/**
 * The form without its inputs, with one button that opens it (the click brings a trigger_id): the
 * submit verb with the values given so far, labelled with the form's title.
 */
export function formAsButton(reply: NeutralReply): NeutralReply {
  const submit = submitAction(reply);
  const sections = reply.sections.map(({ inputs: _inputs, ...rest }) => rest).filter((s) => Object.keys(s).length > 0);
  if (!submit) return { ...reply, sections };
  const prefilled = Object.fromEntries(
    formInputs(reply)
      .filter((input) => input.value !== undefined && input.value !== '')
      .map((input) => [input.id, input.value!]),
  );
  const open: ReplyAction = {
    verb: submit.verb,
    label: reply.title || submit.label,
    data: fitsInButton({ ...submit.data, ...prefilled }) ? { ...submit.data, ...prefilled } : submit.data,
    style: 'primary',
  };
  return { ...reply, sections, actions: [open] };
}

function fitsInButton(data: Record<string, unknown>): boolean {
  return JSON.stringify(data).length < 1800;
}
