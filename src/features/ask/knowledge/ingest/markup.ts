/**
 * Cleaning of Microsoft Learn artifacts and of anything that could render as HTML in a card.
 * Code (fenced blocks and inline `code`) is kept verbatim: cards render it as text.
 */

/** Localization placeholders (`<ph id="ph1">x</ph>`), DocFX anchors and converter debris (`<<c0>`). */
export function stripArtifacts(text: string): string {
  return text
    .replace(/<ph\b[^>]*>([\s\S]*?)<\/ph>/g, '$1')
    .replace(/<\/?ph\b[^>]*>/g, '')
    .replace(/<a\s+name="[^"]*"\s*>\s*<\/a>/g, '')
    .replace(/<+c\d+>\s*/g, '')
    .replace(/<a\s+[^>]*>([\s\S]*?)<\/a>/g, '$1');
}

/** `[text](url)` → `text`, `<https://…>` → `https://…` (link markup is stripped; bare URLs stay). */
export function stripLinks(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[\s*([^\]]+?)\s*\]\((?:[^()\s]|\([^()]*\))+(?:\s+"[^"]*")?\)/g, '$1')
    .replace(/<(https?:\/\/[^>\s]+)>/g, '$1');
}

// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/** Removes control and bidi-override characters (keeps tab and newline). */
export function stripControlChars(text: string): string {
  return text.replace(CONTROL_CHARS, '');
}

/** Outside code: drop HTML tags and neutralize `<` that could start one, so no raw HTML reaches a card. */
function neutralizeHtml(prose: string): string {
  return prose
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g, '')
    .replace(/<(?=[A-Za-z/!?])/g, '‹')
    .replace(/&(?=[A-Za-z#][A-Za-z0-9]*;)/g, '&amp;');
}

/** Applies `fn` to the prose parts of markdown, leaving fenced code blocks and inline code spans as they are. */
export function mapProse(markdown: string, fn: (prose: string) => string): string {
  const parts = markdown.split(/(```[\s\S]*?(?:```|$)|`[^`\n]+`)/g);
  return parts.map((part, i) => (i % 2 === 1 ? part : fn(part))).join('');
}

/** Final pass on answer markdown: no raw HTML outside code, no control characters, tidy blank lines. */
export function toSafeMarkdown(markdown: string): string {
  const cleaned = mapProse(stripControlChars(markdown), (prose) => stripLinks(neutralizeHtml(prose)));
  return cleaned
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Plain-text form of a heading/question (no markup at all). */
export function toPlainText(text: string): string {
  return stripLinks(stripArtifacts(stripControlChars(text)))
    .replace(/<[^>]*>/g, '')
    .replace(/\*\*|^#+|^>+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
