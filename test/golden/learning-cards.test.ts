/**
 * Golden Teams cards of learning from feedback (test/golden/teams/learning-*.json): the abstention with
 * "Which of these did you mean?" and the maintainers' review card. `UPDATE_GOLDEN=1 npx jest test/golden`
 * rewrites them after an intended change.
 */
import { join } from 'node:path';
import { renderCard } from '../../src/channels/teams/cards/render.js';
import { abstainReply } from '../../src/features/ask/replies.js';
import type { NeutralReply } from '../../src/core/model.js';
import { choiceSection, reviewReply, withChoice } from '../../src/features/ask/learning/cards.js';
import { t } from '../../src/features/ask/messages/index.js';
import { FakeMatcher } from '../helpers/bot-fakes.js';
import { expectGolden } from './golden-file.js';

const GOLDEN_DIR = join(import.meta.dirname, 'teams');
const matcher = new FakeMatcher();
const MISS = '3f2a9c1e-0000-4000-8000-00000000abcd';

const cases: Record<string, () => NeutralReply> = {
  'learning-abstain-choice-sv': () =>
    withChoice(
      abstainReply(matcher.match('hur mår du'), 'sv'),
      choiceSection('sv', MISS, [
        { topic: 'admin-credentials', title: 'How do I get admin credentials for a container registry?' },
        { topic: 'delete-image', title: 'How do I delete an image?' },
      ]),
    ),
  'learning-review-ja': () =>
    reviewReply(
      'ja',
      [
        {
          miss: { id: MISS, question: 'Mein Build-Agent sagt unauthorized beim Pushen', lang: 'de', kind: 'abstain' },
          chosenTitle: 'az acr login は成功するのに docker push が unauthorized になる',
        },
        {
          miss: {
            id: '3f2a9c1e-0000-4000-8000-00000000abce',
            question: 'our pipeline cannot login to acr from inside a container',
            lang: 'en',
            kind: 'down',
          },
          chosenTitle: 'コンテナー内の Azure CLI から認証する',
          answeredTitle: 'リポジトリの pull/push だけを許可する',
        },
      ],
      2,
      t('ja', 'review.rejected', { question: 'hello' }),
    ),
  'learning-review-empty-de': () => reviewReply('de', [], 0),
};

describe('learning cards (golden)', () => {
  test.each(Object.keys(cases))('%s', (name) => {
    expectGolden(GOLDEN_DIR, name, renderCard(cases[name]()));
  });

  test('choice buttons are submits carrying only the verb, the miss and a topic; review buttons are Universal Actions', () => {
    const choice = JSON.stringify(renderCard(cases['learning-abstain-choice-sv']()));
    const data = [...choice.matchAll(/"data":(\{[^}]*\})/g)]
      .map((m) => JSON.parse(m[1]!) as Record<string, string>)
      .filter((d) => d.verb === 'faq.choose');
    expect(data.map((d) => Object.keys(d).sort())).toEqual(Array(3).fill(['miss', 'topic', 'verb']));
    expect(data.at(-1)).toEqual({ verb: 'faq.choose', miss: MISS, topic: 'none' });
    const review = JSON.stringify(renderCard(cases['learning-review-ja']()));
    expect([...review.matchAll(/"type":"Action\.Execute"/g)]).toHaveLength(4);
    expect(review).not.toContain('Action.Submit');
    // The abstention's "closest topics" buttons gave way to the choice (same topics, and the choice is recorded).
    expect(choice).not.toContain('"verb":"faq.topic"');
  });
});
