/**
 * PostgreSQL text and jsonb cannot hold U+0000 (text: "invalid byte sequence", jsonb: "unsupported
 * Unicode escape sequence"), nor an unpaired UTF-16 surrogate (jsonb: "Unicode low surrogate must
 * follow a high surrogate"). A NUL from a chat payload, a webhook or a URL is attacker input or a
 * bug, never meaning, so every query parameter is cleaned here — the one boundary every endpoint
 * passes — instead of failing the write forever (a webhook retried with 503 for ever, a click that
 * cannot be audited). Both become U+FFFD, in raw strings and in JSON text alike; lookups by such a
 * value find nothing, as they should.
 */
const RAW_NUL = /\u0000/g; // eslint-disable-line no-control-regex -- the NUL is what this cleans
// `\u0000` as JSON writes it (JSON.stringify of a NUL): six characters, only meaningful inside jsonb.
const JSON_NUL_ESCAPE = /\\u0000/g;
// An unpaired UTF-16 surrogate: not UTF-8 at all, and jsonb refuses its JSON escape.
const RAW_LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const JSON_LONE_SURROGATE_ESCAPE =
  /\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f][0-9a-f]{2})|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}/gi;
// eslint-disable-next-line no-control-regex -- a quick test for the NUL and surrogates cleaned below
const SUSPECT = /\u0000|\\u0000|[\ud800-\udfff]|\\ud[89a-f]/i;

/** The string as PostgreSQL can store it. */
export function storableText(value: string): string {
  if (!SUSPECT.test(value)) return value;
  return value
    .replace(RAW_NUL, '\uFFFD')
    .replace(RAW_LONE_SURROGATE, '\uFFFD')
    .replace(JSON_NUL_ESCAPE, '\\ufffd')
    .replace(JSON_LONE_SURROGATE_ESCAPE, '\\ufffd');
}

/** Query parameters with every string cleaned (other values are passed as they are). */
export function storableParams(params: unknown[] | undefined): unknown[] | undefined {
  if (!params) return params;
  return params.map((p) => (typeof p === 'string' ? storableText(p) : p));
}
