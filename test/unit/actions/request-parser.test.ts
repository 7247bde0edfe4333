import { commandText, parseRequest, type ParsedRequest } from '../../../src/features/act/request-parser.js';
import type { RequestParams } from '../../../src/features/act/request-params.js';

type Expected =
  | { action: string; params?: RequestParams }
  | { ambiguous: string | undefined; missing: string[]; params?: RequestParams; invalid?: string[] }
  | 'none';

/** [language, message, expected]: the specification of the request grammar. */
const CASES: [string, string, Expected][] = [
  // ── typed commands ──
  [
    'cmd',
    'purge hello-world --ago 30d --keep 5',
    { action: 'purge', params: { repository: 'hello-world', olderThan: '30d', keep: 5 } },
  ],
  ['cmd', 'purge hello-world --untagged', { action: 'purge-untagged', params: { repository: 'hello-world' } }],
  [
    'cmd',
    'purge app/web --ago 7d --untagged',
    { action: 'purge', params: { repository: 'app/web', olderThan: '7d', untaggedOnly: false } },
  ],
  ['cmd', '/purge app/web --ago=2w', { action: 'purge', params: { repository: 'app/web', olderThan: '14d' } }],
  [
    'cmd',
    `purge --filter 'app/web:^dev-' --ago 36h -r myreg.azurecr.io`,
    {
      action: 'purge',
      params: { repository: 'app/web', tagRegex: '^dev-', olderThan: '1d12h', registry: 'myreg.azurecr.io' },
    },
  ],
  ['cmd', 'purge', { ambiguous: 'purge', missing: ['repository', 'olderThan'] }],
  ['cmd', 'purge hello-world', { ambiguous: 'purge', missing: ['olderThan'], params: { repository: 'hello-world' } }],
  ['cmd', 'purge hello-world --ago soon', { ambiguous: 'purge', missing: [], invalid: ['olderThan'] }],
  ['cmd', 'purge hello-world --ago 3d --keep many', { ambiguous: 'purge', missing: [], invalid: ['keep'] }],
  [
    'cmd',
    'purge hello-world --force --ago 3d',
    { ambiguous: 'purge', missing: [], invalid: ['option'], params: { repository: 'hello-world', olderThan: '3d' } },
  ],
  ['cmd', 'purge hello-world --ago', { ambiguous: 'purge', missing: [], invalid: ['option'] }],
  ['cmd', 'usage', { action: 'usage', params: {} }],
  ['cmd', 'usage MyRegistry', { action: 'usage', params: { registry: 'myregistry' } }],
  ['cmd', 'health', { action: 'health', params: {} }],
  ['cmd', 'cancel-runs', { action: 'cancel-runs', params: {} }],
  ['cmd', 'lock hello-world:v1', { action: 'lock', params: { repository: 'hello-world', tag: 'v1' } }],
  [
    'cmd',
    `unlock app/web@sha256:${'a'.repeat(64)}`,
    { action: 'unlock', params: { repository: 'app/web', tag: `sha256:${'a'.repeat(64)}` } },
  ],
  ['cmd', 'lock hello-world', { ambiguous: 'lock', missing: ['tag'], params: { repository: 'hello-world' } }],
  ['cmd', 'disable-admin', { action: 'disable-admin-user', params: {} }],
  ['cmd', 'pending', { action: 'pending', params: {} }],
  ['cmd', 'audit -n 50', { action: 'audit', params: { count: 50 } }],
  ['cmd', 'help', { action: 'help', params: {} }],
  [
    'cmd',
    'ＰＵＲＧＥ hello-world --ago ３０d',
    { action: 'purge', params: { repository: 'hello-world', olderThan: '30d' } },
  ],

  // ── English ──
  [
    'en',
    'delete untagged manifests in hello-world',
    { action: 'purge-untagged', params: { repository: 'hello-world' } },
  ],
  [
    'en',
    'purge tags older than 30 days in app/web but keep 5',
    { action: 'purge', params: { repository: 'app/web', olderThan: '30d', keep: 5 } },
  ],
  [
    'en',
    'Please remove images older than 2 weeks from team/api, keep the latest 10',
    { action: 'purge', params: { repository: 'team/api', olderThan: '14d', keep: 10 } },
  ],
  [
    'en',
    'clean up tags starting with dev- in hello-world older than 7 days',
    { action: 'purge', params: { repository: 'hello-world', tagRegex: '^dev-', olderThan: '7d' } },
  ],
  ['en', 'help me delete untagged manifests in my-app', { action: 'purge-untagged', params: { repository: 'my-app' } }],
  ['en', 'can you cancel all running task runs?', { action: 'cancel-runs' }],
  [
    'en',
    'disable the admin user on myreg.azurecr.io',
    { action: 'disable-admin-user', params: { registry: 'myreg.azurecr.io' } },
  ],
  ['en', 'lock hello-world:v1 please', { action: 'lock', params: { repository: 'hello-world', tag: 'v1' } }],
  ['en', 'unlock the image hello-world:v1', { action: 'unlock', params: { repository: 'hello-world', tag: 'v1' } }],
  ['en', 'show storage usage', { action: 'usage' }],
  ['en', 'run a health check', { action: 'health' }],
  ['en', 'show pending approvals', { action: 'pending' }],
  [
    'en',
    'delete all tags in hello-world older than 60 days except the latest 3',
    { action: 'purge', params: { repository: 'hello-world', olderThan: '60d', keep: 3 } },
  ],
  ['en', 'delete old tags', { ambiguous: 'purge', missing: ['repository', 'olderThan'] }],
  [
    'en',
    'delete tags older than 30 days',
    { ambiguous: 'purge', missing: ['repository'], params: { olderThan: '30d' } },
  ],
  [
    'en',
    'delete everything in hello-world',
    { ambiguous: 'purge', missing: ['olderThan'], params: { repository: 'hello-world' } },
  ],
  ['en', 'how do I delete untagged manifests?', 'none'],
  // A sentence that names a command word but ends as a question is a question (issue 10); polite requests stay requests.
  ['en', 'storage usage limit?', 'none'],
  ['en', 'could you show the storage usage?', { action: 'usage' }],
  ['ja', 'レジストリの容量の上限は?', 'none'],
  ['ja', 'レジストリの容量の上限は', 'none'],
  ['ja', 'ヘルスチェックって?', 'none'],
  ['ja', 'ヘルスチェック', { action: 'health' }],
  ['ja', '使用量を見せてくれますか？', { action: 'usage' }],
  ['zh-TW', '登錄的使用量上限是多少？', 'none'],
  ['zh-TW', '健康檢查', { action: 'health' }],
  ['zh-TW', '請顯示使用量？', { action: 'usage' }],
  ['de', 'Speicherplatz der Registry?', 'none'],
  ['de', 'Kannst du den Speicherplatz anzeigen?', { action: 'usage' }],
  ['de', 'Zustand der Registry prüfen', { action: 'health' }],
  ['sv', 'lagringsanvändning i registret?', 'none'],
  ['sv', 'kan du visa lagringsanvändningen?', { action: 'usage' }],
  ['sv', 'hälsokontroll', { action: 'health' }],
  ['en', 'What is an untagged manifest?', 'none'],
  ['en', 'Why is my storage not reduced after deleting images?', 'none'],
  ['en', 'How can I cancel a running task run?', 'none'],
  ['en', 'delete the webhook', 'none'],
  ['en', 'hello', 'none'],

  // ── Japanese ──
  [
    'ja',
    'hello-world のタグなしマニフェストを削除して',
    { action: 'purge-untagged', params: { repository: 'hello-world' } },
  ],
  ['ja', '30日より古いタグを削除', { ambiguous: 'purge', missing: ['repository'], params: { olderThan: '30d' } }],
  [
    'ja',
    'app/web の30日より古いタグを削除して、最新5個は残して',
    { action: 'purge', params: { repository: 'app/web', olderThan: '30d', keep: 5 } },
  ],
  [
    'ja',
    'app/web の２週間以上前のイメージを消して',
    { action: 'purge', params: { repository: 'app/web', olderThan: '14d' } },
  ],
  ['ja', '実行中のタスクをすべてキャンセルして', { action: 'cancel-runs' }],
  ['ja', '管理者ユーザーを無効にしてください', { action: 'disable-admin-user' }],
  ['ja', 'hello-world:v1 をロックして', { action: 'lock', params: { repository: 'hello-world', tag: 'v1' } }],
  ['ja', 'hello-world:v1 のロックを解除して', { action: 'unlock', params: { repository: 'hello-world', tag: 'v1' } }],
  ['ja', 'タグなしマニフェストを削除する方法は？', 'none'],
  ['ja', 'ACR でタグなしマニフェストを削除するにはどうすればいいですか？', 'none'],
  ['ja', 'タグなしマニフェストを削除できますか？', 'none'],

  // ── Traditional Chinese ──
  [
    'zh-TW',
    '刪除 hello-world 中沒有標記的資訊清單',
    { action: 'purge-untagged', params: { repository: 'hello-world' } },
  ],
  [
    'zh-TW',
    '刪除 app/web 中超過 30 天的標記，保留最新 5 個',
    { action: 'purge', params: { repository: 'app/web', olderThan: '30d', keep: 5 } },
  ],
  [
    'zh-TW',
    '請幫我刪除 hello-world 中沒有標記的資訊清單嗎',
    { action: 'purge-untagged', params: { repository: 'hello-world' } },
  ],
  ['zh-TW', '取消所有執行中的工作', { action: 'cancel-runs' }],
  ['zh-TW', '停用管理員使用者', { action: 'disable-admin-user' }],
  ['zh-TW', '鎖定 hello-world:v1', { action: 'lock', params: { repository: 'hello-world', tag: 'v1' } }],
  ['zh-TW', '解除鎖定 hello-world:v1', { action: 'unlock', params: { repository: 'hello-world', tag: 'v1' } }],
  ['zh-TW', '顯示使用量', { action: 'usage' }],
  ['zh-TW', '如何刪除沒有標記的資訊清單？', 'none'],
  ['zh-TW', '刪除映像後儲存體使用量為什麼沒有減少？', 'none'],

  // ── German ──
  [
    'de',
    'lösche ungetaggte Manifeste in hello-world',
    { action: 'purge-untagged', params: { repository: 'hello-world' } },
  ],
  [
    'de',
    'Lösche Tags älter als 30 Tage in app/web, behalte die neuesten 5',
    { action: 'purge', params: { repository: 'app/web', olderThan: '30d', keep: 5 } },
  ],
  [
    'de',
    'Entferne Images aus team/api, die älter als 2 Wochen sind',
    { action: 'purge', params: { repository: 'team/api', olderThan: '14d' } },
  ],
  [
    'de',
    'lösche alle Tags in hello-world älter als 1 Monat außer den neuesten 3',
    { action: 'purge', params: { repository: 'hello-world', olderThan: '30d', keep: 3 } },
  ],
  ['de', 'Brich alle laufenden Tasks ab', { action: 'cancel-runs' }],
  ['de', 'Deaktiviere den Admin-Benutzer', { action: 'disable-admin-user' }],
  ['de', 'Entsperre hello-world:v1', { action: 'unlock', params: { repository: 'hello-world', tag: 'v1' } }],
  ['de', 'Sperre hello-world:v1', { action: 'lock', params: { repository: 'hello-world', tag: 'v1' } }],
  ['de', 'Wie lösche ich ungetaggte Manifeste?', 'none'],
  ['de', 'Was ist ein ungetaggtes Manifest?', 'none'],

  // ── Swedish ──
  [
    'sv',
    'ta bort otaggade manifest i hello-world',
    { action: 'purge-untagged', params: { repository: 'hello-world' } },
  ],
  [
    'sv',
    'Ta bort taggar äldre än 30 dagar i app/web men behåll 5',
    { action: 'purge', params: { repository: 'app/web', olderThan: '30d', keep: 5 } },
  ],
  ['sv', 'Avbryt alla pågående körningar', { action: 'cancel-runs' }],
  ['sv', 'Inaktivera administratörsanvändaren', { action: 'disable-admin-user' }],
  ['sv', 'lås hello-world:v1', { action: 'lock', params: { repository: 'hello-world', tag: 'v1' } }],
  ['sv', 'lås upp hello-world:v1', { action: 'unlock', params: { repository: 'hello-world', tag: 'v1' } }],
  ['sv', 'visa lagringsanvändning', { action: 'usage' }],
  ['sv', 'Hur tar jag bort otaggade manifest?', 'none'],
  ['sv', 'Vad är ett otaggat manifest?', 'none'],
];

