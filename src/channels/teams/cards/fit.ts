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
  // 0. An element whose uncuttable part (button data, URLs, ids) alone takes half the budget cannot be
  // sent at any text length: it goes first.
  for (const list of droppableLists(copy, 0)) {
    for (let i = list.length - 1; i >= 0; i--) if (uncuttableBytes(list[i]) > maxBytes / 2) list.splice(i, 1);
  }
  if (cardBytes(copy) <= maxBytes) return copy;
  // 1. Long texts: cap every text at a length that halves each pass, down to MIN_TEXT_LENGTH.
  const fields = textFields(copy);
  let cap = Math.max(0, ...fields.map((f) => (f.owner[f.key] as string).length));
  while (cap > MIN_TEXT_LENGTH) {
    cap = Math.max(MIN_TEXT_LENGTH, Math.floor(cap / 2));
    for (const { owner, key } of fields) owner[key] = truncate(owner[key] as string, cap);
    if (cardBytes(copy) <= maxBytes) return copy;
  }
  // 2. Too many elements (or button data too big to send): drop from the end of the longest list
  // (body, container items, facts, buttons), in proportion to the excess, and say so with a "…" line.
  copy.body.push({ type: 'TextBlock', text: '…', wrap: true });
  for (let bytes = cardBytes(copy); bytes > maxBytes; bytes = cardBytes(copy)) {
    const lists = droppableLists(copy);
    if (lists.length === 0) break;
    // One element that is the whole problem (a button whose data is huge) goes alone…
    const biggest = largestElement(lists, copy.body);
    if (biggest.bytes >= bytes - maxBytes) {
      biggest.list.splice(biggest.index, 1);
      continue;
    }
    // …else the longest list loses elements from its end, in proportion to the excess.
    const list = lists.reduce((a, b) => (b.length > a.length ? b : a));
    const droppable = list.length - (list === copy.body ? 2 : 0);
    const drop = Math.min(droppable, Math.max(1, Math.ceil((list.length * (bytes - maxBytes)) / bytes)));
    list.splice(list === copy.body ? list.length - 1 - drop : list.length - drop, drop);
  }
  return copy;
}

function largestElement(lists: unknown[][], body: unknown[]): { list: unknown[]; index: number; bytes: number } {
  let best = { list: lists[0], index: 0, bytes: -1 };
  for (const list of lists) {
    const last = list === body ? list.length - 1 : list.length; // the body's "…" stays
    for (let i = 0; i < last; i++) {
      const bytes = cardBytes(list[i]);
      if (bytes > best.bytes) best = { list, index: i, bytes };
    }
  }
  return best;
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${Array.from(text)
    .slice(0, max - 1)
    .join('')}…`;
}

/** JSON bytes of what fitCard never cuts inside `node` (button data, URLs, verbs, ids). */
function uncuttableBytes(node: unknown): number {
  if (Array.isArray(node)) return node.reduce<number>((sum, item) => sum + uncuttableBytes(item), 0);
  if (!node || typeof node !== 'object') return 0;
  let sum = 0;
  for (const [key, value] of Object.entries(node as Json))
    sum += UNTOUCHED_KEYS.has(key) ? cardBytes(value) : uncuttableBytes(value);
  return sum;
}

const LIST_KEYS = new Set(['body', 'items', 'facts', 'actions', 'columns']);

/**
 * Element lists with something left to drop, the card's body first. The body keeps one element and
 * the "…"; other lists may empty (a card without buttons is still a card).
 */
function droppableLists(card: { body: unknown[] }, bodyKeeps = 2): unknown[][] {
  const found: unknown[][] = card.body.length > bodyKeeps ? [card.body] : [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node as Json)) {
        if (UNTOUCHED_KEYS.has(key)) continue;
        if (Array.isArray(value) && LIST_KEYS.has(key) && value !== card.body && value.length > 0) found.push(value);
        if (typeof value === 'object') walk(value);
      }
    }
  };
  walk(card);
  return found;
}
