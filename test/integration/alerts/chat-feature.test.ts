/**
 * The alerts' chat side through the real BotCore and router, on a real (embedded PostgreSQL) database:
 * subscription commands in several languages, FAQ questions left alone, "Show tags" over a registry
 * (the in-memory RegistryClient test double), and "Preview …" handed to whatever handles typed requests
 * (here a stand-in feature that records what it gets, as the Act feature will receive it).
 */
import { AlertsChatFeature, type ActionPreview } from '../../../src/features/alerts/chat-feature.js';
import { ALERT_VERBS } from '../../../src/features/alerts/render.js';
import { SubscriptionStore } from '../../../src/features/alerts/subscriptions.js';
import type { BotCore } from '../../../src/core/bot.js';
import type { NeutralReply, NeutralRequest } from '../../../src/core/model.js';
import { openDatabase, type SqlDatabase } from '../../../src/storage/database.js';
import { registerConversation } from '../../helpers/alerts.js';
import {
  FakeMatcher,
  MemoryFeedbackStore,
  MemoryLogger,
  request,
  teamsUser,
  askBotCore,
} from '../../helpers/bot-fakes.js';
import { resetTables } from '../../helpers/databases.js';
import { fakeDigest, InMemoryRegistry } from '../../helpers/in-memory-registry.js';

/** Stands in for the Act feature: records the typed requests it would plan. */
/** Stands in for Act's preview: records what Alerts asked for (Act itself is tested in test/unit/actions). */
class RecordingPreview {
  readonly received: { request: NeutralRequest; action: string; params: { registry: string } }[] = [];
  readonly preview: ActionPreview = async (request, _ctx, action, params) => {
    this.received.push({ request, action, params });
    const text = `planned: ${action} ${params.registry}`;
    return { kind: 'action', lang: 'en', summary: text, badges: [], sections: [{ text }], links: [], actions: [] };
  };
}

let db: SqlDatabase;
let core: BotCore;
let matcher: FakeMatcher;
let act: RecordingPreview;
const registry = new InMemoryRegistry({ kind: 'oci' });
const DAY = 86_400_000;

beforeAll(async () => {
  db = await openDatabase({ dataDir: 'memory://' });
  registry.add('app/web', { digest: fakeDigest('old'), tags: ['v1'], createdAt: new Date(Date.now() - 10 * DAY) });
  registry.add('app/web', {
    digest: fakeDigest('new'),
    tags: ['v2', 'latest'],
    createdAt: new Date(Date.now() - 2 * DAY),
  });
}, 60_000);
afterAll(() => db?.close());

beforeEach(async () => {
  await resetTables(db, ['alert_subscriptions', 'conversation_references']);
  matcher = new FakeMatcher();
  act = new RecordingPreview();
  const alerts = new AlertsChatFeature({
    subscriptions: new SubscriptionStore(db),
    registries: new Map([['myregistry', registry]]),
    logger: new MemoryLogger(),
    preview: act.preview,
  });
  core = askBotCore({
    matcher,
    feedback: new MemoryFeedbackStore(),
    logger: new MemoryLogger(),
    defaultLang: 'en',
    features: [alerts],
  });
});

const conversation = { platform: 'teams' as const, conversationId: 'conv-1' };
const textOf = (reply: NeutralReply | null) =>
  reply?.sections.map((s) => s.text ?? s.facts?.map((f) => `${f.label}=${f.value}`).join(' ')).join('\n');
const click = (verb: string, data: Record<string, string>, locale = 'en-US') =>
  core.reply(request({ action: { verb, data }, origin: 'button', locale }));

