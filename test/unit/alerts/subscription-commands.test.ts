import {
  parseSubscriptionCommand,
  type SubscriptionCommand,
} from '../../../src/features/alerts/subscription-commands.js';

type Case = [input: string, expected: SubscriptionCommand | null];

const sub = (
  lang: SubscriptionCommand['lang'],
  registry: string,
  repositoryPattern: string,
  eventTypes: string[],
  minSeverity = 4,
): SubscriptionCommand =>
  ({
    kind: 'subscribe',
    lang,
    filter: { registry, repositoryPattern, eventTypes, minSeverity },
  }) as SubscriptionCommand;
const PUSH = ['chart_push', 'push'];

const cases: Case[] = [
  // subscribe, every language
  ['subscribe this channel to pushes in myregistry for app/*', sub('en', 'myregistry', 'app/*', PUSH)],
  ['Subscribe to deletions in MyRegistry.azurecr.io', sub('en', 'myregistry', '**', ['chart_delete', 'delete'])],
  ['subscribe to everything in prodregistry', sub('en', 'prodregistry', '**', [])],
  [
    'subscribe to quota and failed runs in prodregistry sev2',
    sub('en', 'prodregistry', '**', ['quota', 'run_failed'], 2),
  ],
  [
    'subscribe this channel to pushes and quarantines in myregistry for team/**.',
    sub('en', 'myregistry', 'team/**', [...PUSH, 'quarantine'].sort()),
  ],
  ['このチャンネルで myregistry の app/* への push を購読', sub('ja', 'myregistry', 'app/*', PUSH)],
  ['myregistry の削除を購読', sub('ja', 'myregistry', '**', ['chart_delete', 'delete'])],
  ['ｍｙｒｅｇｉｓｔｒｙ のすべてを購読', sub('ja', 'myregistry', '**', [])],
  ['訂閱 myregistry 中 app/* 的推送', sub('zh-TW', 'myregistry', 'app/*', PUSH)],
  ['訂閱 myregistry 的配額警示 sev1', sub('zh-TW', 'myregistry', '**', ['quota'], 1)],
  ['abonniere Pushes in myregistry für app/*', sub('de', 'myregistry', 'app/*', PUSH)],
  ['Abonniere fehlgeschlagene Ausführungen im prodregistry', sub('de', 'prodregistry', '**', ['run_failed'])],
  ['prenumerera på pushar i myregistry för app/*', sub('sv', 'myregistry', 'app/*', PUSH)],
  ['prenumerera på allt i myregistry', sub('sv', 'myregistry', '**', [])],
  // unsubscribe
  ['unsubscribe 3', { kind: 'unsubscribe', lang: 'en', id: 3, filter: {} }],
  ['unsubscribe #12', { kind: 'unsubscribe', lang: 'en', id: 12, filter: {} }],
  [
    'unsubscribe this channel from pushes in myregistry for app/*',
    {
      kind: 'unsubscribe',
      lang: 'en',
      filter: { registry: 'myregistry', repositoryPattern: 'app/*', eventTypes: PUSH } as never,
    },
  ],
  ['unsubscribe all', { kind: 'unsubscribe', lang: 'en', filter: {} }],
  ['購読解除 3', { kind: 'unsubscribe', lang: 'ja', id: 3, filter: {} }],
  ['取消訂閱 myregistry', { kind: 'unsubscribe', lang: 'zh-TW', filter: { registry: 'myregistry' } }],
  ['kündige Abonnement 4', { kind: 'unsubscribe', lang: 'de', id: 4, filter: {} }],
  ['avsluta prenumeration 5', { kind: 'unsubscribe', lang: 'sv', id: 5, filter: {} }],
  // list
  ['list subscriptions', { kind: 'list', lang: 'en' }],
  ['subscriptions', { kind: 'list', lang: 'en' }],
  ['購読一覧', { kind: 'list', lang: 'ja' }],
  ['列出訂閱', { kind: 'list', lang: 'zh-TW' }],
  ['Abonnements anzeigen', { kind: 'list', lang: 'de' }],
  ['lista prenumerationer', { kind: 'list', lang: 'sv' }],
  // recognised intent, unusable details → localized "didn't understand"
  ['subscribe to pushes', { kind: 'not-understood', lang: 'en' }],
  ['subscribe to pushes in my_registry!', { kind: 'not-understood', lang: 'en' }],
  ['subscribe to pushes in myregistry for app/<script>', { kind: 'not-understood', lang: 'en' }],
  ['購読したい', { kind: 'not-understood', lang: 'ja' }],
  ['abonniere bitte', { kind: 'not-understood', lang: 'de' }],
  ['unsubscribe please', { kind: 'not-understood', lang: 'en' }],
  // not subscription commands at all (the FAQ answers them)
  ['How do I delete an image?', null],
  ['Why does docker push fail with a 403?', null],
  ['レジストリのストレージ上限は？', null],
  ['', null],
];

describe('parseSubscriptionCommand', () => {
  it.each(cases)('%s', (input, expected) => {
    expect(parseSubscriptionCommand(input)).toEqual(expected);
  });
});

describe('registry prepositions are per language', () => {
  it('the Swedish "i" is not a registry preposition in English', () => {
    expect(parseSubscriptionCommand('how do i subscribe to pushes')).toEqual({ kind: 'not-understood', lang: 'en' });
    expect(parseSubscriptionCommand('prenumerera på pushar i myregistry')).toMatchObject({
      kind: 'subscribe',
      lang: 'sv',
      filter: { registry: 'myregistry' },
    });
  });
});
