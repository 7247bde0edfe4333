import { questionSpans, splitSentences } from '../../../src/features/ask/knowledge/question-span.js';
import { loadFaqMatcher } from '../../../src/features/ask/knowledge/index.js';

describe('finding the question inside a long message', () => {
  test('splits sentences in Latin and CJK text', () => {
    expect(splitSentences('We moved. It is slow now. Why?')).toEqual(['We moved.', 'It is slow now.', 'Why?']);
    expect(splitSentences('昨日移行しました。遅いです。なぜですか？')).toEqual([
      '昨日移行しました。',
      '遅いです。',
      'なぜですか？',
    ]);
  });

  test('short or one-sentence messages are matched as they are', () => {
    expect(questionSpans('How do I delete untagged manifests?')).toEqual(['How do I delete untagged manifests?']);
  });

  test('candidates are the whole message, then the asking sentence with up to two sentences of context', () => {
    const text =
      'Hi all. Our staging registry grows every night. We overwrite the same tag on each build. How can I remove the manifests without a tag? Thanks in advance.';
    expect(questionSpans(text)).toEqual([
      text,
      'How can I remove the manifests without a tag?',
      'We overwrite the same tag on each build. How can I remove the manifests without a tag?',
      'Our staging registry grows every night. We overwrite the same tag on each build. How can I remove the manifests without a tag?',
    ]);
  });

  test('a sentence that puts its context before a word announcing the question is also read from that word', () => {
    const text =
      '我們有開 content trust，之前都是同事在簽章。他上個月離職了，現在換我接手，請問金鑰和 thumbprint 存在本機哪裡？';
    expect(questionSpans(text)).toContain('金鑰和 thumbprint 存在本機哪裡？');
    expect(
      questionSpans('請問金鑰和 thumbprint 存在本機哪裡？我們有開 content trust，同事離職了，換我接手。'),
    ).not.toContain('金鑰和 thumbprint 存在本機哪裡？我們有開 content trust，同事離職了，換我接手。');
  });

  test('a question buried in context is answered; a clear message is not re-read', () => {
    const { matcher } = loadFaqMatcher();
    const text =
      'Hi all, some background first: we run three environments and staging is the problem child. Every night the pipeline overwrites the same tag, and the registry keeps growing, the storage graph looks scary. How can I remove the manifests that no longer have any tag?';
    expect(matcher.match(text).topic).toBe('delete-untagged-manifests');
    expect(matcher.match('How do I delete untagged manifests?').topic).toBe('delete-untagged-manifests');
  });
});

describe('a long message', () => {
  const { matcher } = loadFaqMatcher();

  test('whose readings each stayed under 0.5 with the features alone is answered now that naive Bayes ranks too', () => {
    // From faq-kinds-r4b (a development set of round 4): answered at exactly 0.5 by the agreement rule of round 4,
    // which round 5 removed (with naive Bayes it answered 3 questions wrong for 2 right on the development sets).
    const text =
      "Unsere Nightly-Pipeline ist beim Taggen mit 'invalid reference format' ausgestiegen. Das Repo heißt bei uns Team_Backend/OrderService, also mit Großbuchstaben. Ist der Name das Problem? Welche Zeichen sind überhaupt erlaubt?";
    const r = matcher.match(text);
    expect(r.topic).toBe('invalid-repository-format');
    expect(r.score).toBeGreaterThan(0.5);
  });

  test('one reading alone is not enough: a short message under the threshold still abstains', () => {
    expect(matcher.match('Build-Agent: unauthorized').topic).toBeNull();
  });
});
