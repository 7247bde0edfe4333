/**
 * Teams refuses a message above about 28 KB, activity envelope included. Every card leaves the
 * renderer through fitCard, so no input — a huge FAQ answer, hundreds of digest lines, a payload field
 * at its intake limit — can produce a card Teams will not post: the longest texts are shortened first
 * (halved, ending in "…"), and if many elements are the problem, the last ones give way to a "…" line.
 */
export const MAX_CARD_BYTES = 26_000;
/** Texts are not cut below this; below it, elements are dropped instead. */
const MIN_TEXT_LENGTH = 80;
/** Fields people read; ids, URLs, verbs and button data are never touched. */
const TEXT_KEYS = new Set(['text', 'value', 'title', 'fallbackText', 'label', 'placeholder', 'errorMessage']);
const UNTOUCHED_KEYS = new Set(['data', 'url', 'verb', 'id', 'refresh', 'selectAction']);

type Json = Record<string, unknown>;

export function cardBytes(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

function textFields(node: unknown, out: { owner: Json; key: string }[] = []): { owner: Json; key: string }[] {
  if (Array.isArray(node)) for (const item of node) textFields(item, out);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node as Json)) {
      if (UNTOUCHED_KEYS.has(key)) continue;
      if (typeof value === 'string' && TEXT_KEYS.has(key)) out.push({ owner: node as Json, key });
      else if (typeof value === 'object') textFields(value, out);
    }
  }
  return out;
}

/** The card, or a shortened copy of it that is at most `maxBytes` of JSON (a few dozen passes at most). */
export function fitCard<T extends { body: unknown[] }>(card: T, maxBytes = MAX_CARD_BYTES): T {
  if (cardBytes(card) <= maxBytes) return card;
  const copy = structuredClone(card);
  // 1. Long texts: cap every text at a length that halves each pass, down to MIN_TEXT_LENGTH.
  const fields = textFields(copy);
  let cap = Math.max(0, ...fields.map((f) => (f.owner[f.key] as string).length));
  while (cap > MIN_TEXT_LENGTH) {
    cap = Math.max(MIN_TEXT_LENGTH, Math.floor(cap / 2));
    for (const { owner, key } of fields) owner[key] = truncate(owner[key] as string, cap);
    if (cardBytes(copy) <= maxBytes) return copy;
  }
  // 2. Too many elements: drop from the end of the longest list (body, container items, facts,
  // buttons), in proportion to the excess, and say so with a "…" line.
  copy.body.push({ type: 'TextBlock', text: '…', wrap: true });
  for (let bytes = cardBytes(copy); bytes > maxBytes; bytes = cardBytes(copy)) {
    const list = longestList(copy);
    if (!list) break;
    const droppable = list.length - (list === copy.body ? 2 : 1);
    const drop = Math.min(droppable, Math.max(1, Math.ceil((list.length * (bytes - maxBytes)) / bytes)));
    list.splice(list === copy.body ? list.length - 1 - drop : list.length - drop, drop);
  }
  return copy;
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${Array.from(text).slice(0, max - 1).join('')}…`;
}

const LIST_KEYS = new Set(['body', 'items', 'facts', 'actions', 'columns']);

/** The longest element list in the card with something left to drop. */
function longestList(node: unknown, best?: unknown[]): unknown[] | undefined {
  if (Array.isArray(node)) for (const item of node) best = longestList(item, best);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node as Json)) {
      if (UNTOUCHED_KEYS.has(key)) continue;
      const droppable = Array.isArray(value) && LIST_KEYS.has(key) ? value.length - (key === 'body' ? 2 : 1) : 0;
      if (droppable > 0 && (!best || droppable > best.length)) best = value as unknown[];
      if (typeof value === 'object') best = longestList(value, best);
    }
  }
  return best;
}
