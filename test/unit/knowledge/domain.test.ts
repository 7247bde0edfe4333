import { DomainModel } from '../../../src/features/ask/knowledge/domain.js';
import { loadFaqMatcher } from '../../../src/features/ask/knowledge/index.js';

// The real knowledge base: its phrasings are one side, knowledge/off-topic.yaml the other. The questions below
// appear in neither file nor in any evaluation set. The model knows only words one side has seen: a word
// neither side uses (Tastatur) is no evidence, and "bakgrundsbild" counts as an image (bild) question.
const { matcher, data } = loadFaqMatcher();
const termsOf = (q: string) => new Set(matcher.index.analyzeQuery(q).terms.keys());
const model = new DomainModel(
  matcher.index,
  data.offTopic.map((q) => termsOf(q)),
);
const score = (q: string) => model.score(termsOf(q));

describe('domain model: is a question about the registry at all', () => {
  test.each([
    ['how can I see which tags a repository in our registry has', 'registry'],
    ['レジストリのイメージをプルすると遅い', 'registry'],
    ['Warum schlägt das Pushen des Images in die Registry fehl?', 'registry'],
    ['Hur replikerar jag registret till en annan region?', 'registry'],
    ['映像檔推送到登錄時失敗', 'registry'],
    ['how do I book a desk for Friday', 'other'],
    ['Outlook の署名を変更したい', 'other'],
    ['Wie bestelle ich einen neuen Laptop?', 'other'],
    ['Skrivaren i mötesrummet skriver inte ut', 'other'],
    ['會議室的電話沒有聲音', 'other'],
  ])('%s → %s', (q, subject) => {
    expect(Math.sign(score(q))).toBe(subject === 'registry' ? 1 : -1);
  });

  test('counts each word once, and one word cannot decide alone', () => {
    expect(score('printer printer printer')).toBe(score('printer'));
    expect(Math.abs(score('printer'))).toBeLessThanOrEqual(4);
  });

  test('without an off-topic side it has no evidence either way', () => {
    expect(new DomainModel(matcher.index, []).score(termsOf('how do I book a desk for Friday'))).toBe(0);
  });

  test('the matcher abstains on questions about other subjects that share FAQ words', () => {
    for (const q of ['How do I reset the password of my company laptop?', 'Excel のパスワードを解除したい']) {
      expect(matcher.match(q).topic).toBeNull();
    }
  });
});
