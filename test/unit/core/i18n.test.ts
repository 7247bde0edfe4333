import { format } from '../../../src/core/catalog.js';
import { helpKeywordLang, keywordReplyLang } from '../../../src/core/i18n.js';
import { langFromLocale } from '../../../src/core/lang.js';
import { t as coreT } from '../../../src/core/messages/index.js';
import { t as askT } from '../../../src/features/ask/messages/index.js';
import { markdownToSections } from '../../../src/core/markdown.js';
import { SUPPORTED_LANGS } from '../../../src/features/ask/knowledge/types.js';

describe('localized strings', () => {
  test('non-English catalogs are really translated', () => {
    for (const lang of SUPPORTED_LANGS.filter((l) => l !== 'en')) {
      expect(askT(lang, 'abstain.title')).not.toBe(askT('en', 'abstain.title'));
      expect(askT(lang, 'welcome.title')).not.toBe(askT('en', 'welcome.title'));
      expect(coreT(lang, 'error.title')).not.toBe(coreT('en', 'error.title'));
    }
  });

  test('format fills placeholders and leaves unknown ones', () => {
    expect(format('{a} and {b}', { a: 'x' })).toBe('x and {b}');
  });

  test.each([
    ['ja-JP', 'ja'],
    ['zh-TW', 'zh-TW'],
    ['zh-Hant-HK', 'zh-TW'],
    ['zh-CN', 'zh-TW'],
    ['de_AT', 'de'],
    ['sv', 'sv'],
    ['en-GB', 'en'],
    ['fr-FR', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('locale %s → %s', (locale, lang) => {
    expect(langFromLocale(locale)).toBe(lang);
  });

  test.each([
    ['help', 'en'],
    ['/Help', 'en'],
    ['?', 'en'],
    ['Hilfe!', 'de'],
    ['hjälp', 'sv'],
    ['ヘルプ', 'ja'],
    ['說明', 'zh-TW'],
    ['help me delete an image', null],
  ])('help keyword %s → %s', (text, lang) => expect(helpKeywordLang(text)).toBe(lang));

  test('a keyword in German, Swedish, Japanese or Chinese wins over the client locale; English follows a supported locale', () => {
    expect(keywordReplyLang('de', 'en-US')).toBe('de');
    expect(keywordReplyLang('en', 'ja-JP')).toBe('ja');
    expect(keywordReplyLang('en', 'fr-FR')).toBe('en');
  });
});

describe('answer markdown → sections', () => {
  test('fenced code becomes its own section (dedented, language kept); prose and lists stay markdown', () => {
    const sections = markdownToSections(
      'Run this:\n\n```bash\n  az acr login -n r\n    --expose-token\n```\n\n- one\n- two',
    );
    expect(sections).toEqual([
      { text: 'Run this:' },
      { code: { language: 'bash', text: 'az acr login -n r\n  --expose-token' } },
      { text: '- one\n- two' },
    ]);
  });

  test('two-column tables become facts, wider tables preformatted text', () => {
    expect(markdownToSections('| Tier | Storage |\n|---|---|\n| Basic | 10 GiB |')).toEqual([
      {
        facts: [
          { label: 'Tier', value: 'Storage' },
          { label: 'Basic', value: '10 GiB' },
        ],
      },
    ]);
    expect(markdownToSections('| a | b | c |\n|---|---|---|\n| 1 | 2 | 3 |')).toEqual([
      { code: { text: 'a | b | c\n1 | 2 | 3' } },
    ]);
  });

  test('an unterminated fence keeps its content as code', () => {
    expect(markdownToSections('```\nx')).toEqual([{ code: { text: 'x' } }]);
  });
});
