/**
 * Text from users and payloads (display names, webhook actors, repository names) inside the
 * bot's own markdown. The core does not know the card format, so it marks such a value as literal;
 * each channel's renderer escapes the marked part for its format (Teams: Adaptive Card markdown,
 * src/channels/teams/markdown.ts; Slack: mrkdwn) with its one escaping function. Fields the model
 * defines as plain text (titles, facts, badges, code) are escaped whole and need no marking.
 */
export const LITERAL_START = '\uE000';
export const LITERAL_END = '\uE001';
const MARKERS = /[\uE000\uE001]/g;

/** Marks `value` as literal text for the channel renderer (markers inside it are dropped). */
export function literal(value: string): string {
  return `${LITERAL_START}${value.replace(MARKERS, '')}${LITERAL_END}`;
}

/**
 * Splits markdown with literal parts into [markdown, literal, markdown, …] (even indexes are markdown,
 * odd ones literal) for a channel escaper. An unclosed marker makes the rest literal.
 */
export function splitLiterals(text: string): string[] {
  const parts: string[] = [];
  let rest = text;
  for (;;) {
    const start = rest.indexOf(LITERAL_START);
    if (start < 0) {
      parts.push(rest.replace(MARKERS, ''));
      return parts;
    }
    parts.push(rest.slice(0, start).replace(MARKERS, ''));
    const end = rest.indexOf(LITERAL_END, start + 1);
    parts.push(rest.slice(start + 1, end < 0 ? undefined : end).replace(MARKERS, ''));
    if (end < 0) return parts;
    rest = rest.slice(end + 1);
  }
}

/** The text without markers (plain-text outputs: notifications, summaries, logs). */
export function withoutLiteralMarkers(text: string): string {
  return text.replace(MARKERS, '');
}
