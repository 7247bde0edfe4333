import { smallTalk } from '../../../src/features/ask/knowledge/small-talk.js';
import { loadFaqMatcher } from '../../../src/features/ask/knowledge/index.js';

describe('small talk', () => {
  test.each([
    ['thank you so much!', 'thanks'],
    ['Tusen tack 🙏', 'thanks'],
    ['vielen Dank für Ihre Hilfe', 'thanks'],
    ['どうもありがとうございました', 'thanks'],
    ['感謝幫忙', 'thanks'],
    ['hey everyone', 'greeting'],
    ['hejsan allihop', 'greeting'],
    ['Moin moin', 'greeting'],
    ['おはようございます', 'greeting'],
    ['大家好', 'greeting'],
    ['what can you do?', 'identity'],
    ['vad kan du göra?', 'identity'],
    ['was kannst du?', 'identity'],
    ['何ができますか？', 'identity'],
    ['你能做什麼？', 'identity'],
    ['you are totally useless', 'insult'],
    ['boten är dålig', 'insult'],
    ['der Bot ist schlecht', 'insult'],
    ['使えない', 'insult'],
    ['你很笨', 'insult'],
    ['alright', 'ack'],
    ['okej', 'ack'],
    ['alles klar', 'ack'],
    ['了解です', 'ack'],
    ['收到', 'ack'],
    ['can you help me?', 'identity'],
    ['hjälp mig!', 'identity'],
    ['Kannst du mir helfen?', 'identity'],
    ['助けて', 'identity'],
    ['幫幫我', 'identity'],
    ['ok thanks', 'thanks'],
    ['hi there, how are you doing?', 'greeting'],
    // Thanks with an outcome is thanks; the outcome alone is an acknowledgement.
    ['thanks, that worked!', 'thanks'],
    ['danke, hat geklappt', 'thanks'],
    ['tack, det funkade', 'thanks'],
    ['ありがとう、できました', 'thanks'],
    ['謝謝，成功了', 'thanks'],
    ['that worked, thanks 🎉', 'thanks'],
    ['Das hat funktioniert, danke!', 'thanks'],
    ['it works now', 'ack'],
    ['det fungerar nu', 'ack'],
    ['解決しました！', 'ack'],
    ['搞定了', 'ack'],
  ])('%s → %s', (text, kind) => {
    expect(smallTalk(text)?.kind).toBe(kind);
  });

  // One or two words are too few for a language detector ("hej" read as English, "hello" as Swedish): the phrase tells.
  test.each([
    ['hello', 'en'],
    ['Hi!', 'en'],
    ['hi there', 'en'],
    ['Hallo 👋', 'de'],
    ['grüezi', 'de'],
    ['hej', 'sv'],
    ['god kväll', 'sv'],
    ['こんにちは。', 'ja'],
    ['你好！', 'zh-TW'],
    ['Tusen tack 🙏', 'sv'],
    ['danke', 'de'],
    ['了解です', 'ja'],
    ['收到', 'zh-TW'],
    ['ok tack', 'sv'],
  ])('%s is in %s', (text, lang) => {
    expect(smallTalk(text)?.lang).toBe(lang);
  });

  test.each([
    'thanks, but docker pull still times out',
    'hi, how do I enable anonymous pull?',
    'ok so where is the admin password',
    'Danke! Und wie lösche ich Manifeste ohne Tag?',
    'ありがとう。タグなしのマニフェストを消すには？',
    'help',
    'hello, how do I delete an image?',
    'hilfe',
    'can you help me delete untagged manifests?',
    'kan du hjälpa mig med anonym pull?',
    'thanks, that worked for push but docker pull still fails',
    'it worked yesterday, now az acr login fails',
    'das hat geklappt, aber wie lösche ich jetzt alte Tags?',
    '',
  ])('a message with a question in it is not small talk: %s', (text) => {
    expect(smallTalk(text)).toBeNull();
  });

  test('the matcher abstains on small talk without suggesting FAQ topics', () => {
    const { matcher } = loadFaqMatcher();
    for (const text of [
      'thank you so much!',
      'Tusen tack för hjälpen',
      'wer bist du?',
      'thanks, that worked!',
      'tack, det funkade!',
    ]) {
      expect(matcher.match(text)).toMatchObject({
        topic: null,
        entry: null,
        alternatives: [],
        smallTalk: expect.any(String),
      });
    }
    expect(matcher.match('How do I get admin credentials for my registry?').smallTalk).toBeUndefined();
  });
});
