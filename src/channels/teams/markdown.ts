/**
 * Escaping for Teams' Adaptive Card markdown (TextBlock and FactSet text): the one function every
 * user- or payload-provided text passes through before it lands in a card. A Slack renderer gets its
 * own beside its blocks (mrkdwn escapes `&`, `<`, `>` and neutralises `*_~` differently).
 */
import { splitLiterals } from '../../core/literal-text.js';

// Inline syntax anywhere: emphasis, links/images, code, strikethrough, HTML/autolinks, the escape itself.
const INLINE = /[\\`*_[\]~<]/g;
// Block syntax at a line start: headings, quotes, list items ("- ", "+ ", "1. ", "1) ").
const LINE_START = /^(\s*)(#+(?=\s|$)|>|[+-](?=\s|$)|\d+(?=[.)](?:\s|$)))/gm;

/** `text` shown literally in Adaptive Card markdown (CommonMark backslash escapes). */
export function escapeTeamsMarkdown(text: string): string {
  return text
    .replace(INLINE, '\\$&')
    .replace(LINE_START, (_m, space: string, marker: string) =>
      /^\d/.test(marker) ? `${space}${marker}\\` : `${space}\\${marker}`,
    );
}

/** The bot's own markdown with the parts marked `literal()` escaped (core/literal-text.ts). */
export function renderTeamsMarkdown(text: string): string {
  return splitLiterals(text)
    .map((part, i) => (i % 2 === 1 ? escapeTeamsMarkdown(part) : part))
    .join('');
}
