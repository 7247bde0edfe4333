/**
 * `node scripts/stage-webapp.mjs DIR` (after `npm run build`): lays out what the Web App runs, in DIR:
 * dist/ (compiled bot with its SQL/YAML files), knowledge/ (FAQ data), package.json and
 * package-lock.json. Then `npm ci --omit=dev --omit=optional` in DIR adds production dependencies only, without the pinned Node binary (App Service brings its Node 24) (m365agents.yml).
 */
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const target = process.argv[2];
if (!target) {
  process.stderr.write('usage: node scripts/stage-webapp.mjs DIR\n');
  process.exit(2);
}
if (!existsSync('dist/src/main.js')) {
  process.stderr.write('dist/src/main.js is missing: run `npm run build` first\n');
  process.exit(1);
}
rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
for (const entry of ['dist', 'knowledge', 'package.json', 'package-lock.json']) {
  cpSync(entry, join(target, entry), { recursive: true, filter: (source) => !source.endsWith('.tsbuildinfo') });
}
process.stdout.write(`staged the web app in ${target}\n`);
