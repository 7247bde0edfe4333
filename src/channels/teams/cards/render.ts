/**
 * Neutral reply → Adaptive Card 1.5 (pure functions; pinned by test/golden/*.json).
 * Only schema-1.5 elements are used so the card renders the same in Teams, Outlook and the Playground.
 * Markdown safety: fields the neutral model defines as plain text (titles, badges, facts, code, choice
 * labels, messages under inputs) are escaped whole; section text is our markdown whose user-provided
 * parts are escaped (markdown.ts). Button titles, input labels and fallback text are not markdown.
 */
import { withoutLiteralMarkers } from '../../../core/literal-text.js';
import { fitCard } from './fit.js';
import { escapeTeamsMarkdown as plain, renderTeamsMarkdown } from '../markdown.js';
import type {
  ActionStyle,
  Badge,
  BadgeTone,
  NeutralReply,
  ReplyAction,
  ReplyInput,
  ReplySection,
} from '../../../core/model.js';

export type CardElement = Record<string, unknown>;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  lang: string;
  fallbackText: string;
  body: CardElement[];
  actions?: CardElement[];
  /** Universal Actions: the listed users' clients fetch their own view of the card. */
  refresh?: { action: CardElement; userIds?: string[] };
  msteams: { width: 'Full' };
}

const SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
const BADGE_STYLE: Record<BadgeTone, string> = { neutral: 'emphasis', accent: 'accent', attention: 'warning' };
const ACTION_STYLE: Record<ActionStyle, string> = { default: 'default', primary: 'positive', danger: 'destructive' };

export function renderCard(reply: NeutralReply): AdaptiveCard {
  const body: CardElement[] = [];
  if (reply.title)
    body.push({
      type: 'TextBlock',
      text: plain(reply.title),
      size: 'Medium',
      weight: 'Bolder',
      wrap: true,
      style: 'heading',
    });
  if (reply.badges.length > 0) body.push(renderBadges(reply.badges));
  for (const section of reply.sections) body.push(renderSection(section));
  const actions = [
    ...reply.links.map((l) => ({ type: 'Action.OpenUrl', title: withoutLiteralMarkers(l.label), url: l.url })),
    ...reply.actions.map(renderAction),
  ];
  return fitCard({
    type: 'AdaptiveCard',
    $schema: SCHEMA,
    version: '1.5',
    lang: reply.lang,
    fallbackText: withoutLiteralMarkers(reply.summary),
    body,
    ...(actions.length > 0 ? { actions } : {}),
    ...(reply.perViewer
      ? {
          refresh: {
            action: { type: 'Action.Execute', verb: reply.perViewer.verb, data: reply.perViewer.data },
            ...(reply.perViewer.viewers ? { userIds: reply.perViewer.viewers } : {}),
          },
        }
      : {}),
    msteams: { width: 'Full' },
  });
}

/** A click comes back as activity.value = { verb, ...data } (teams-ai routes on `verb`). */
export function renderAction(action: ReplyAction): CardElement {
  // Action.Execute: an invoke (`adaptiveCard/action`) whose answer replaces the card; data comes back as is.
  if (action.updatesCard)
    return {
      type: 'Action.Execute',
      title: withoutLiteralMarkers(action.label),
      style: ACTION_STYLE[action.style],
      verb: action.verb,
      data: action.data,
    };
  return {
    type: 'Action.Submit',
    title: withoutLiteralMarkers(action.label),
    style: ACTION_STYLE[action.style],
    data: { verb: action.verb, ...action.data },
  };
}

/**
 * Section buttons ("Did you mean", closest topics, examples) carry whole FAQ questions, which buttons
 * would cut off: render them as clickable rows whose text wraps.
 */
function renderChoice(action: ReplyAction): CardElement {
  return {
    type: 'Container',
    style: 'emphasis',
    spacing: 'Small',
    selectAction: renderAction(action),
    items: [{ type: 'TextBlock', text: `➜ ${plain(action.label)}`, wrap: true, color: 'Accent' }],
  };
}

function renderBadges(badges: Badge[]): CardElement {
  return {
    type: 'ColumnSet',
    spacing: 'Small',
    columns: badges.map((b) => ({
      type: 'Column',
      width: 'auto',
      style: BADGE_STYLE[b.tone],
      items: [{ type: 'TextBlock', text: plain(b.text), size: 'Small', weight: 'Bolder', wrap: true }],
    })),
  };
}

function renderSection(section: ReplySection): CardElement {
  const items: CardElement[] = [];
  if (section.title) items.push({ type: 'TextBlock', text: plain(section.title), weight: 'Bolder', wrap: true });
  // One TextBlock per paragraph: card markdown renderers drop the blank line between paragraphs.
  if (section.text)
    for (const paragraph of section.text.split(/\n{2,}/))
      items.push({ type: 'TextBlock', text: renderTeamsMarkdown(paragraph), wrap: true });
  if (section.facts?.length)
    items.push({
      type: 'FactSet',
      facts: section.facts.map((f) => ({ title: plain(f.label), value: plain(f.value) })),
    });
  if (section.code) items.push(renderCode(section.code.text));
  if (section.inputs?.length) items.push(...section.inputs.map(renderInput));
  if (section.actions?.length)
    items.push(
      ...section.actions.map((a) =>
        a.updatesCard ? { type: 'ActionSet', actions: [renderAction(a)] } : renderChoice(a),
      ),
    );
  return { type: 'Container', spacing: 'Medium', items };
}

/**
 * Adaptive Cards 1.5 has no code element: one monospace TextBlock per line (markdown would merge lines
 * and eat indentation), leading spaces kept as no-break spaces, on an emphasis background.
 */
function renderCode(text: string): CardElement {
  const lines = text.split('\n');
  return {
    type: 'Container',
    style: 'emphasis',
    items: lines.map((line) => ({
      type: 'TextBlock',
      text: plain(line).replace(/^ +/, (spaces) => '\u00a0'.repeat(spaces.length)) || '\u00a0',
      fontType: 'Monospace',
      wrap: true,
      spacing: 'None',
    })),
  };
}

/** Form fields with their label and, after a failed validation, the localized message under the field. */
function renderInput(input: ReplyInput): CardElement {
  const common = {
    id: input.id,
    label: withoutLiteralMarkers(input.label),
    ...(input.required ? { isRequired: true } : {}),
    ...(input.error ? { errorMessage: input.error } : {}),
  };
  const field: CardElement =
    input.type === 'toggle'
      ? {
          type: 'Input.Toggle',
          ...common,
          title: input.label,
          value: input.value === true ? 'true' : 'false',
          valueOn: 'true',
          valueOff: 'false',
        }
      : {
          type: input.type === 'number' ? 'Input.Number' : 'Input.Text',
          ...common,
          ...(input.placeholder ? { placeholder: input.placeholder } : {}),
          ...(input.value !== undefined && input.value !== ''
            ? { value: input.type === 'number' ? Number(input.value) : String(input.value) }
            : {}),
        };
  if (!input.error) return field;
  // Clients show errorMessage only after their own validation: repeat the server's message visibly.
  return {
    type: 'Container',
    spacing: 'Small',
    items: [
      field,
      { type: 'TextBlock', text: plain(input.error), color: 'Attention', wrap: true, size: 'Small', spacing: 'None' },
    ],
  };
}
