/**
 * Block Kit limits (Slack's Block Kit reference: blocks, block elements, composition objects) and the
 * helpers that keep rendered text within them. Lengths are measured on the text as sent (after escaping),
 * in UTF-16 code units, which is never less than the characters Slack counts.
 */
export const LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  actionsElements: 25,
  contextElements: 10,
  contextText: 2000,
  inputLabel: 2000,
  placeholder: 150,
  /** Top-level `text` of a message with blocks (notifications): Slack advises staying under 4,000. */
  fallbackText: 3000,
} as const;

const ELLIPSIS = '…';

/** Code-point-safe prefix of `text` (never half a surrogate pair). */
function prefix(text: string, length: number): string {
  const cut = text.slice(0, length);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** Length of the longest code-point-safe prefix `p` of `text` with `fits(p)` (binary search). */
function longestPrefix(text: string, fits: (prefix: string) => boolean): number {
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(prefix(text, mid))) low = mid;
    else high = mid - 1;
  }
  return prefix(text, low).length;
}

/**
 * `render(text)` when it fits in `max`, else `render` of the longest prefix (cut at a space when one is
 * near) plus an ellipsis that fits. `render` escapes or converts, so the limit applies to what is sent.
 */
export function fitText(text: string, max: number, render: (text: string) => string = (t) => t): string {
  const whole = render(text);
  if (whole.length <= max) return whole;
  let cut = text.slice(
    0,
    longestPrefix(text, (p) => render(p.trimEnd() + ELLIPSIS).length <= max),
  );
  const space = cut.lastIndexOf(' ');
  if (space > cut.length * 0.8) cut = cut.slice(0, space);
  return render(cut.trimEnd() + ELLIPSIS);
}

/**
 * Splits `text` into pieces whose rendering fits in `max`, cutting between paragraphs, else between lines,
 * else between words, else anywhere; nothing is lost. `render` is applied to each piece separately.
 */
export function splitText(text: string, max: number, render: (text: string) => string): string[] {
  if (render(text).length <= max) return [text];
  for (const separator of ['\n\n', '\n', ' ']) {
    const units = text.split(separator);
    if (units.length < 2) continue;
    const pieces: string[] = [];
    let current: string | undefined;
    for (const unit of units) {
      const joined = current === undefined ? unit : current + separator + unit;
      if (render(joined).length <= max) current = joined;
      else {
        if (current !== undefined) pieces.push(current);
        current = unit;
      }
    }
    if (current !== undefined) pieces.push(current);
    return pieces.flatMap((piece) => splitText(piece, max, render));
  }
  // One unbreakable word: cut it where its rendering still fits (at least one character per piece).
  const taken = Math.max(
    1,
    longestPrefix(text, (p) => render(p).length <= max),
  );
  return [text.slice(0, taken), ...splitText(text.slice(taken), max, render)];
}
