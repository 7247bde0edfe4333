import { detectLanguage, langFromLocale } from '../../../src/features/ask/knowledge/lang-detect.js';

describe('detectLanguage on short questions', () => {
  it.each([
    ['タグなしのマニフェストを消したい', 'ja'],
    ['ACR のクォータ', 'ja'],
    ['如何刪除沒有標記的資訊清單', 'zh-TW'],
    ['為什麼配額沒有減少', 'zh-TW'],
    ['Wie lösche ich ungetaggte Manifeste?', 'de'],
    ['Docker pull ist langsam', 'de'],
    ['Hur tar jag bort otaggade manifest?', 'sv'],
    ['Borttagning av replikering ger status förbjuden', 'sv'],
    ['How do I delete untagged images in ACR?', 'en'],
    ['docker push to ACR is slow', 'en'],
    // Whole sentences, where eld's n-gram scores (de/en/sv subset database) carry most of the decision.
    ['Kann ich die Georeplikation für meine Registrierung wieder deaktivieren?', 'de'],
    ['Warum schlägt die Anmeldung mit dem Dienstprinzipal fehl?', 'de'],
    ['Kan jag inaktivera geo-replikering för mitt register igen?', 'sv'],
    ['Varför misslyckas inloggningen med tjänstens huvudnamn?', 'sv'],
    ['Can I turn geo-replication off again for my registry?', 'en'],
    ['Why does signing in with the service principal fail?', 'en'],
  ])('%s → %s', (text, lang) => {
    expect(detectLanguage(text).lang).toBe(lang);
  });

  it('flags Simplified Chinese so it can be normalized to Traditional', () => {
    expect(detectLanguage('如何删除没有标记的清单')).toEqual({ lang: 'zh-TW', simplified: true });
    expect(detectLanguage('如何刪除沒有標記的清單').simplified).toBe(false);
    expect(detectLanguage('异地复制').simplified).toBe(true);
    expect(detectLanguage('異地複製').simplified).toBe(false);
  });

  it('decides Han-only text by Japanese-specific forms, a lexicon, then the locale hint', () => {
    expect(detectLanguage('検証手順').lang).toBe('ja');
    expect(detectLanguage('檢查登錄').lang).toBe('zh-TW');
    const lexicon = { jaOnly: new Set(['削除']), zhOnly: new Set(['刪除']) };
    expect(detectLanguage('削除方法', undefined, lexicon).lang).toBe('ja');
    expect(detectLanguage('刪除方法', undefined, lexicon).lang).toBe('zh-TW');
    expect(detectLanguage('容器', 'ja-JP').lang).toBe('ja');
    expect(detectLanguage('容器', 'zh-TW').lang).toBe('zh-TW');
  });

  it('uses the hint (or English) when there is no letter at all', () => {
    expect(detectLanguage('🙂🙂', 'sv-SE').lang).toBe('sv');
    expect(detectLanguage('   ').lang).toBe('en');
  });

  it('maps channel locales to supported languages', () => {
    expect(langFromLocale('zh-Hant-TW')).toBe('zh-TW');
    expect(langFromLocale('de-DE')).toBe('de');
    expect(langFromLocale('fr-FR')).toBeUndefined();
  });
});
