/**
 * Golden files pin the Act cards (preview, approval views, progress, report, form, read-only results)
 * as rendered for Teams: test/golden/act/*.json. `UPDATE_GOLDEN=1 npm run test:unit -- test/golden` rewrites them.
 * The replies are shared with the other channels' golden tests (fixtures/act-replies.ts).
 */
import { join } from 'node:path';
import { renderCard } from '../../src/channels/teams/cards/render.js';
import { requestReply } from '../../src/features/act/cards.js';
import type { ApprovalRequest } from '../../src/features/act/approvals/approval-store.js';
import { actReplyCases as cases, params, request, summary } from './fixtures/act-replies.js';
import { expectGolden } from './golden-file.js';

const GOLDEN_DIR = join(import.meta.dirname, 'act');

describe('Act cards (golden)', () => {
  test.each(Object.keys(cases))('%s', (name) => {
    expectGolden(GOLDEN_DIR, name, renderCard(cases[name]()));
  });

  test('approval buttons are Universal Actions carrying only the request id and plan hash', () => {
    const card = renderCard(cases['approver-view-de']());
    expect(card.actions).toEqual([
      {
        type: 'Action.Execute',
        title: 'Genehmigen',
        style: 'positive',
        verb: 'act.approve',
        data: { requestId: 'req-0001', planHash: 'b'.repeat(64) },
      },
      {
        type: 'Action.Execute',
        title: 'Ablehnen',
        style: 'destructive',
        verb: 'act.reject',
        data: { requestId: 'req-0001', planHash: 'b'.repeat(64) },
      },
    ]);
    expect(card.refresh).toEqual({
      action: { type: 'Action.Execute', verb: 'act.view', data: { requestId: 'req-0001', planHash: 'b'.repeat(64) } },
      userIds: ['8:orgid:22222222-2222-2222-2222-222222222222'],
    });
  });

  test('decided cards have no refresh and no decision buttons: everyone sees the same card', () => {
    for (const name of ['progress-sv', 'report-zh-TW', 'rejected-en', 'expired-en']) {
      const card = renderCard(cases[name]());
      expect(card.refresh).toBeUndefined();
      expect((card.actions ?? []).filter((a) => a.type === 'Action.Execute')).toEqual([]);
    }
  });

  test('the form shows the wizard’s localized validation messages under the fields', () => {
    const text = JSON.stringify(renderCard(cases['form-errors-ja']()));
    expect(text).toContain('タグのフィルターが有効な正規表現ではありません');
    expect(text).toContain('0 から 10000 までの整数を指定してください');
  });
});

/** Every text a card shows as markdown (TextBlocks and facts). */
function markdownTexts(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => markdownTexts(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
    if (typeof o.title === 'string' && typeof o.value === 'string') out.push(o.title, o.value);
    for (const [key, value] of Object.entries(o))
      if (key !== 'data' && typeof value === 'object') markdownTexts(value, out);
  }
  return out;
}

/** Markdown syntax that is not escaped: a link, emphasis or code the user did not write for us to show. */
const LIVE_MARKDOWN = /(?<!\\)(?:\\\\)*[[\]*_`<]/;

describe('hostile display names (markdown injection)', () => {
  const hostile = '[Click to approve](https://evil.example/x) **URGENT**';
  const names = {
    'aad:11111111-1111-1111-1111-111111111111': hostile,
    'aad:22222222-2222-2222-2222-222222222222': `_${hostile}_`,
  };
  const hostileRequest = (overrides: Partial<ApprovalRequest>) =>
    request({ params: { ...params, names }, ...overrides });

  test.each([
    ['pending', {}],
    ['approved', { state: 'approved' as const, approvals: ['aad:22222222-2222-2222-2222-222222222222'] }],
    ['rejected', { state: 'rejected' as const, rejectedBy: 'aad:22222222-2222-2222-2222-222222222222' }],
  ])('the %s card shows the names literally: no live link or emphasis anywhere', (_name, overrides) => {
    const card = renderCard(
      requestReply({ request: hostileRequest(overrides), summary, lang: 'en', approvers: ['*'], viewer: 'everyone' }),
    );
    const texts = markdownTexts(card);
    expect(texts.some((t) => t.includes('\\[Click to approve\\](https://evil.example/x) \\*\\*URGENT\\*\\*'))).toBe(
      true,
    );
    for (const text of texts.filter((t) => t.includes('evil.example'))) expect(text).not.toMatch(LIVE_MARKDOWN);
  });
});
