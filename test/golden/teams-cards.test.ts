/**
 * Golden files pin the Adaptive Cards rendered from neutral replies: one JSON file per card under
 * test/golden/teams/. `UPDATE_GOLDEN=1 npx jest test/golden` rewrites them after an intended change.
 */
import { join } from 'node:path';
import { renderCard } from '../../src/channels/teams/cards/render.js';
import type { NeutralReply } from '../../src/core/model.js';
import { actHelpSection } from '../../src/actions/chat/cards.js';
import { alertsHelpSection } from '../../src/alerts/chat-feature.js';
import { abstainReply, answerReply, errorReply, helpReply, welcomeReply } from '../../src/core/replies.js';
import { FakeMatcher } from '../helpers/bot-fakes.js';
import { alertToNeutralReply } from '../../src/alerts/neutral-reply.js';
import { renderAlert, renderDigest } from '../../src/alerts/render.js';
import type { AlertEvent } from '../../src/alerts/types.js';
import { expectGolden } from './golden-file.js';

const GOLDEN_DIR = join(import.meta.dirname, 'teams');
const matcher = new FakeMatcher();

const at = '2025-06-01T12:00:00.000Z';
const push: AlertEvent = { source: 'acr-webhook', id: 'acr:1', type: 'push', occurredAt: at, severity: 3, registry: 'myregistry', repository: 'app/web', tag: 'v1', digest: `sha256:${'ab'.repeat(32)}`, actor: 'docker/24.0.7' };
const quota: AlertEvent = { source: 'watcher', id: 'watcher:quota:myregistry:1', type: 'quota', occurredAt: at, severity: 1, registry: 'myregistry', actor: 'quota watcher', details: { usedPercent: 92, thresholdPercent: 90, usedInBytes: 92 * 1024 ** 3, quotaInBytes: 100 * 1024 ** 3 } };
const runFailed: AlertEvent = { source: 'watcher', id: 'watcher:run:myregistry:cf1', type: 'run_failed', occurredAt: at, severity: 1, registry: 'myregistry', actor: 'build-web', details: { runId: 'cf1', status: 'Failed', runUrl: 'https://portal.azure.com/#resource/runs/cf1' } };

const cases: Record<string, () => NeutralReply> = {
  'alert-push-en': () => alertToNeutralReply(renderAlert(push, 'en')),
  'alert-quota-ja': () => alertToNeutralReply(renderAlert(quota, 'ja')),
  'alert-run-failed-de': () => alertToNeutralReply(renderAlert(runFailed, 'de')),
  'alert-digest-sv': () => alertToNeutralReply(renderDigest(7, 'sv', [{ type: 'push', target: 'myregistry/app/*', count: 37, severity: 3 }, { type: 'delete', target: 'myregistry/app/*', count: 2, severity: 2 }], 5)),
  'answer-en': () => answerReply(matcher.match('How do I get admin credentials?'), 'en'),
  'answer-ja': () => answerReply(matcher.match('管理者の資格情報を取得するには?'), 'ja'),
  'answer-table-en': () => answerReply(matcher.match('how to delete an image'), 'en'),
  'answer-fallback-sv': () => answerReply(matcher.answerFor('delete-image', 'sv')!, 'sv'),
  'answer-stack-hub-de': () => answerReply(matcher.answerFor('stack-hub-limits', 'de')!, 'de'),
  'abstain-ja': () => abstainReply(matcher.match('今日の天気は?'), 'ja'),
  'abstain-no-topics-de': () => abstainReply({ ...matcher.match('Wetter heute'), alternatives: [] }, 'de'),
  'welcome-zh-TW': () => welcomeReply('zh-TW'),
  'help-sv': () => helpReply('sv'),
  // The full help card: Ask, then Act for a person the policy lets request all but one action, then Alerts.
  'help-en-full': () =>
    helpReply('en', [actHelpSection('en', { registryNames: ['myreg', 'local'], allowed: ['purge', 'purge-untagged', 'cancel-runs', 'lock', 'unlock'], denied: ['disable-admin-user'] }), alertsHelpSection('en')]),
  'help-ja-not-set-up': () => helpReply('ja', [actHelpSection('ja', null), alertsHelpSection('ja')]),
  'error-en': () => errorReply('en', 'Something went wrong on my side. Please try again. Reference: 0123abcd'),
};

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
    const card = renderCard({ kind: 'answer', lang: 'en', summary: 's', badges: [], links: [], actions: [], sections: [{ code: { text: 'a\n  b\n\nc' } }] });
    const code = (card.body[0].items as { items: { text: string; fontType: string }[] }[])[0].items;
    expect(code.map((t) => t.text)).toEqual(['a', '\u00a0\u00a0b', '\u00a0', 'c']);
    expect(code.every((t) => t.fontType === 'Monospace')).toBe(true);
  });
});
