import { VERBS, type NeutralReply } from '../../../src/core/model.js';
import type { FaqMatcher } from '../../../src/features/ask/knowledge/types.js';
import { FakeMatcher, MemoryFeedbackStore, MemoryLogger, request, askBotCore } from '../../helpers/bot-fakes.js';

function setup(matcher: FaqMatcher = new FakeMatcher()) {
  const feedback = new MemoryFeedbackStore();
  const logger = new MemoryLogger();
  const core = askBotCore({ matcher, feedback, logger, defaultLang: 'en' });
  return { core, feedback, logger };
}

const allText = (reply: NeutralReply | null) => JSON.stringify(reply);

describe('BotCore FAQ flow', () => {
  test.each(['__proto__', 'constructor', 'toString'])(
    '%j typed with no locale is a question, not help with a prototype for a language',
    async (text) => {
      const { core, logger } = setup();
      const reply = await core.reply(request({ text, locale: '' }));
      expect(reply?.kind).toBe('abstain');
      expect(logger.records.filter((r) => r.level === 'error')).toEqual([]);
    },
  );

  test('answers a matched question with question title, code section, docs link, alternatives and feedback buttons', async () => {
    const { core } = setup();
    const reply = await core.reply(request({ text: 'How do I get admin credentials?' }));
    expect(reply?.kind).toBe('answer');
    expect(reply?.title).toBe('How do I get admin credentials for a container registry?');
    expect(reply?.sections.find((s) => s.code)?.code).toEqual({
      language: 'azurecli',
      text: 'az acr update -n myregistry --admin-enabled true\naz acr credential show -n myregistry',
    });
    expect(reply?.sections.some((s) => s.text?.includes('- Use it for **testing** only.'))).toBe(true);
    expect(reply?.links).toEqual([
      {
        label: 'Open the official documentation',
        url: 'https://learn.microsoft.com/en-us/azure/container-registry/container-registry-faq',
      },
    ]);
    const didYouMean = reply?.sections.find((s) => s.title === 'Did you mean');
    expect(didYouMean?.actions?.map((a) => [a.verb, a.data.topic])).toEqual([[VERBS.showTopic, 'delete-image']]);
    expect(reply?.actions.map((a) => [a.label, a.data.vote])).toEqual([
      ['👍 Helpful', 'up'],
      ['👎 Not helpful', 'down'],
    ]);
    expect(reply?.badges).toEqual([]);
  });

  test('answers in the language of the question, with localized labels', async () => {
    const { core } = setup();
    const ja = await core.reply(request({ text: '管理者の資格情報を取得するには?' }));
    expect(ja?.lang).toBe('ja');
    expect(ja?.title).toContain('管理者の資格情報');
    expect(ja?.actions[0].label).toBe('👍 役に立った');
    const de = await core.reply(request({ text: 'Wie bekomme ich die Administrator Anmeldedaten?' }));
    expect(de?.lang).toBe('de');
    expect(de?.links[0].label).toBe('Offizielle Dokumentation öffnen');
  });

  test('"Did you mean" under an answer offers only close runners-up (score ≥ DID_YOU_MEAN_MIN_SCORE, 0.2)', async () => {
    const matcher = new FakeMatcher();
    const farAlternatives = {
      match: (q: string) => ({
        ...matcher.match(q),
        alternatives: [
          { topic: 'delete-image', score: 0.19, title: 'far' },
          { topic: 'stack-hub-limits', score: 0.2, title: 'close' },
        ],
      }),
      answerFor: matcher.answerFor.bind(matcher),
      size: matcher.size,
    };
    const { core } = setup(farAlternatives);
    const reply = await core.reply(request({ text: 'admin credentials' }));
    expect(reply?.sections.find((s) => s.title === 'Did you mean')?.actions?.map((a) => a.label)).toEqual(['close']);
  });

  test('says when the answer is in another language than the question (fallback badge)', async () => {
    const { core } = setup();
    const reply = await core.reply(request({ text: 'Hur tar jag bort en avbildning? (ta bort)' }));
    expect(reply?.kind).toBe('answer');
    expect(reply?.badges).toContainEqual({
      text: 'Svaret visas på English — finns inte på Svenska',
      tone: 'attention',
    });
  });

  test('marks Azure Stack Hub answers with an edition badge', async () => {
    const { core } = setup();
    const reply = await core.reply(request({ text: 'limits on stack hub' }));
    expect(reply?.badges).toContainEqual({ text: 'Azure Stack Hub edition', tone: 'accent' });
  });

  test('abstains with closest topics as buttons and shows no answer', async () => {
    const { core } = setup();
    const reply = await core.reply(request({ text: 'what is the weather today' }));
    expect(reply?.kind).toBe('abstain');
    expect(reply?.title).toBe("Sorry, I don't know the answer to that");
    const buttons = reply!.sections.flatMap((s) => s.actions ?? []);
    expect(buttons.map((b) => b.data.topic)).toEqual(['admin-credentials', 'delete-image']);
    expect(allText(reply)).not.toContain('az acr');
    expect(reply?.actions).toEqual([]);
  });

  test("small talk gets a short reply in kind in the asker's language and what the bot can do, never an FAQ answer", async () => {
    const matcher = new FakeMatcher();
    const smallTalk = {
      match: (q: string) => ({
        ...matcher.match(q),
        lang: 'sv' as const,
        topic: null,
        entry: null,
        alternatives: [],
        smallTalk: 'thanks' as const,
      }),
      answerFor: matcher.answerFor.bind(matcher),
      size: matcher.size,
    };
    const { core } = setup(smallTalk);
    const reply = await core.reply(request({ text: 'tack för hjälpen!' }));
    expect(reply?.kind).toBe('help');
    expect(reply?.title).toBe('Varsågod!');
    expect(reply?.sections[0].text).toContain('ACR-FAQ:n');
    expect(reply?.sections[1].actions?.length).toBeGreaterThan(0);
    expect(reply?.actions).toEqual([]);
  });

  test('a "Did you mean" click answers that topic in the asker\'s language', async () => {
    const { core } = setup();
    const reply = await core.reply(
      request({
        origin: 'button',
        action: { verb: VERBS.showTopic, data: { topic: 'admin-credentials', lang: 'de' } },
      }),
    );
    expect(reply?.kind).toBe('answer');
    expect(reply?.lang).toBe('de');
    expect(reply?.title).toContain('Administratoranmeldeinformationen');
  });

  test('feedback is stored with identity from the request, not from the button data', async () => {
    const { core, feedback } = setup();
    const reply = await core.reply(
      request({
        origin: 'button',
        sourceMessageId: 'msg-9',
        action: {
          verb: VERBS.feedback,
          data: {
            topic: 'admin-credentials',
            vote: 'up',
            lang: 'ja',
            answerLang: 'ja',
            question: 'Q',
            userId: 'someone-else',
          },
        },
      }),
    );
    expect(reply?.kind).toBe('feedback');
    expect(reply?.sections[0].text).toBe('フィードバックありがとうございます。お役に立ててうれしいです。');
    expect(feedback.records).toEqual([
      {
        platform: 'teams',
        userId: 'user-1',
        answerId: 'msg-9',
        topic: 'admin-credentials',
        question: 'Q',
        vote: 'up',
        locale: 'ja',
        answerLang: 'ja',
      },
    ]);
  });

  test('rejects a feedback click with a bad vote with a localized error and stores nothing', async () => {
    const { core, feedback } = setup();
    const reply = await core.reply(
      request({
        locale: 'sv-SE',
        origin: 'button',
        action: { verb: VERBS.feedback, data: { topic: 't', vote: 'maybe' } },
      }),
    );
    expect(reply?.kind).toBe('error');
    expect(reply?.sections[0].text).toBe('Knappen skickade ofullständiga data. Ställ din fråga igen.');
    expect(feedback.records).toHaveLength(0);
  });

  test('unknown verbs and vanished topics give localized user errors', async () => {
    const { core } = setup();
    const unknown = await core.reply(
      request({ locale: 'de-DE', origin: 'button', action: { verb: 'nope', data: {} } }),
    );
    expect(unknown?.sections[0].text).toBe(
      'Diese Schaltfläche kenne ich nicht mehr. Bitte stellen Sie Ihre Frage erneut.',
    );
    const gone = await core.reply(
      request({
        locale: 'zh-TW',
        origin: 'button',
        action: { verb: VERBS.showTopic, data: { topic: 'no-such-topic' } },
      }),
    );
    expect(gone?.sections[0].text).toBe('該主題已無法使用，請重新提問。');
  });

  test('an internal failure becomes a reference id for the user; details go to the log only', async () => {
    const broken: FaqMatcher = {
      size: 1,
      match: () => {
        throw new Error('index corrupted at /secret/path');
      },
      answerFor: () => null,
    };
    const { core, logger } = setup(broken);
    const reply = await core.reply(request({ text: 'anything' }));
    expect(reply?.kind).toBe('error');
    expect(reply?.sections[0].text).toMatch(
      /^Something went wrong on my side\. Please try again\. Reference: [0-9a-f]{8}$/,
    );
    expect(allText(reply)).not.toContain('/secret/path');
    expect(
      logger.records.some(
        (r) => r.level === 'error' && String((r.obj as { err: Error }).err.message).includes('/secret/path'),
      ),
    ).toBe(true);
  });

  test('in a channel it stays silent unless mentioned; buttons still work there', async () => {
    const { core } = setup();
    const channel = { id: 'c', type: 'channel' as const };
    expect(await core.reply(request({ conversation: channel, text: 'admin credentials?' }))).toBeNull();
    expect(
      (await core.reply(request({ conversation: channel, text: 'admin credentials?', mentionedBot: true })))?.kind,
    ).toBe('answer');
    expect(
      (await core.reply(request({ conversation: channel, origin: 'button', action: { verb: VERBS.help, data: {} } })))
        ?.kind,
    ).toBe('help');
  });

  test('group chats are answered like personal chats', async () => {
    const { core } = setup();
    const reply = await core.reply(
      request({ conversation: { id: 'g', type: 'group' }, text: 'admin password', mentionedBot: true }),
    );
    expect(reply?.kind).toBe('answer');
  });

  test('help and welcome follow the client locale, then the keyword language, then the fallback order', async () => {
    const { core } = setup();
    expect((await core.reply(request({ locale: 'ja-JP', text: 'help' })))?.title).toBe('ACR アシスタントの使い方');
    expect((await core.reply(request({ locale: '', text: 'Hilfe' })))?.title).toBe(
      'So verwenden Sie den ACR-Assistenten',
    );
    expect((await core.reply(request({ locale: 'fr-FR', text: '/hjälp' })))?.lang).toBe('sv');
    const welcome = await core.reply(
      request({ locale: 'fr-FR', origin: 'automation', action: { verb: VERBS.welcome, data: {} } }),
    );
    expect(welcome?.kind).toBe('welcome');
    expect(welcome?.lang).toBe('en');
    expect(welcome?.sections[1].actions?.[0]).toMatchObject({
      verb: VERBS.ask,
      data: { question: 'How do I get admin credentials for my registry?' },
    });
  });

  test('an example-question button runs the FAQ with that question', async () => {
    const matcher = new FakeMatcher();
    const { core } = setup(matcher);
    const reply = await core.reply(
      request({
        origin: 'button',
        action: { verb: VERBS.ask, data: { question: 'How do I delete an image?', lang: 'en' } },
      }),
    );
    expect(reply?.kind).toBe('answer');
    expect(matcher.calls[0]).toEqual({
      question: 'How do I delete an image?',
      options: { localeHint: 'en', maxAlternatives: 3 },
    });
  });

  test('an empty question asks for one', async () => {
    const { core } = setup();
    const reply = await core.reply(request({ locale: 'en-GB', text: '   ' }));
    expect(reply?.sections[0].text).toBe('Please type a question, or **help** to see what I can do.');
  });
});
