/**
 * RFC 8288 (formerly RFC 5988) `Link` header parsing, as used by the Distribution API for
 * `/v2/_catalog` and `/v2/<name>/tags/list` pagination: `Link: </v2/_catalog?last=b&n=2>; rel="next"`.
 */

import { readQuotedString } from './header-syntax.js';

export interface LinkValue {
  uri: string;
  params: Record<string, string>;
}

/** Parses every link-value of a Link header. Commas inside `<…>` or quoted strings do not split. */
export function parseLinkHeader(header: string | null | undefined): LinkValue[] {
  if (!header) return [];
  const links: LinkValue[] = [];
  let i = 0;
  const n = header.length;
  while (i < n) {
    const open = header.indexOf('<', i);
    if (open < 0) break;
    const close = header.indexOf('>', open + 1);
    if (close < 0) break;
    const uri = header.slice(open + 1, close).trim();
    const params: Record<string, string> = {};
    i = close + 1;
    // Parameters: ; name=value | ; name="quoted, value" | ; name — until the next top-level comma.
    while (i < n) {
      while (i < n && (header[i] === ' ' || header[i] === '\t')) i++;
      if (header[i] === ',') {
        i++;
        break;
      }
      if (header[i] !== ';') {
        i++;
        continue;
      }
      i++;
      while (i < n && (header[i] === ' ' || header[i] === '\t')) i++;
      let name = '';
      while (i < n && !'=;,'.includes(header[i])) name += header[i++];
      name = name.trim().toLowerCase();
      let value = '';
      if (header[i] === '=') {
        i++;
        while (i < n && header[i] === ' ') i++;
        if (header[i] === '"') {
          ({ value, end: i } = readQuotedString(header, i));
        } else {
          while (i < n && !';,'.includes(header[i])) value += header[i++];
          value = value.trim();
        }
      }
      // RFC 8288 §3: occurrences after the first are ignored.
      if (name && !(name in params)) params[name] = value;
    }
    links.push({ uri, params });
  }
  return links;
}

/** The absolute URL of the `rel="next"` link, resolved against the request URL; undefined at the end. */
export function nextPageUrl(header: string | null | undefined, requestUrl: string): string | undefined {
  const next = parseLinkHeader(header).find((l) => l.params.rel?.toLowerCase().split(/\s+/).includes('next'));
  return next ? new URL(next.uri, requestUrl).toString() : undefined;
}
