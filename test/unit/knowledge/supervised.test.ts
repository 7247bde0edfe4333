import { KbIndex } from '../../../src/features/ask/knowledge/index-builder.js';
import { PhrasingBayes } from '../../../src/features/ask/knowledge/supervised.js';
import { loadFaqMatcher } from '../../../src/features/ask/knowledge/index.js';
import type { KbEntry, Lang } from '../../../src/features/ask/knowledge/types.js';

// A three-topic index built here: naive Bayes reads the phrasings' words from its postings.
function entry(topic: string, question: string): KbEntry {
  return {
    topic,
    lang: 'en',
    question,
    answer: 'See the docs.',
    section: 's',
    source: 'test.md',
    edition: 'azure',
    docDate: '2026-01-01',
  };
}
const english = (phrasings: string[]) => new Map<Lang, string[]>([['en', phrasings]]);
const topics = ['slow-pull', 'slow-push', 'admin-password'];
const build = () =>
  new KbIndex({
    topics,
    entries: [
      entry('slow-pull', 'Why is docker pull slow?'),
      entry('slow-push', 'Why is docker push slow?'),
      entry('admin-password', 'Where is the admin password?'),
    ],
    alternates: new Map([
      ['slow-pull', english(['pulling images takes ages', 'download from the registry crawls'])],
      ['slow-push', english(['pushing images takes ages', 'upload to the registry crawls'])],
    ]),
    synonyms: [],
  });
const termsOf = (index: KbIndex, q: string, weight = 1) =>
  new Map([...index.analyzeQuery(q).terms.keys()].map((t) => [t, weight]));

describe('naive Bayes over the curated phrasings', () => {
  test('gives a posterior over every topic that sums to 1 and favours the topic whose phrasings use the words', () => {
    const index = build();
    const bayes = new PhrasingBayes(index);
    const p = [...bayes.posterior(termsOf(index, 'upload crawls'))];
    expect(p).toHaveLength(3);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(p.indexOf(Math.max(...p))).toBe(topics.indexOf('slow-push'));
  });

  test('a word shared by two topics does not decide between them; the word only one uses does', () => {
    const index = build();
    const bayes = new PhrasingBayes(index);
    const shared = bayes.posterior(termsOf(index, 'takes ages'));
    expect(shared[0]).toBeCloseTo(shared[1]!, 9);
    expect(shared[0]).toBeGreaterThan(shared[2]!);
  });

  test('a ruled-out word weighs less, and a temperature under 1 flattens the posterior', () => {
    const index = build();
    const bayes = new PhrasingBayes(index);
    const full = bayes.posterior(termsOf(index, 'download'))[0]!;
    const weak = bayes.posterior(termsOf(index, 'download', 0.3))[0]!;
    const tempered = bayes.posterior(termsOf(index, 'download'), 0.25)[0]!;
    expect(full).toBeGreaterThan(weak);
    expect(weak).toBeGreaterThan(1 / 3);
    expect(full).toBeGreaterThan(tempered);
  });

  test('a phrasing added to the built index (learning from feedback) counts at once', () => {
    const index = build();
    const bayes = new PhrasingBayes(index);
    const before = bayes.posterior(termsOf(index, 'where is the password'))[topics.indexOf('admin-password')]!;
    const rival = bayes.posterior(termsOf(index, 'credentials vault'))[topics.indexOf('admin-password')]!;
    index.addPhrasing('admin-password', 'which vault holds the registry credentials');
    expect(bayes.knows('vault')).toBe(true);
    expect(bayes.posterior(termsOf(index, 'credentials vault'))[topics.indexOf('admin-password')]!).toBeGreaterThan(
      rival,
    );
    expect(bayes.posterior(termsOf(index, 'where is the password'))[topics.indexOf('admin-password')]!).toBeGreaterThan(
      1 / 3,
    );
    expect(before).toBeGreaterThan(1 / 3);
  });

  test('in the matcher it is one feature of every topic the question touches', () => {
    const { matcher } = loadFaqMatcher();
    const ranked = matcher.score('pushing our images to the registry takes forever');
    expect(ranked[0]!.topic).toBe('slow-push');
    expect(ranked[0]!.features.supervised).toBeGreaterThan(ranked[1]!.features.supervised);
    const sum = ranked.reduce((a, r) => a + r.features.supervised, 0);
    expect(sum).toBeLessThanOrEqual(1 + 1e-9);
  });
});