test('subscribes in Japanese, lists in German, unsubscribes in Swedish; the creator comes from the activity', async () => {
  await registerConversation(db, conversation);
  const subscribed = await core.reply(
    request({ text: 'このチャンネルで myregistry の app/* への push を購読', user: teamsUser('aad-user-7', 'Aiko') }),
  );
  expect(subscribed).toMatchObject({ kind: 'subscription', lang: 'ja' });
  expect(textOf(subscribed)).toContain('myregistry/app/*');
  const [stored] = await new SubscriptionStore(db).listForConversation(conversation);
  expect(stored).toMatchObject({
    registry: 'myregistry',
    repositoryPattern: 'app/*',
    createdBy: 'aad-user-7',
    lang: 'ja',
  });

  const list = await core.reply(request({ text: 'zeige abonnements' }));
  expect(list).toMatchObject({ lang: 'de', title: 'Warnungsabonnements dieser Unterhaltung' });
  expect(textOf(list)).toContain(`#${stored.id}`);

  const removed = await core.reply(request({ text: `avsluta prenumeration ${stored.id}` }));
  expect(removed?.lang).toBe('sv');
  expect(await new SubscriptionStore(db).listForConversation(conversation)).toEqual([]);
  expect(matcher.calls).toEqual([]); // none of it went to the FAQ
});

test('a conversation the bot has never seen gets the localized "write to me first", not a failure', async () => {
  const reply = await core.reply(request({ text: 'subscribe this channel to pushes in myregistry' }));
  expect(textOf(reply)).toBe(
    'I cannot post into this conversation yet. Send me any message here first, then try again.',
  );
});

test('questions about subscribing go to the FAQ; unusable commands get examples', async () => {
  await core.reply(request({ text: 'How do I subscribe to webhook notifications?' }));
  expect(matcher.calls.map((c) => c.question)).toEqual(['How do I subscribe to webhook notifications?']);
  const notUnderstood = await core.reply(request({ text: 'subscribe to pushes' }));
  expect(textOf(notUnderstood)).toContain('`subscribe this channel to pushes in myregistry for app/*`');
});

test('"Show tags" lists the configured registry, newest first, in the clicking user\'s language', async () => {
  const reply = await click(ALERT_VERBS.showTags, { registry: 'myregistry', repository: 'app/web' }, 'de-DE');
  expect(reply?.title).toBe('Tags von myregistry/app/web');
  expect(reply?.sections[0].facts?.map((f) => f.label)).toEqual(['latest', 'v2', 'v1']);
  expect(reply?.sections[0].facts?.[2].value).toBe(`${fakeDigest('old').slice(0, 19)} · vor 10 Tagen`);

  const unknown = await click(ALERT_VERBS.showTags, { registry: 'otherregistry', repository: 'app/web' }, 'ja-JP');
  expect(textOf(unknown)).toBe(
    'レジストリ otherregistry はこのボットに設定されていないため、読み取れません。管理者が CHATOPS_REGISTRIES に追加できます。',
  );

  // Card data is untrusted: a repository that is no repository name is refused, nothing is listed.
  const bad = await click(ALERT_VERBS.showTags, { registry: 'myregistry', repository: '../../etc' });
  expect(bad?.kind).toBe('error');
});

test('"Preview …" asks Act for the preview by action and parameters, origin automation, same user and conversation', async () => {
  const reply = await click(ALERT_VERBS.previewAction, { action: 'purge', registry: 'myregistry' });
  expect(textOf(reply)).toBe('planned: purge-untagged myregistry');
  await click(ALERT_VERBS.previewAction, { action: 'disable-admin-user', registry: 'myregistry' });
  expect(act.received).toEqual([
    { request: request({ origin: 'automation' }), action: 'purge-untagged', params: { registry: 'myregistry' } },
    { request: request({ origin: 'automation' }), action: 'disable-admin-user', params: { registry: 'myregistry' } },
  ]);

  for (const data of [
    { action: 'rm -rf', registry: 'myregistry' },
    { action: 'purge', registry: 'my registry; purge' },
  ]) {
    expect((await click(ALERT_VERBS.previewAction, data))?.kind).toBe('error');
  }
  expect(act.received).toHaveLength(2);
});
