/**
 * `WWW-Authenticate` parsing (RFC 7235): one header may hold several challenges, e.g.
 * `Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a:pull,push"`.
 * Commas inside quoted values (the scope above) belong to the value.
 */

import { readQuotedString } from './header-syntax.js';

export interface AuthChallenge {
  /** Lower-cased scheme: 'bearer', 'basic', … */
  scheme: string;
  params: Record<string, string>;
}

export function parseWwwAuthenticate(header: string | null | undefined): AuthChallenge[] {
  if (!header) return [];
  const challenges: AuthChallenge[] = [];
  const n = header.length;
  let i = 0;
  let current: AuthChallenge | undefined;
  const skipSpaces = () => {
    while (i < n && (header[i] === ' ' || header[i] === '\t')) i++;
  };
  while (i < n) {
    skipSpaces();
    if (header[i] === ',') {
      i++;
      continue;
    }
    let token = '';
    while (i < n && !' \t=,'.includes(header[i])) token += header[i++];
    if (!token) {
      i++;
      continue;
    }
    skipSpaces();
    if (header[i] === '=' && current) {
      // auth-param: token=value, unless this is token68 padding (`abc==`), which we do not need.
      i++;
      skipSpaces();
      let value = '';
      if (header[i] === '"') {
        ({ value, end: i } = readQuotedString(header, i));
      } else {
        while (i < n && !' \t,'.includes(header[i])) value += header[i++];
      }
      current.params[token.toLowerCase()] = value;
    } else {
      current = { scheme: token.toLowerCase(), params: {} };
      challenges.push(current);
    }
  }
  return challenges;
}

/** Builds `repository:<name>:<actions>` scopes the way the Distribution token spec expects. */
export function repositoryScope(repository: string, actions: string[]): string {
  return `repository:${repository}:${actions.join(',')}`;
}
