/**
 * Golden files pin the Act cards (preview, approval views, progress, report, form, read-only results)
 * as rendered for Teams: test/golden/act/*.json. `UPDATE_GOLDEN=1 npx jest test/golden` rewrites them.
 */
import { join } from 'node:path';
import { submitForm, startWizard } from '../../dialogs/request-wizard.js';
import { adminStatusReply, auditReply, formReply, healthReply, infoReply, notSetUpReply, pendingReply, requestReply, usageReply, type RequestCardInput } from '../../src/actions/chat/cards.js';
import { actMessage } from '../../src/actions/chat/messages.js';
import { PurgeInputError } from '../../src/actions/purge/errors.js';
import { summarizePlan } from '../../src/actions/chat/plans.js';
import type { PurgePlan } from '../../src/actions/purge/types.js';
import type { ApprovalRequest } from '../../src/approvals/approval-store.js';
import { renderCard } from '../../src/channels/teams/cards/render.js';
import type { NeutralReply } from '../../src/core/model.js';
import { expectGolden } from './golden-file.js';

const GOLDEN_DIR = join(import.meta.dirname, 'act');
const digest = (n: number) => `sha256:${String(n).padStart(2, '0').repeat(32)}`;

const plan: PurgePlan = {
  version: 1,
  registry: 'http://127.0.0.1:5000',
  createdAt: '2026-01-05T10:00:00.000Z',
  params: { filters: ['hello-world:.*'], ago: '30d', keep: 2, untagged: false, untaggedOnly: false, includeLocked: false, protect: ['.*:^latest$'], olderThan: '2025-12-06T10:00:00.000Z' },
  items: Array.from({ length: 12 }, (_, i) => ({ repository: 'hello-world', digest: digest(i + 10), tags: [`v0.${i}`], createdAt: '2025-10-01T00:00:00.000Z', sizeInBytes: 1_500_000, reason: 'matched-filter' as const, phase: 0 })),
  counts: { repositoriesScanned: 1, manifestsScanned: 16, tagsScanned: 16, items: 12, tags: 12, kept: { 'keep-newest': 2, protected: 1, 'too-new': 1 } },
  bytesEstimate: 18_000_000,
  hash: 'a'.repeat(64),
};
const params = { repository: 'hello-world', olderThan: '30d', keep: 2, lang: 'en', registryName: 'myreg', names: { 'aad:11111111-1111-1111-1111-111111111111': 'Ada Lovelace', 'aad:22222222-2222-2222-2222-222222222222': 'Bo Approver' } };

function request(overrides: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    id: 'req-0001',
    action: 'purge',
    registry: 'myregistry.azurecr.io',
    params,
    plan,
    planHash: 'b'.repeat(64),
    requester: 'aad:11111111-1111-1111-1111-111111111111',
    requesterIds: ['aad:11111111-1111-1111-1111-111111111111'],
    platform: 'teams',
    conversationId: 'conv-1',
    cardActivityId: 'msg-1',
    state: 'pending',
    approvalsRequired: 1,
    approvals: [],
    approverIds: [],
    rejectedBy: null,
    leaseOwner: null,
    leaseExpiresAt: null,
    attempts: 0,
    result: null,
    createdAt: new Date('2026-01-05T10:00:00.000Z'),
    expiresAt: new Date('2026-01-06T10:00:00.000Z'),
    updatedAt: new Date('2026-01-05T10:00:00.000Z'),
    version: 0,
    ...overrides,
  };
}

const summary = summarizePlan('purge', params, plan);
const base = (overrides: Partial<RequestCardInput>): NeutralReply =>
  requestReply({ request: request(), summary, lang: 'en', approvers: ['*'], viewer: 'everyone', ...overrides });
const report = {
  requestId: 'req-0001',
  action: 'purge' as const,
  registry: 'myregistry.azurecr.io',
  planHash: 'b'.repeat(64),
  requester: 'aad:11111111-1111-1111-1111-111111111111',
  approvers: ['aad:22222222-2222-2222-2222-222222222222'],
  startedAt: '2026-01-05T11:00:00.000Z',
  finishedAt: '2026-01-05T11:00:04.200Z',
  durationInMs: 4200,
  attempt: 1,
  totals: { items: 12, done: 10, alreadyGone: 1, skipped: 1, failed: 0, resumed: 0 },
  bytesFreedEstimate: 15_000_000,
  results: [{ item: `hello-world@${digest(21)}`, outcome: 'skipped' as const, reason: 'changed: tagged v9 since planning', attempts: 1 }],
  aborted: false,
};
const approved = { approvals: ['aad:22222222-2222-2222-2222-222222222222'] };

