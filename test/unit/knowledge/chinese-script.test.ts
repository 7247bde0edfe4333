import * as OpenCC from 'opencc-js';
import { readEvalFile } from '../../../src/features/ask/knowledge/evaluate.js';
import { loadFaqMatcher } from '../../../src/features/ask/knowledge/index.js';
import {
  japaneseToTraditional,
  phrasesBeyondCharacters,
  simplifiedToTraditional,
  traditionalToJapanese,
} from '../../../src/features/ask/knowledge/text/chinese-script.js';

describe('simplifiedToTraditional (characters + the phrases that convert differently, then Taiwan forms)', () => {
  it.each([
    ['如何删除没有标签的清单', '如何刪除沒有標籤的清單'],
    // Phrases whose characters alone would go wrong: 复制 is not 復制, 分钟 is not 分鍾.
    ['异地复制失败', '異地複製失敗'],
    ['推送等了十分钟', '推送等了十分鐘'],
    // Taiwan variant after the standard form: 里 → 裏 → 裡.
    ['镜像仓库里的存储配额', '鏡像倉庫裡的存儲配額'],
  ])('%s → %s', (simplified, traditional) => {
    expect(simplifiedToTraditional(simplified)).toBe(traditional);
  });

  it('leaves Traditional Chinese, Japanese kana and Latin text alone', () => {
    for (const text of ['如何刪除沒有標記的資訊清單', 'タグなしのマニフェスト', 'docker push ist langsam']) {
      expect(simplifiedToTraditional(text)).toBe(text);
    }
  });

  it("converts Simplified questions exactly as opencc-js's full cn → tw converter does", () => {
    // What the knowledge base must match: its own zh-TW questions and alternates and the zh-TW eval
    // questions, written in Simplified (opencc-js tw → cn), then converted back by both converters.
    const full = OpenCC.Converter({ from: 'cn', to: 'tw' });
    const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
    const { entries, data } = loadFaqMatcher();
    const questions = [
      ...['dev', 'own', 'extra', 'fresh']
        .flatMap((set) => readEvalFile(`test/eval/faq-${set}.jsonl`))
        .filter((l) => l.lang === 'zh-TW')
        .map((l) => l.q),
      ...entries.filter((e) => e.lang === 'zh-TW').map((e) => e.question),
    ];
    expect(questions.length).toBeGreaterThan(100);
    const simplified: string[] = questions.map((q) => toSimplified(q));
    expect(simplified.filter((s, i) => s !== questions[i]).length).toBeGreaterThan(50);
    expect(simplified.filter((s) => simplifiedToTraditional(s) !== full(s))).toEqual([]);
    // Alternates: one known difference, a phrase boundary only the full segmentation trie sees
    // (范本 | 里 → 範本裡; without the 范本 phrase, 本里 is read as a phrase and 里 stays).
    const alternates = [...data.alternates.values()]
      .flatMap((byLang) => byLang.get('zh-TW') ?? [])
      .map((q) => toSimplified(q));
    expect(alternates.length).toBeGreaterThan(50);
    expect(
      alternates.filter((s) => simplifiedToTraditional(s) !== full(s)).map((s) => simplifiedToTraditional(s)),
    ).toEqual(['範本里使用 listCredentials']);
  });
});

describe('phrasesBeyondCharacters', () => {
  it('keeps only the phrases whose conversion differs from converting their characters one by one', () => {
    const characters = '复 復|制 制|钟 鍾|分 分|镜 鏡|像 像';
    const phrases = '复制 複製|分钟 分鐘|镜像 鏡像';
    expect(phrasesBeyondCharacters([phrases], characters)).toBe('复制 複製|分钟 分鐘');
    expect(phrasesBeyondCharacters(['镜像 鏡像'], characters)).toBe('');
  });
});

describe('Japanese ↔ Traditional character forms', () => {
  it('map shinjitai to Traditional forms and back', () => {
    expect(japaneseToTraditional('検証')).toBe('檢證');
    expect(traditionalToJapanese('檢證')).toBe('検証');
    expect(japaneseToTraditional('容器')).toBe('容器');
  });
});
