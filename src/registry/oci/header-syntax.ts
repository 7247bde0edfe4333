/** Shared tokenizing for HTTP header grammars (RFC 9110 quoted-string), used by Link and WWW-Authenticate. */

/** Reads a quoted-string starting at `start` (which must be `"`); returns its unescaped value and the index after it. */
export function readQuotedString(header: string, start: number): { value: string; end: number } {
  let i = start + 1;
  let value = '';
  while (i < header.length && header[i] !== '"') {
    if (header[i] === '\\' && i + 1 < header.length) i++;
    value += header[i++];
  }
  return { value, end: i + 1 };
}
