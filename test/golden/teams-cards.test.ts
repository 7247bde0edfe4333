/**
 * Golden files pin the Adaptive Cards rendered from neutral replies: one JSON file per card under
 * test/golden/teams/. `UPDATE_GOLDEN=1 npm run test:unit -- test/golden` rewrites them after an intended change.
 * The replies are shared with the other channels' golden tests (fixtures/replies.ts).
 */
import { join } from 'node:path';
import { renderCard } from '../../src/channels/teams/cards/render.js';
import { replyCases as cases } from './fixtures/replies.js';
import { expectGolden } from './golden-file.js';

const GOLDEN_DIR = join(import.meta.dirname, 'teams');

describe('Teams Adaptive Card renderer (golden)', () => {
  test.each(Object.keys(cases))('%s', (name) => {
    expectGolden(GOLDEN_DIR, name, renderCard(cases[name]()));
  });

  test('every card is Adaptive Card 1.5 and every button carries a verb', () => {
    for (const name of Object.keys(cases)) {
      const card = renderCard(cases[name]());
      expect(card.version).toBe('1.5');
      const json = JSON.stringify(card);
      const submits = [...json.matchAll(/"type":"Action\.Submit"/g)].length;
      const verbs = [...json.matchAll(/"data":\{"verb":"[a-z.]+"/g)].length;
      expect(verbs).toBe(submits);
    }
  });

  test('code keeps one line per block and its indentation', () => {
    const card = renderCard({
      kind: 'answer',
      lang: 'en',
      summary: 's',
      badges: [],
      links: [],
      actions: [],
      sections: [{ code: { text: 'a\n  b\n\nc' } }],
    });
    const code = (card.body[0].items as { items: { text: string; fontType: string }[] }[])[0].items;
    expect(code.map((t) => t.text)).toEqual(['a', '\u00a0\u00a0b', '\u00a0', 'c']);
    expect(code.every((t) => t.fontType === 'Monospace')).toBe(true);
  });
});
