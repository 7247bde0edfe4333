/**
 * Knowledge maintenance from the shell (the chat has the same review as `kb review`):
 *   npm run kb -- review [--json]      phrasings people chose after a miss, waiting for review
 *   npm run kb -- accept <id>          adds the phrasing to every bot instance (within their 30 s poll)
 *   npm run kb -- reject <id>
 *   npm run kb -- export               writes accepted phrasings into knowledge/alternates/<lang>.yaml
 * Accepts and rejects are audited with the actor `cli:<os user>`: whoever can reach the database is trusted
 * here, as with `npm run audit`. Exit codes: 0 done, 1 refused (not found, already reviewed), 2 bad usage.
 *
 * Database: DATABASE_URL (PostgreSQL) or the embedded PGlite in CHATOPS_DATA_DIR (default ./data).
 */
import { parseCliArgs, runDatabaseCliIfMain, type CliIo } from './database-main.js';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { AuditLog } from '../storage/audit-log.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../features/ask/knowledge/index.js';
import { loadTopics } from '../features/ask/knowledge/manifest.js';
import { exportAcceptedPhrasings } from '../features/ask/learning/export.js';
import { reviewPhrasing } from '../features/ask/learning/review.js';
import { LearningStore } from '../features/ask/learning/store.js';
import type { Database } from '../storage/types.js';

const USAGE = `usage: npm run kb -- review [--json]
       npm run kb -- accept <id>
       npm run kb -- reject <id>
       npm run kb -- export [--knowledge-dir DIR] [--eval-dir DIR]`;

export type KbCliIo = CliIo;

export interface KbCliOptions {
  /** Default: the repository's knowledge/. */
  knowledgeDir?: string;
  /** Evaluation sets (*.jsonl, `q` per line) whose questions are never exported; default test/eval beside knowledge/. */
  evalDir?: string;
  actor?: string;
}

/** Runs one kb command against an open database; returns the process exit code. */
export async function runKbCli(argv: string[], db: Database, io: KbCliIo, options: KbCliOptions = {}): Promise<number> {
  const parsed = parseCliArgs(
    argv,
    {
      json: { type: 'boolean', default: false },
      'knowledge-dir': { type: 'string' },
      'eval-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    USAGE,
    io,
  );
  if (!parsed) return 2;
  const { positionals, values } = parsed;
  const [command, id] = positionals;
  const arity: Record<string, number> = { review: 1, accept: 2, reject: 2, export: 1 };
  if (values.help || !command || arity[command] !== positionals.length) {
    io.err(USAGE);
    return values.help ? 0 : 2;
  }
  const store = new LearningStore(db);

  if (command === 'review') {
    const pending = await store.listPending(1000);
    if (values.json)
      io.out(
        JSON.stringify(
          pending.map(({ id, lang, chosenTopic, question, kind, answeredTopic, chosenAt }) => ({
            id,
            lang,
            topic: chosenTopic,
            question,
            kind,
            answeredTopic,
            chosenAt,
          })),
        ),
      );
    else if (pending.length === 0) io.out('nothing to review');
    else
      for (const m of pending)
        io.out(
          `${m.id}  ${m.lang}  ${m.chosenTopic}  ${JSON.stringify(m.question)}  (${m.kind === 'down' ? `👎 on ${m.answeredTopic}` : 'no answer'})`,
        );
    return 0;
  }

  if (command === 'accept' || command === 'reject') {
    const actor = options.actor ?? `cli:${userInfo().username}`;
    const outcome = await reviewPhrasing({ store, audit: new AuditLog(db) }, id!, command, actor, 'typed');
    if (!outcome.ok) {
      io.err(outcome.reason === 'notFound' ? `${id}: no such phrasing` : `${id}: already reviewed`);
      return 1;
    }
    io.out(
      `${command === 'accept' ? 'accepted' : 'rejected'}: ${JSON.stringify(outcome.miss.question)} → ${outcome.miss.chosenTopic} (${outcome.miss.lang})`,
    );
    return 0;
  }

  const knowledgeDir = path.resolve(values['knowledge-dir'] ?? options.knowledgeDir ?? DEFAULT_KNOWLEDGE_DIR);
  const evalDir = values['eval-dir'] ?? options.evalDir ?? path.join(knowledgeDir, '..', 'test', 'eval');
  const report = exportAcceptedPhrasings(await store.acceptedSince(0), {
    knowledgeDir,
    topics: new Set(loadTopics(path.join(knowledgeDir, 'topics.tsv')).keys()),
    excludedQuestions: evaluationQuestions(evalDir),
  });
  for (const w of report.written)
    io.out(`added to alternates/${w.lang}.yaml: ${w.topic}: ${JSON.stringify(w.phrasing)}`);
  for (const s of report.skipped) io.out(`skipped (${s.reason}): ${s.lang} ${s.topic}: ${JSON.stringify(s.phrasing)}`);
  io.out(`${report.written.length} phrasing(s) written, ${report.skipped.length} skipped`);
  return 0;
}

function evaluationQuestions(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.jsonl'))
    .flatMap((file) => readFileSync(path.join(dir, file), 'utf8').split('\n'))
    .filter((line) => line.trim() !== '')
    .map((line) => String((JSON.parse(line) as { q?: unknown }).q ?? ''));
}

runDatabaseCliIfMain(import.meta.url, 'kb', runKbCli);
