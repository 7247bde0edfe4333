/**
 * npm run --silent ask -- [--json] [--lang LOCALE] "question"
 * npm run --silent ask -- --json --batch FILE      (JSON lines with a "q" field → one JSON object per line)
 * stdout carries only results; messages go to stderr. Exit 0 (also when abstaining), 2 on unreadable input.
 */
import { JsonLinesError, readJsonLines } from '../features/ask/knowledge/jsonl.js';
import { loadFaqMatcher } from '../features/ask/knowledge/index.js';
import type { MatchResult } from '../features/ask/knowledge/types.js';

class UsageError extends Error {}

interface AskArgs {
  json: boolean;
  batch?: string;
  locale?: string;
  question?: string;
}

function parseArgs(argv: string[]): AskArgs {
  const args: AskArgs = { json: false };
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') args.json = true;
    else if (a === '--batch') args.batch = argv[++i] ?? '';
    else if (a === '--lang' || a === '--locale') args.locale = argv[++i];
    else if (a === '--') continue;
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else words.push(a);
  }
  if (args.batch === '') throw new UsageError('--batch needs a file');
  if (args.batch === undefined) {
    if (words.length === 0) throw new UsageError('no question given');
    args.question = words.join(' ');
  }
  return args;
}

/** The stable JSON shape of the CLI contract (README, section Ask). */
export function toCliJson(r: MatchResult): Record<string, unknown> {
  return {
    topic: r.topic,
    lang: r.lang,
    answerLang: r.answerLang,
    score: r.score,
    title: r.title,
    edition: r.edition,
    alternatives: r.alternatives.map((a) => ({ topic: a.topic, score: a.score })),
    fallback: r.fallback,
    docsUrl: r.docsUrl,
  };
}

function readable(r: MatchResult): string {
  if (!r.topic || !r.entry) {
    const suggestions = r.alternatives.map((a) => `  - ${a.title} (${a.topic}, ${a.score})`).join('\n');
    return `No confident answer (best score ${r.score}).${suggestions ? `\nDid you mean:\n${suggestions}` : ''}\n`;
  }
  const lines = [
    `# ${r.title}`,
    `topic: ${r.topic}  score: ${r.score}  language: ${r.answerLang}${r.fallback ? ` (fallback; asked in ${r.lang})` : ''}  edition: ${r.edition}`,
    '',
    r.entry.answer,
    '',
  ];
  if (r.docsUrl) lines.push(`Docs: ${r.docsUrl}`);
  if (r.alternatives.length > 0) lines.push(`See also: ${r.alternatives.map((a) => a.topic).join(', ')}`);
  return lines.join('\n') + '\n';
}

function readBatch(path: string): string[] {
  try {
    return readJsonLines(
      path,
      (v) => {
        const q = (v as { q?: unknown } | null)?.q;
        return typeof q === 'string' ? q : undefined;
      },
      'an object with a string "q" field',
    );
  } catch (error) {
    if (error instanceof JsonLinesError) throw new UsageError(error.message);
    throw error;
  }
}

function main(argv: string[]): number {
  let args: AskArgs;
  let questions: string[];
  try {
    args = parseArgs(argv);
    questions = args.batch !== undefined ? readBatch(args.batch) : [args.question!];
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(
      `ask: ${error.message}\nusage: npm run --silent ask -- [--json] [--lang LOCALE] "question" | --json --batch FILE.jsonl\n`,
    );
    return 2;
  }
  const { matcher } = loadFaqMatcher();
  const out: string[] = [];
  for (const q of questions) {
    const result = matcher.match(q, { localeHint: args.locale });
    out.push(args.json ? JSON.stringify(toCliJson(result)) + '\n' : readable(result));
  }
  process.stdout.write(out.join(args.json ? '' : '\n'));
  return 0;
}

process.exitCode = main(process.argv.slice(2));
