/**
 * PostgreSQL text and jsonb cannot hold U+0000 (text: "invalid byte sequence", jsonb: "unsupported
 * Unicode escape sequence"). A NUL from a chat payload, a webhook or a URL is attacker input or a
 * bug, never meaning, so every query parameter is cleaned here — the one boundary every endpoint
 * passes — instead of failing the write forever (a webhook retried with 503 for ever, a click that
 * cannot be audited). NUL becomes U+FFFD, in raw strings and in JSON text alike; lookups by such a
 * value find nothing, as they should.
 */
const RAW_NUL = /\u0000/g; // eslint-disable-line no-control-regex -- the NUL is what this cleans
// `\u0000` as JSON writes it (JSON.stringify of a NUL): six characters, only meaningful inside jsonb.
const JSON_NUL_ESCAPE = /\\u0000/g;

/** The string as PostgreSQL can store it. */
export function storableText(value: string): string {
  if (!value.includes('\u0000') && !value.includes('\\u0000')) return value;
  return value.replace(RAW_NUL, '\uFFFD').replace(JSON_NUL_ESCAPE, '\\ufffd');
}

/** Query parameters with every string cleaned (other values are passed as they are). */
export function storableParams(params: unknown[] | undefined): unknown[] | undefined {
  if (!params) return params;
  return params.map((p) => (typeof p === 'string' ? storableText(p) : p));
}
