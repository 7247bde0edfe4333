/**
 * Accepted phrasings as an overlay on the REAL knowledge base: KbMatcher.addPhrasings updates the built
 * index in place, and PhrasingOverlay applies what was accepted since its last look. The store here is a
 * small in-memory stand-in for LearningStore.acceptedSince (the database side is tested in
 * test/integration/learning).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadFaqMatcher, type KbMatcher } from '../../../src/features/ask/knowledge/index.js';
import { PhrasingOverlay } from '../../../src/features/ask/learning/overlay.js';
import type { AcceptedPhrasing } from '../../../src/features/ask/learning/store.js';

const repoRoot = join(import.meta.dirname, '../../..');
const evalQuestions = readFileSync(join(repoRoot, 'test/eval/faq-own.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => (JSON.parse(line) as { q: string }).q);

class AcceptedRows {
  readonly rows: AcceptedPhrasing[] = [];
  calls = 0;
  accept(topic: string, lang: string, question: string): void {
    this.rows.push({ seq: this.rows.length + 1, id: `m${this.rows.length + 1}`, topic, lang, question });
  }
  async acceptedSince(afterSeq = 0): Promise<AcceptedPhrasing[]> {
    this.calls++;
    return this.rows.filter((row) => row.seq > afterSeq);
  }
}

let matcher: KbMatcher;
beforeEach(() => {
  matcher = loadFaqMatcher().matcher;
});

describe('KbMatcher.addPhrasings', () => {
  test('a question the matcher abstained on is answered with the topic it was added to', () => {
    const question = 'our build servers wait ages for pulls';
    expect(matcher.match(question).topic).toBeNull();
    expect(matcher.addPhrasings('pull-timeout', [question])).toBe(1);
    expect(matcher.match(question)).toMatchObject({ topic: 'pull-timeout' });
    expect(matcher.match(question).score).toBeGreaterThanOrEqual(0.9);
  });

  test('unknown topics and empty text add nothing', () => {
    expect(matcher.addPhrasings('no-such-topic', ['images take forever to download'])).toBe(0);
    expect(matcher.addPhrasings('slow-pull', ['', '   ', '!!!'])).toBe(0);
  });

  test('a phrasing in Simplified Chinese finds its topic from the same question (matched in Traditional)', () => {
    const question = '我们的构建服务器下载镜像特别特别慢怎么办';
    expect(matcher.addPhrasings('slow-pull', [question])).toBe(1);
    expect(matcher.match(question).topic).toBe('slow-pull');
  });

  test('other questions keep their answers (the evaluation set before and after three added phrasings)', () => {
    const before = evalQuestions.map((q) => matcher.match(q).topic);
    matcher.addPhrasings('slow-pull', ['images take forever to download on our build servers']);
    matcher.addPhrasings('login-ok-docker-unauthorized-lowercase', ['Mein Build-Agent sagt unauthorized beim Pushen']);
    matcher.addPhrasings('cli-in-container-auth', ['our pipeline cannot login to acr from inside a container']);
    const after = evalQuestions.map((q) => matcher.match(q).topic);
    const changed = evalQuestions.filter((_, i) => before[i] !== after[i]);
    // An added phrasing may rightly win a close neighbour; it must not move the knowledge base as a whole.
    expect(changed.length).toBeLessThanOrEqual(2);
  });
});

describe('PhrasingOverlay', () => {
  test('applies what was accepted since the last refresh, once', async () => {
    const rows = new AcceptedRows();
    const overlay = new PhrasingOverlay(rows, matcher);
    expect(await overlay.refresh()).toBe(0);
    rows.accept('slow-pull', 'en', 'images take forever to download on our build servers');
    rows.accept('no-such-topic', 'en', 'what is this');
    expect(await overlay.refresh()).toBe(1);
    expect(overlay.appliedSeq).toBe(2);
    expect(matcher.match('images take forever to download on our build servers').topic).toBe('slow-pull');
    expect(await overlay.refresh()).toBe(0);
    rows.accept('login-ok-docker-unauthorized-lowercase', 'de', 'Mein Build-Agent sagt unauthorized beim Pushen');
    expect(await overlay.refresh()).toBe(1);
    expect(matcher.match('Mein Build-Agent sagt unauthorized beim Pushen').topic).toBe(
      'login-ok-docker-unauthorized-lowercase',
    );
  });

  test('concurrent refreshes share one load', async () => {
    const rows = new AcceptedRows();
    rows.accept('slow-pull', 'en', 'images take forever to download on our build servers');
    const overlay = new PhrasingOverlay(rows, matcher);
    const [first, second] = await Promise.all([overlay.refresh(), overlay.refresh()]);
    expect([first, second]).toEqual([1, 1]);
    expect(rows.calls).toBe(1);
  });
});