function summarize(result: ParsedRequest): Expected {
  if (result.kind === 'none') return 'none';
  if (result.kind === 'action') return { action: result.action, params: result.params };
  return {
    ambiguous: result.partial.action,
    missing: result.missing,
    params: result.partial.params,
    invalid: result.invalid.map((bad) => bad.field),
  };
}

describe('request grammar', () => {
  it.each(CASES)('[%s] %s', (_lang, message, expected) => {
    const actual = summarize(parseRequest(message));
    if (expected === 'none') return expect(actual).toBe('none');
    if ('action' in expected) {
      expect(actual).toMatchObject({ action: expected.action });
      if (expected.params) expect((actual as { params: unknown }).params).toEqual(expected.params);
      return;
    }
    expect(actual).toMatchObject({
      ambiguous: expected.ambiguous,
      missing: expected.missing,
      invalid: expected.invalid ?? [],
    });
    if (expected.params) expect((actual as { params: unknown }).params).toMatchObject(expected.params);
  });

  it.each(['__proto__', 'constructor', '/toString x', 'hasOwnProperty --keep 1'])(
    '%j (an Object.prototype name) is no command and does not throw (found by npm run fuzz)',
    (text) => {
      expect(parseRequest(text).kind).not.toBe('action');
    },
  );

  it('covers all five languages with at least 40 natural cases', () => {
    const natural = CASES.filter(([lang]) => lang !== 'cmd');
    expect(natural.length).toBeGreaterThanOrEqual(40);
    expect(new Set(natural.map(([lang]) => lang))).toEqual(new Set(['en', 'ja', 'zh-TW', 'de', 'sv']));
    for (const lang of ['en', 'ja', 'zh-TW', 'de', 'sv'])
      expect(natural.some(([l, , expected]) => l === lang && expected === 'none')).toBe(true);
  });

  it('says where a request came from', () => {
    expect(parseRequest('purge hello-world --ago 1d')).toMatchObject({ origin: 'typed' });
    expect(parseRequest('delete untagged manifests in hello-world')).toMatchObject({ origin: 'natural' });
    expect(parseRequest('   ')).toEqual({ kind: 'none' });
  });
});

describe('commandText: a request given as parameters, written as the command a person would type', () => {
  test.each([
    ['purge-untagged', { registry: 'myregistry' }, 'purge --untagged --registry myregistry'],
    ['disable-admin-user', { registry: 'myregistry' }, 'disable-admin-user --registry myregistry'],
    [
      'purge',
      { repository: 'app/web', olderThan: '30d', keep: 5, registry: 'prod' },
      'purge app/web --ago 30d --keep 5 --registry prod',
    ],
  ] as const)('%s %j → %s, read back to the same request', (action, params, text) => {
    expect(commandText(action, params)).toBe(text);
    const parsed = parseRequest(text);
    const back = parsed.kind === 'action' ? parsed : parsed.kind === 'ambiguous' ? parsed.partial : undefined;
    expect(back).toMatchObject({ action, params });
  });
});
