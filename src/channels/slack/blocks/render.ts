/**
 * Neutral reply → Block Kit message (pure functions; pinned by test/golden/slack/*.json), from the same
 * NeutralReply the Teams Adaptive Card renderer takes. Every mrkdwn text object is `verbatim`, so Slack
 * does not turn bare URLs, channel names or @-words into links or mentions; text we did not write goes
 * through the one escaper in ../mrkdwn.ts. Long content is split into several blocks at paragraph or line
 * boundaries; past Block Kit's 50 blocks it is cut at a block boundary with a "read more" link.
 *
 * What is markup and what is text: a section's `text` is the core's markdown, so its **bold** and
 * [links](url) are rendered (as on Teams); titles, facts, badges, input messages, code and the notification
 * text are text, escaped. Headers, buttons and labels are plain_text objects, which Slack never parses.
 *
 * Teams-only ideas in the reply (`execute`, `refresh`) are not rendered: how Slack replaces a clicked
 * message or shows a per-user view is the adapter's job (chat.update, ephemeral messages).
 */
import type {
  ActionsBlock,
  Button,
  ContextBlock,
  InputBlock,
  KnownBlock,
  MrkdwnElement,
  SectionBlock,
} from '@slack/types';
import type { Badge, BadgeTone, NeutralReply, ReplyAction, ReplyInput, ReplySection } from '../../../core/model.js';
import { withoutLiteralMarkers } from '../../../core/literal-text.js';
import { escapeMrkdwn, markdownToMrkdwn, mrkdwnCodeBlock, mrkdwnLink } from '../mrkdwn.js';
import { plainText, renderButton, renderLinkButton } from './buttons.js';
import { fitText, LIMITS, splitText } from './limits.js';

export interface SlackMessage {
  /** Notification and screen-reader text (Slack shows it where blocks cannot be shown). */
  text: string;
  blocks: KnownBlock[];
}

const BADGE_PREFIX: Record<BadgeTone, string> = { neutral: '', accent: '🔹 ', attention: '⚠️ ' };

function mrkdwn(text: string): MrkdwnElement {
  return { type: 'mrkdwn', text, verbatim: true };
}

function section(text: string): SectionBlock {
  return { type: 'section', text: mrkdwn(text) };
}

function context(texts: string[]): ContextBlock {
  return { type: 'context', elements: texts.map(mrkdwn) };
}

const bold = (text: string) => `*${escapeMrkdwn(text)}*`;

export function renderMessage(reply: NeutralReply): SlackMessage {
  const head = renderHead(reply);
  const body = reply.sections.flatMap(renderSection);
  const tail = actionBlocks([
    ...reply.links.map((l) => (p: number) => renderLinkButton(l, p)),
    ...reply.actions.map(buttonAt),
  ]);
  return {
    text: fitText(withoutLiteralMarkers(reply.summary), LIMITS.fallbackText, escapeMrkdwn),
    blocks: [...head, ...cutBody(body, LIMITS.blocksPerMessage - head.length - tail.length, reply), ...tail],
  };
}

/**
 * Keeps the first blocks that fit, then one context block that says the rest was left out, linking the
 * reply's first link (for answers: the documentation page the answer comes from).
 */
function cutBody(body: KnownBlock[], room: number, reply: NeutralReply): KnownBlock[] {
  if (body.length <= room) return body;
  const link = reply.links[0];
  return [...body.slice(0, Math.max(0, room - 1)), context([link ? `… ${mrkdwnLink(link.url, link.label)}` : '…'])];
}

function renderHead(reply: NeutralReply): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  // A header holds 150 characters of plain text; a longer title (a long FAQ question) stays whole in bold.
  if (reply.title && reply.title.length <= LIMITS.headerText)
    blocks.push({ type: 'header', text: plainText(reply.title, LIMITS.headerText) });
  else if (reply.title) blocks.push(section(fitText(reply.title, LIMITS.sectionText, bold)));
  if (reply.badges.length > 0) blocks.push(context(reply.badges.slice(0, LIMITS.contextElements).map(renderBadge)));
  return blocks;
}

