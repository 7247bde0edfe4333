/**
 * Maximal inputs: every card stays under Teams' message limit (about 28 KB with the activity around
 * it; cards are held to MAX_CARD_BYTES). The worst alert — every payload field far beyond its intake
 * limit, bounded as AlertQueue.enqueue bounds it — is pinned as a golden file
 * (test/golden/teams/alert-worst-case-en.json); the others are checked for size and shape.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { boundAlertEvent } from '../../src/features/alerts/bounds.js';
import { alertToNeutralReply } from '../../src/features/alerts/neutral-reply.js';
import { renderAlert, renderDigest } from '../../src/features/alerts/render.js';
import type { AlertEvent } from '../../src/features/alerts/types.js';
import { cardBytes, MAX_CARD_BYTES } from '../../src/channels/teams/cards/fit.js';
import { renderCard } from '../../src/channels/teams/cards/render.js';
import type { NeutralReply } from '../../src/core/model.js';
import { errorReply } from '../../src/core/replies.js';
import { expectGolden } from './golden-file.js';

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), 'teams');
const TEAMS_LIMIT_IN_BYTES = 28 * 1024;
// Markdown-heavy and multi-byte: escaping doubles '*', CJK takes 3 bytes in UTF-8.
const huge = (n: number) => '*[x](https://evil.example) 漢字 '.repeat(Math.ceil(n / 30)).slice(0, n);

const worstAlert: AlertEvent = boundAlertEvent({
  source: 'acr-webhook',
  id: `acr:${'i'.repeat(100_000)}`,
  type: 'quarantine',
  occurredAt: '2025-06-01T12:00:00.000Z',
  severity: 0,
  registry: huge(100_000),
  repository: huge(100_000),
  tag: huge(100_000),
  digest: huge(100_000),
  mediaType: huge(100_000),
  actor: huge(100_000),
  title: huge(100_000),
  details: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`${huge(1_000)}${i}`, huge(100_000)])),
});

const plainReply = (sections: NeutralReply['sections']): NeutralReply => ({
  kind: 'answer',
  lang: 'en',
  title: huge(50_000),
  summary: huge(50_000),
  badges: [{ text: huge(10_000), tone: 'accent' }],
  sections,
  links: [],
  actions: [],
});

const cases: Record<string, () => NeutralReply> = {
  'alert with every field at its limit': () => alertToNeutralReply(renderAlert(worstAlert, 'en')),
  // Without the intake bounds (a renderer must hold the limit on its own): the button carrying the
  // 100 KB repository in its data cannot be sent, so it goes.
  'an unbounded alert (100 KB repository in button data)': () =>
    alertToNeutralReply(renderAlert({ ...worstAlert, repository: huge(100_000), actor: huge(100_000) }, 'en')),
  'digest of 2,000 groups': () =>
    alertToNeutralReply(
      renderDigest(
        1,
        'de',
        Array.from({ length: 2_000 }, (_, i) => ({
          type: 'push' as const,
          target: `${huge(300)}${i}`,
          count: i,
          severity: 2 as const,
        })),
        5,
      ),
    ),
  'a 500 KB answer': () => plainReply([{ text: huge(500_000) }]),
  '5,000 code lines': () =>
    plainReply([{ code: { text: Array.from({ length: 5_000 }, (_, i) => `${huge(200)}${i}`).join('\n') } }]),
  '5,000 facts': () =>
    plainReply([{ facts: Array.from({ length: 5_000 }, (_, i) => ({ label: huge(100), value: `${huge(300)}${i}` })) }]),
  '1,000 sections with buttons': () =>
    plainReply(
      Array.from({ length: 1_000 }, (_, i) => ({
        title: huge(200),
        text: huge(500),
        actions: [{ verb: 'faq.ask', label: huge(300), data: { question: `q${i}` }, style: 'default' as const }],
      })),
    ),
  'an error with a 1 MB message': () => errorReply('en', huge(1_000_000)),
};

describe('cards for maximal inputs', () => {
  test('the worst alert (golden)', () => {
    expectGolden(GOLDEN_DIR, 'alert-worst-case-en', renderCard(cases['alert with every field at its limit']()));
  });

  test.each(Object.keys(cases))(
    '%s: under the limit, still a card with its title, and ids/verbs/data untouched',
    (name) => {
      const reply = cases[name]();
      const card = renderCard(reply);
      const bytes = cardBytes(card);
      expect(bytes).toBeLessThanOrEqual(MAX_CARD_BYTES);
      expect(bytes).toBeLessThan(TEAMS_LIMIT_IN_BYTES - 2_000); // room for the activity envelope
      expect(card.body.length).toBeGreaterThan(0);
      for (const action of reply.sections.flatMap((s) => s.actions ?? []).slice(0, 1))
        expect(JSON.stringify(card)).toContain(`"question":"${action.data.question}"}`);
    },
  );

  test('a card that fits is returned as it is', () => {
    const small = errorReply('en', 'short');
    expect(renderCard(small).body).toHaveLength(2);
  });
});
