/** Ask's messages in Traditional Chinese. */
import type { Translation } from '../../../core/catalog.js';
import type { en } from './en.js';

export const zhTW: Translation<typeof en> = {
  'choice.title': '您指的是下列哪一個?',
  'choice.none': '都不是',
  'choice.thanks': '謝謝!您的選擇會交由知識庫維護者審核;核准後,這個問題就會得到這個答案。',
  'choice.thanksNone': '謝謝,已記錄:以上都不是您要找的。',
  'choice.notFound': '找不到這個問題了。',
  'choice.notOffered': '這個主題不是此問題的候選項目。',
  'choice.alreadyChosen': '這個問題已經有人選擇過了。',
  'review.title': '待審核的問法',
  'review.waiting': '共 {count} 筆待審核。核准的問法會立即在所有 Bot 執行個體中生效。',
  'review.empty': '沒有待審核的問法。',
  'review.question': '問題',
  'review.lang': '語言',
  'review.topic': '選擇的主題',
  'review.from': '來源',
  'review.from.abstain': '沒有答案',
  'review.from.down': '對「{topic}」按了 👎',
  'review.accept': '核准',
  'review.reject': '拒絕',
  'review.accepted': '已核准:「{question}」現在會找到「{topic}」。',
  'review.rejected': '已拒絕:「{question}」。',
  'review.notPending': '這個問法已經審核過了。',
  'review.notFound': '找不到這個問法。',
  'review.notMaintainer': '只有知識庫維護者可以審核問法 (核准原則中的 knowledge.maintainers)。',
};