const cases: Record<string, () => NeutralReply> = {
  'preview-en': () => base({}),
  'approver-view-de': () => base({ lang: 'de', viewer: 'approver', refreshUserIds: ['8:orgid:22222222-2222-2222-2222-222222222222'] }),
  'requester-view-ja': () => base({ lang: 'ja', viewer: 'requester', notice: { text: '自分の要求は承認できません。別の人の承認が必要です。', tone: 'attention' } }),
  'progress-sv': () => base({ lang: 'sv', request: request({ state: 'running', ...approved }), progress: { total: 12, done: 5, alreadyGone: 1, skipped: 0, failed: 0 } }),
  'report-zh-TW': () => base({ lang: 'zh-TW', request: request({ state: 'done', ...approved }), report, reportUrl: 'https://bot.example.com/api/reports/req-0001?token=TOKEN' }),
  'rejected-en': () => base({ request: request({ state: 'rejected', rejectedBy: 'aad:22222222-2222-2222-2222-222222222222' }) }),
  'expired-en': () => base({ request: request({ state: 'expired' }) }),
  'form-en': () => formReply(startWizard('en', { repository: 'hello-world' }, { defaultRegistry: 'myreg' }), ['myreg', 'local'], true),
  'form-errors-ja': () => formReply(submitForm(startWizard('ja', {}, { defaultRegistry: 'myreg' }), { repository: 'Hello World', olderThan: 'forever', keep: 'ten', tagRegex: '(' }), ['myreg'], true),
  'usage-en': () => usageReply('en', 'myreg', { usedInBytes: 7_516_192_768, quotaInBytes: 10_737_418_240 }),
  'usage-unavailable-de': () => usageReply('de', 'local', null, 'usage.unavailableOci'),
  'health-en': () =>
    healthReply('en', 'local', {
      endpoint: 'http://127.0.0.1:5000',
      healthy: true,
      steps: [
        { name: 'dns', status: 'ok', durationInMs: 0.1, detail: '127.0.0.1 is an IP address' },
        { name: 'tls', status: 'warn', durationInMs: 0, detail: 'plain http: no TLS', hint: 'Use https outside of local tests.' },
        { name: 'v2', status: 'ok', durationInMs: 2.5, detail: 'GET /v2/ → 200' },
      ],
    }),
  'pending-en': () => pendingReply('en', [{ request: request(), summary }]),
  'admin-enabled-sv': () => adminStatusReply('sv', 'myreg', true),
  'audit-de': () =>
    auditReply(
      'de',
      [
        { seq: 3, at: new Date('2026-01-05T11:00:04.000Z'), actor: 'system', action: 'act.execute.finish', target: 'request:req-0001', origin: 'automation', result: 'done', details: {}, prevHash: 'b', hash: 'c' },
        { seq: 2, at: new Date('2026-01-05T10:30:00.000Z'), actor: 'aad:22222222-2222-2222-2222-222222222222', action: 'approval.approve', target: 'request:req-0001', origin: 'button', result: 'approved', details: { actorName: 'Bo Approver' }, prevHash: 'a', hash: 'b' },
        { seq: 1, at: new Date('2026-01-05T10:00:00.000Z'), actor: 'teams:user-id-0', action: 'act.request', target: 'registry:local', origin: 'typed', result: 'refused', details: { action: 'purge-untagged' }, prevHash: '0', hash: 'a' },
      ],
      { people: { 'teams:user-id-0': 'Ada Lovelace' }, requests: { 'req-0001': 'Alte Tags löschen · hello-world · älter als 30 Tage' } },
    ),
  // Normal situations are information, not errors (issue 10).
  'repo-not-found-en': () => infoReply('en', actMessage('en', 'repo.notFound', { repository: 'nosuch/repo', registry: 'local' })),
  'untagged-unsupported-ja': () => infoReply('ja', new PurgeInputError('untagged-unsupported').localize('ja')),
  'not-set-up-de': () => notSetUpReply('de', 'purge hello-world --ago 30d', null),
  'not-set-up-with-answer-ja': () =>
    notSetUpReply('ja', 'ヘルスチェック', { kind: 'answer', lang: 'ja', title: 'レジストリの正常性を確認するには?', summary: 'レジストリの正常性を確認するには?', badges: [], sections: [{ text: '`az acr check-health` を実行します。' }], links: [], actions: [] }),
};

describe('Act cards (golden)', () => {
  test.each(Object.keys(cases))('%s', (name) => {
    expectGolden(GOLDEN_DIR, name, renderCard(cases[name]()));
  });

  test('approval buttons are Universal Actions carrying only the request id and plan hash', () => {
    const card = renderCard(cases['approver-view-de']());
    expect(card.actions).toEqual([
      { type: 'Action.Execute', title: 'Genehmigen', style: 'positive', verb: 'act.approve', data: { requestId: 'req-0001', planHash: 'b'.repeat(64) } },
      { type: 'Action.Execute', title: 'Ablehnen', style: 'destructive', verb: 'act.reject', data: { requestId: 'req-0001', planHash: 'b'.repeat(64) } },
    ]);
    expect(card.refresh).toEqual({ action: { type: 'Action.Execute', verb: 'act.view', data: { requestId: 'req-0001', planHash: 'b'.repeat(64) } }, userIds: ['8:orgid:22222222-2222-2222-2222-222222222222'] });
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
