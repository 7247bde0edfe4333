/**
 * `npm run build && node --expose-gc scripts/kb-memory.mjs [--with-teams]`
 * Heap and RSS that the knowledge module costs in the compiled bot: after start-up (optionally after
 * loading the Teams framework first, as the bot does), after importing dist/src/features/ask/knowledge/index.js, after
 * loadFaqMatcher() and after a few questions in every language. Each figure is taken after gc, a short
 * idle and another gc, so it is what stays, not what a build step allocated on the way.
 */
import { setTimeout as sleep } from 'node:timers/promises';

if (typeof globalThis.gc !== 'function') {
  process.stderr.write('run with: node --expose-gc scripts/kb-memory.mjs\n');
  process.exit(2);
}

const toMb = (bytes) => bytes / 1024 / 1024;

async function settle() {
  globalThis.gc();
  await sleep(200);
  globalThis.gc();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapInMb: toMb(heapUsed), rssInMb: toMb(rss) };
}

const rows = [];
let previous = await settle();
async function step(name, action) {
  await action();
  const now = await settle();
  rows.push({
    name,
    ...now,
    heapDeltaInMb: now.heapInMb - previous.heapInMb,
    rssDeltaInMb: now.rssInMb - previous.rssInMb,
  });
  previous = now;
}

rows.push({ name: 'node start', ...previous, heapDeltaInMb: 0, rssDeltaInMb: 0 });
if (process.argv.includes('--with-teams')) {
  await step('+ botbuilder, @microsoft/teams-ai', async () => {
    await import('botbuilder');
    await import('@microsoft/teams-ai');
  });
}
let knowledge;
await step('+ import knowledge module', async () => {
  knowledge = await import('../dist/src/features/ask/knowledge/index.js');
});
let kb;
await step('+ loadFaqMatcher()', async () => {
  kb = knowledge.loadFaqMatcher();
});
await step('+ 5 questions (ja, zh, de, sv, en)', async () => {
  for (const q of [
    'タグなしのマニフェストを削除したい',
    '如何删除没有标记的清单',
    'Wie lösche ich ungetaggte Manifeste?',
    'Hur tar jag bort otaggade manifest?',
    'How do I delete untagged manifests?',
  ]) {
    kb.matcher.match(q);
  }
});

const fmt = (n, signed = false) => `${signed && n >= 0 ? '+' : ''}${n.toFixed(1)}`.padStart(8);
process.stdout.write(
  `${'step'.padEnd(38)}${'heap MB'.padStart(8)}${'Δ'.padStart(8)}${'RSS MB'.padStart(8)}${'Δ'.padStart(8)}\n`,
);
for (const r of rows) {
  process.stdout.write(
    `${r.name.padEnd(38)}${fmt(r.heapInMb)}${fmt(r.heapDeltaInMb, true)}${fmt(r.rssInMb)}${fmt(r.rssDeltaInMb, true)}\n`,
  );
}
