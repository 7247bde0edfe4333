import { renderAlert, renderDigest, shortDigest } from '../../../src/features/alerts/render.js';
import { acrWebhookSchema, acrWebhookToAlert } from '../../../src/features/alerts/payloads/acr-webhook.js';
import { globMatches } from '../../../src/features/alerts/glob.js';
import { subscriptionMatches } from '../../../src/features/alerts/subscriptions.js';
import type { AlertEvent } from '../../../src/features/alerts/types.js';
import { SUPPORTED_LANGS } from '../../../src/features/ask/knowledge/types.js';
import { fixture } from '../../helpers/alerts.js';

const push = acrWebhookToAlert(acrWebhookSchema.parse(fixture('acr-push.json')))!;
const quota: AlertEvent = {
  source: 'watcher',
  id: 'watcher:quota:myregistry:1',
  type: 'quota',
  occurredAt: '2025-06-01T12:00:00Z',
  severity: 1,
  registry: 'myregistry',
  details: { usedPercent: 91.2, thresholdPercent: 90, usedInBytes: 91.2 * 1024 ** 3, quotaInBytes: 100 * 1024 ** 3 },
};
const run: AlertEvent = {
  source: 'watcher',
  id: 'watcher:run:myregistry:ca7',
  type: 'run_failed',
  occurredAt: '2025-06-01T12:00:00Z',
  severity: 1,
  registry: 'myregistry',
  details: { runId: 'ca7', status: 'Failed', runUrl: 'https://portal.azure.com/#run/ca7' },
};

describe('renderAlert', () => {
  it('turns an ACR push webhook into the key facts with a short digest and a "Show tags" button', () => {
    const reply = renderAlert(push, 'en');
    expect(reply).toEqual({
      kind: 'alert',
      lang: 'en',
      title: 'Image pushed: app/web:v1',
      summary: '[Sev3 · Informational] Image pushed: app/web:v1',
      severity: 3,
      severityLabel: 'Sev3 · Informational',
      facts: [
        { label: 'Registry', value: 'myregistry' },
        { label: 'Repository', value: 'app/web' },
        { label: 'Tag', value: 'v1' },
        { label: 'Digest', value: 'sha256:80f0d5c8786b' },
        { label: 'By', value: 'docker/17.09.0-ce' },
        { label: 'When', value: 'Nov 17, 2017, 4:52 PM UTC' },
      ],
      actions: [
        {
          type: 'submit',
          verb: 'registry.tags',
          label: 'Show tags',
          data: { registry: 'myregistry', repository: 'app/web' },
        },
      ],
      eventId: 'acr:cb8c3971-9adc-488b-bdd8-43cbb4974ff5',
    });
  });

  it.each([
    ['ja', 'レジストリ myregistry のストレージ使用率が 91.2% です', 'クリーンアップをプレビュー'],
    ['zh-TW', '登錄 myregistry 已使用 91.2% 的儲存空間', '預覽清理'],
    ['de', 'Registry myregistry belegt 91.2 % ihres Speichers', 'Bereinigung als Vorschau'],
    ['sv', 'Registret myregistry använder 91.2 % av sitt lagringsutrymme', 'Förhandsgranska rensning'],
    ['en', 'Registry myregistry uses 91.2% of its storage', 'Preview cleanup'],
  ] as const)(
    'localizes a quota alert in %s and offers "Preview cleanup" into the approvals flow',
    (lang, title, label) => {
      const reply = renderAlert(quota, lang);
      expect(reply.title).toBe(title);
      expect(reply.actions).toEqual([
        { type: 'submit', verb: 'action.preview', label, data: { action: 'purge', registry: 'myregistry' } },
      ]);
      expect(reply.facts.map((f) => f.value)).toContain('91 GiB / 100 GiB (91.2%)');
    },
  );

  it('links a failed run to its page, and only over https', () => {
    expect(renderAlert(run, 'en').actions).toEqual([
      { type: 'openUrl', label: 'Open run', url: 'https://portal.azure.com/#run/ca7' },
    ]);
    expect(renderAlert({ ...run, details: { ...run.details, runUrl: 'javascript:alert(1)' } }, 'en').actions).toEqual(
      [],
    );
  });

  it('has every string in every language (no placeholder left)', () => {
    for (const lang of SUPPORTED_LANGS) {
      for (const event of [push, quota, run]) expect(JSON.stringify(renderAlert(event, lang))).not.toMatch(/\{\w+\}/);
    }
  });
});

describe('renderDigest', () => {
  it('summarizes counts per type and target', () => {
    const reply = renderDigest(
      7,
      'en',
      [
        { type: 'push', target: 'myregistry/app/*', count: 37, severity: 3 },
        { type: 'quarantine', target: 'myregistry/**', count: 2, severity: 2 },
      ],
      5,
    );
    expect(reply.digest).toEqual({
      id: 7,
      count: 39,
      lines: [
        '37 pushes to myregistry/app/* in the last 5 minutes',
        '2 quarantines to myregistry/** in the last 5 minutes',
      ],
    });
    expect(reply.severity).toBe(2);
    expect(
      renderDigest(7, 'ja', [{ type: 'push', target: 'myregistry/app/*', count: 37, severity: 3 }], 5).digest!.lines,
    ).toEqual(['過去 5 分間に myregistry/app/* へのプッシュが 37 件']);
  });
});

describe('matching', () => {
  it.each([
    ['app/*', 'app/web', true],
    ['app/*', 'app/web/api', false],
    ['app/**', 'app/web/api', true],
    ['**', 'x', true],
    ['app/web?', 'app/web2', true],
    ['app.web', 'appxweb', false],
    ['App/*', 'app/web', true],
  ])('glob %s vs %s → %s', (pattern, value, expected) => {
    expect(globMatches(pattern, value)).toBe(expected);
  });

  it('filters by registry, type and minimum severity', () => {
    const filter = {
      registry: 'myregistry',
      repositoryPattern: 'app/*',
      eventTypes: ['push' as const],
      minSeverity: 3 as const,
    };
    expect(subscriptionMatches(filter, push)).toBe(true);
    expect(subscriptionMatches({ ...filter, registry: 'other' }, push)).toBe(false);
    expect(subscriptionMatches({ ...filter, eventTypes: ['delete'] }, push)).toBe(false);
    expect(subscriptionMatches({ ...filter, minSeverity: 2 }, push)).toBe(false);
    expect(subscriptionMatches({ ...filter, eventTypes: [] }, quota)).toBe(true); // no repository: any pattern
  });

  it('shortens digests', () => {
    expect(shortDigest('sha256:80f0d5c8786bb9e621a45ece0db56d11')).toBe('sha256:80f0d5c8786b');
  });
});
