/**
 * Slack mrkdwn: the one escaper for text we did not write, and the converter from the neutral reply's
 * markdown subset (paragraphs, **bold**, _italic_, lists, [links](url), `inline code`) to mrkdwn.
 *
 * Slack's formatting reference: `&`, `<` and `>` must be sent as `&amp;`, `&lt;`, `&gt;`; control
 * sequences (`<!channel>`, `<@U123>`, `<#C123>`, `<url|label>`) only start at a literal `<`. Slack has no
 * escape for `*`, `_`, `~` and `` ` ``: they only open or close formatting at a word edge, so a zero-width
 * space beside such a marker keeps it literal while the text still reads the same.
 */

import { splitLiterals } from '../../core/literal-text.js';

/** U+200B: not whitespace, so a marker next to it is no longer at a word edge. */
const ZWSP = '\u200b';
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Escapes text for a mrkdwn text object. `code` is for text inside a code span or fence, where Slack
 * does not format: only the entities are needed there (extra characters would spoil copy and paste).
 */
export function escapeMrkdwn(text: string, context: 'text' | 'code' = 'text'): string {
  const escaped = text.replace(/[&<>]/g, (c) => ENTITIES[c]);
  if (context === 'code') return escaped.replace(/`{3,}/g, (ticks) => ticks.split('').join(ZWSP));
  return (
    escaped
      // A formatting marker not between two word characters could open or close bold/italic/strike/code.
      .replace(/(?<![\p{L}\p{N}])[*_~`]+|[*_~`]+(?![\p{L}\p{N}])/gu, (markers, offset: number, whole: string) => {
        const before = offset > 0 && /[\p{L}\p{N}]/u.test(whole[offset - 1]);
        return before ? `${markers}${ZWSP}` : `${ZWSP}${markers}`;
      })
      // Markdown link syntax stays visible text (Slack's markdown block and our own converter read it).
      .replace(/\]\(/g, `]${ZWSP}(`)
  );
}

/** A link Slack shows as `label`; only http(s) URLs, with the characters that would end `<…|…>` encoded. */
export function mrkdwnLink(url: string, label: string): string {
  if (!/^https?:\/\//i.test(url)) return escapeMrkdwn(label);
  const safeUrl = url.replace(/[&<>|]/g, (c) => (c === '|' ? '%7C' : ENTITIES[c]));
  return `<${safeUrl}|${escapeMrkdwn(label)}>`;
}

/** Markdown constructs of the neutral subset, in the order they are tried at each position. */
const INLINE =
  /\*\*(.+?)\*\*|`([^`\n]+)`|\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)|(?<![\p{L}\p{N}])_(.+?)_(?![\p{L}\p{N}])|(https?:\/\/[^\s<>)\]]*[^\s<>)\].,;:!?'"])/gu;

/** Inline markdown → mrkdwn; everything that is not one of our constructs goes through the escaper. */
function inlineToMrkdwn(line: string): string {
  let out = '';
  let last = 0;
  for (const m of line.matchAll(INLINE)) {
    out += escapeMrkdwn(line.slice(last, m.index));
    const [, bold, code, linkLabel, linkUrl, italic, bareUrl] = m;
    if (bold !== undefined) out += `*${escapeMrkdwn(bold)}*`;
    else if (code !== undefined) out += `\`${escapeMrkdwn(code, 'code')}\``;
    else if (linkLabel !== undefined) out += mrkdwnLink(linkUrl, linkLabel);
    else if (italic !== undefined) out += `_${escapeMrkdwn(italic)}_`;
    else out += mrkdwnLink(bareUrl, bareUrl);
    last = m.index + m[0].length;
  }
  return out + escapeMrkdwn(line.slice(last));
}

/**
 * The neutral markdown subset → mrkdwn, line by line (list markers become bullets). Parts the core
 * marked literal (user and payload text, core/literal-text.ts) are set aside first and come back
 * through the escaper, so nothing in them is read as markup.
 */
export function markdownToMrkdwn(markdown: string): string {
  const literals: string[] = [];
  const withPlaceholders = splitLiterals(markdown)
    .map((part, i) => (i % 2 === 1 ? `${PLACEHOLDER_START}${literals.push(part) - 1}${PLACEHOLDER_END}` : part))
    .join('');
  return convertMarkdown(withPlaceholders).replace(PLACEHOLDER, (_m, index: string) =>
    escapeMrkdwn(literals[Number(index)]),
  );
}

const PLACEHOLDER_START = '\uE002';
const PLACEHOLDER_END = '\uE003';
const PLACEHOLDER = /\uE002(\d+)\uE003/g;

function convertMarkdown(markdown: string): string {
  return markdown
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => {
      const item = /^(\s*)[-*+]\s+(.*)$/.exec(line);
      if (item) return `${item[1]}• ${inlineToMrkdwn(item[2])}`;
      const heading = /^#{1,6}\s+(.*)$/.exec(line);
      if (heading) return `*${escapeMrkdwn(heading[1])}*`;
      return inlineToMrkdwn(line);
    })
    .join('\n');
}

/** A code block; the fence cannot be closed early by the code itself. */
export function mrkdwnCodeBlock(code: string): string {
  return `\`\`\`\n${escapeMrkdwn(code, 'code')}\n\`\`\``;
}
