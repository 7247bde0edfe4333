/** npm run eval -- FILE [FILE…]: scores the matcher on JSONL question sets. */
import { loadFaqMatcher } from '../features/ask/knowledge/index.js';
import { EvalInputError, evaluate, formatReport, readEvalFile } from '../features/ask/knowledge/evaluate.js';

function main(argv: string[]): number {
  const files = argv.filter((a) => !a.startsWith('--'));
  if (files.length === 0) {
    process.stderr.write('usage: npm run eval -- FILE.jsonl [FILE.jsonl…]\n');
    return 2;
  }
  const { matcher } = loadFaqMatcher();
  for (const file of files) {
    let lines;
    try {
      lines = readEvalFile(file);
    } catch (error) {
      if (error instanceof EvalInputError) {
        process.stderr.write(`eval: ${error.message}\n`);
        return 2;
      }
      throw error;
    }
    const report = evaluate(lines, (q) => {
      const r = matcher.match(q, { maxAlternatives: 10 });
      return { answer: r.topic, confidence: r.score, suggestions: r.alternatives.map((a) => a.topic) };
    });
    process.stdout.write(`== ${file}\n${formatReport(report)}\n\n`);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
