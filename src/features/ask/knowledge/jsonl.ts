/** Reads a JSON Lines file (blank lines skipped). Unreadable files and invalid lines throw JsonLinesError. */
import { readFileSync } from 'node:fs';

export class JsonLinesError extends Error {
  override readonly name = 'JsonLinesError';
}

export function readJsonLines<T>(path: string, validate: (value: unknown) => T | undefined, expected: string): T[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new JsonLinesError(`cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return text
    .split(/\r?\n/)
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, n }) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new JsonLinesError(`${path}:${n}: not valid JSON`);
      }
      const valid = validate(value);
      if (valid === undefined) throw new JsonLinesError(`${path}:${n}: expected ${expected}`);
      return valid;
    });
}