function renderBadge(badge: Badge): string {
  return fitText(badge.text, LIMITS.contextText, (t) => `${BADGE_PREFIX[badge.tone]}*${escapeMrkdwn(t)}*`);
}

function renderSection(s: ReplySection): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  if (s.title) blocks.push(section(fitText(s.title, LIMITS.sectionText, bold)));
  if (s.text)
    blocks.push(
      ...splitText(s.text.trim(), LIMITS.sectionText, markdownToMrkdwn)
        .filter((p) => p.trim())
        .map((p) => section(markdownToMrkdwn(p))),
    );
  if (s.facts?.length) blocks.push(...renderFacts(s.facts));
  if (s.code)
    blocks.push(...splitText(s.code.text, LIMITS.sectionText, mrkdwnCodeBlock).map((p) => section(mrkdwnCodeBlock(p))));
  if (s.inputs?.length) blocks.push(...s.inputs.flatMap(renderInput));
  if (s.actions?.length) blocks.push(...actionBlocks(s.actions.map(buttonAt)));
  return blocks;
}

/** Facts as two-column section fields, ten per section (Block Kit's maximum). */
function renderFacts(facts: NonNullable<ReplySection['facts']>): SectionBlock[] {
  const fields = facts.map((f) =>
    mrkdwn(
      `${fitText(f.label, LIMITS.fieldText / 4, bold)}\n${fitText(f.value, (LIMITS.fieldText * 3) / 4 - 1, escapeMrkdwn)}`,
    ),
  );
  const blocks: SectionBlock[] = [];
  for (let i = 0; i < fields.length; i += LIMITS.sectionFields)
    blocks.push({ type: 'section', fields: fields.slice(i, i + LIMITS.sectionFields) });
  return blocks;
}

type ButtonAt = (position: number) => Button;
const buttonAt =
  (action: ReplyAction): ButtonAt =>
  (position) =>
    renderButton(action, position);

/** Buttons in actions blocks of at most 25; `action_id`s are numbered within their block. */
function actionBlocks(buttons: ButtonAt[]): ActionsBlock[] {
  const blocks: ActionsBlock[] = [];
  for (let i = 0; i < buttons.length; i += LIMITS.actionsElements) {
    blocks.push({
      type: 'actions',
      elements: buttons.slice(i, i + LIMITS.actionsElements).map((button, position) => button(position)),
    });
  }
  return blocks;
}

/**
 * Form fields as input blocks (their values come back in the block_actions payload's `state.values`,
 * keyed by block_id = action_id = the input id); the localized validation message goes right below.
 */
function renderInput(input: ReplyInput): KnownBlock[] {
  const common = { block_id: input.id, label: plainText(input.label, LIMITS.inputLabel), optional: !input.required };
  const hasValue = input.value !== undefined && input.value !== '';
  // Slack refuses a message whose number input starts with a non-number (a rejected entry is shown in the error).
  const numberValue = hasValue && /^-?\d+$/.test(String(input.value)) ? { initial_value: String(input.value) } : {};
  let block: InputBlock;
  if (input.type === 'toggle') {
    const option = { text: plainText(input.label, LIMITS.inputLabel), value: 'true' };
    block = {
      type: 'input',
      ...common,
      element: {
        type: 'checkboxes',
        action_id: input.id,
        options: [option],
        ...(input.value === true ? { initial_options: [option] } : {}),
      },
    };
  } else if (input.type === 'number') {
    const placeholder = input.placeholder ? { placeholder: plainText(input.placeholder, LIMITS.placeholder) } : {};
    block = {
      type: 'input',
      ...common,
      element: { type: 'number_input', action_id: input.id, is_decimal_allowed: false, ...placeholder, ...numberValue },
    };
  } else {
    const placeholder = input.placeholder ? { placeholder: plainText(input.placeholder, LIMITS.placeholder) } : {};
    block = {
      type: 'input',
      ...common,
      element: {
        type: 'plain_text_input',
        action_id: input.id,
        ...placeholder,
        ...(hasValue ? { initial_value: String(input.value) } : {}),
      },
    };
  }
  if (!input.error) return [block];
  return [block, context([fitText(input.error, LIMITS.contextText, (t) => `⚠️ ${escapeMrkdwn(t)}`)])];
}
