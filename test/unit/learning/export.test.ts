/**
 * `npm run kb -- export`: accepted phrasings go into a copy of the real knowledge/alternates files as
 * text edits (comments, order and layout kept), read back as YAML exactly, and never duplicate a phrasing
 * or copy an evaluation question.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load as parseYaml } from 'js-yaml';
import { parse as parseWithYamlPackage } from 'yaml';
import { loadTopics } from '../../../src/features/ask/knowledge/manifest.js';
import { addPhrasingsToYaml, exportAcceptedPhrasings, yamlScalar } from '../../../src/features/ask/learning/export.js';
import type { AcceptedPhrasing } from '../../../src/features/ask/learning/store.js';

const repoRoot = join(import.meta.dirname, '../../..');
const topics = new Set(loadTopics(join(repoRoot, 'knowledge/topics.tsv')).keys());
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kb-export-'));
  cpSync(join(repoRoot, 'knowledge/alternates'), join(dir, 'alternates'), { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const read = (lang: string) => readFileSync(join(dir, 'alternates', `${lang}.yaml`), 'utf8');
const accepted = (seq: number, topic: string, lang: string, question: string): AcceptedPhrasing => ({
  seq,
  id: `m${seq}`,
  topic,
  lang,
  question,
});

describe('addPhrasingsToYaml', () => {
  const text = [
    '# header comment',
    '',
    'a:',
    '  - one',
    '  - two',
    '',
    '# about b',
    'b:',
    '    - three',
    'c: []',
    '',
  ].join('\n');

  test('appends after the last item of the topic, keeping every other line as it was', () => {
    const out = addPhrasingsToYaml(text, [
      { topic: 'a', phrasing: 'new a' },
      { topic: 'b', phrasing: 'new b' },
    ]);
    expect(out).toBe(
      [
        '# header comment',
        '',
        'a:',
        '  - one',
        '  - two',
        '  - new a',
        '',
        '# about b',
        'b:',
        '    - three',
        '    - new b',
        'c: []',
        '',
      ].join('\n'),
    );
  });

  test('fills an empty list and adds a topic the file did not have at the end', () => {
    const out = addPhrasingsToYaml(text, [
      { topic: 'c', phrasing: 'x' },
      { topic: 'd', phrasing: 'y' },
    ]);
    expect(parseYaml(out)).toEqual({ a: ['one', 'two'], b: ['three'], c: ['x'], d: ['y'] });
    expect(out.endsWith('d:\n  - y\n')).toBe(true);
  });

  test.each([
    'plain words',
    'key: value looks like a map',
    '- starts like a list',
    'has a # comment sign',
    '"quoted" and \'single\'',
    'yes',
    '123',
    '[flow] {map}',
    'ACR の料金は? ＃全角',
    '?question mark first',
  ])('quotes %j so it reads back unchanged', (phrasing) => {
    const out = addPhrasingsToYaml('t:\n  - a\n', [{ topic: 't', phrasing }]);
    // Both YAML readers of the project (the loader's and the curated-data test's) read it back the same.
    expect(parseYaml(out)).toEqual({ t: ['a', phrasing] });
    expect(parseWithYamlPackage(out)).toEqual({ t: ['a', phrasing] });
    expect(parseYaml(`- ${yamlScalar(phrasing)}`)).toEqual([phrasing]);
  });

  test('refuses a flow-style list instead of writing a second key', () => {
    expect(() => addPhrasingsToYaml('t: [a, b]\n', [{ topic: 't', phrasing: 'c' }])).toThrow('edit this topic by hand');
  });
});

describe('exportAcceptedPhrasings on a copy of knowledge/', () => {
  test('writes new phrasings under their topics, skips duplicates, evaluation questions and unknown topics; twice is once', () => {
    const before = { en: read('en'), de: read('de'), ja: read('ja') };
    const existing = (parseYaml(before.en) as Record<string, string[]>)['slow-pull']![0]!;
    const phrasings = [
      accepted(1, 'slow-pull', 'en', 'images take forever to download on our build servers'),
      accepted(2, 'login-ok-docker-unauthorized-lowercase', 'de', 'Mein Build-Agent sagt unauthorized beim Pushen'),
      accepted(3, 'slow-pull', 'en', existing.toUpperCase()),
      accepted(4, 'slow-push', 'en', existing),
      accepted(5, 'slow-pull', 'en', 'a question from the evaluation set'),
      accepted(6, 'no-such-topic', 'en', 'what is this'),
      accepted(7, 'slow-pull', 'en', 'IMAGES take forever to download  on our build servers'),
    ];
    const options = { knowledgeDir: dir, topics, excludedQuestions: ['A question from the evaluation set'] };
    const report = exportAcceptedPhrasings(phrasings, options);
    expect(report.written).toEqual([
      { lang: 'en', topic: 'slow-pull', phrasing: 'images take forever to download on our build servers' },
      {
        lang: 'de',
        topic: 'login-ok-docker-unauthorized-lowercase',
        phrasing: 'Mein Build-Agent sagt unauthorized beim Pushen',
      },
    ]);
    expect(report.skipped.map((s) => s.reason)).toEqual([
      'already-listed',
      'listed-under-another-topic',
      'evaluation-question',
      'unknown-topic',
      'already-listed',
    ]);

    const en = parseYaml(read('en')) as Record<string, string[]>;
    const enBefore = parseYaml(before.en) as Record<string, string[]>;
    expect(Object.keys(en)).toEqual(Object.keys(enBefore));
    expect(en['slow-pull']).toEqual([
      ...enBefore['slow-pull']!,
      'images take forever to download on our build servers',
    ]);
    // Only the one line was added: comments and every other line are as curated.
    const added = read('en')
      .split('\n')
      .filter((line, i, lines) => lines.indexOf(line) === i && !before.en.split('\n').includes(line));
    expect(added).toEqual(['  - images take forever to download on our build servers']);
    expect(read('ja')).toBe(before.ja);

    const again = exportAcceptedPhrasings(phrasings, options);
    expect(again.written).toEqual([]);
    expect(read('de').split('\n').length).toBe(before.de.split('\n').length + 1);
  });
});
