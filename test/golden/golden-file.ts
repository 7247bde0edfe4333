/** Shared by the golden tests: compare rendered JSON with a file; `UPDATE_GOLDEN=1` rewrites the file. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A compact line diff: the lines that differ, with line numbers, '-' golden / '+' rendered. */
export function lineDiff(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length) && out.length < 40; i++) {
    if (a[i] === b[i]) continue;
    if (a[i] !== undefined) out.push(`${String(i + 1).padStart(4)} - ${a[i]}`);
    if (b[i] !== undefined) out.push(`${String(i + 1).padStart(4)} + ${b[i]}`);
  }
  return out.join('\n');
}

/** Throws with a diff when `value` (as pretty JSON) differs from `<dir>/<name>.json`. */
export function expectGolden(dir: string, name: string, value: unknown): void {
  const rendered = JSON.stringify(value, null, 2) + '\n';
  const file = join(dir, `${name}.json`);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, rendered);
  }
  if (!existsSync(file))
    throw new Error(`missing golden file ${file}: run UPDATE_GOLDEN=1 npm run test:unit -- test/golden`);
  const golden = readFileSync(file, 'utf8');
  if (golden !== rendered) {
    throw new Error(
      `${name} differs from ${file} (- golden, + rendered):\n${lineDiff(golden, rendered)}\nIf the change is intended: UPDATE_GOLDEN=1 npm run test:unit -- test/golden`,
    );
  }
}
