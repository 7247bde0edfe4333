/** Ask's messages in Japanese. */
import type { Translation } from '../../../core/catalog.js';
import type { en } from './en.js';

export const ja: Translation<typeof en> = {
  'choice.title': 'どれのことでしたか?',
  'choice.none': 'どれでもない',
  'choice.thanks':
    'ありがとうございます。選択はナレッジ管理者が確認し、承認されるとこの質問にはこの回答が表示されます。',
  'choice.thanksNone': 'ありがとうございます。どれも該当しなかったことを記録しました。',
  'choice.notFound': 'その質問はもう見つかりません。',
  'choice.notOffered': 'そのトピックはこの質問の候補ではありませんでした。',
  'choice.alreadyChosen': 'この質問にはすでに選択が記録されています。',
  'review.title': '確認待ちの言い換え',
  'review.waiting': '{count} 件が確認待ちです。承認した言い換えは、すべてのボット インスタンスですぐに使われます。',
  'review.empty': '確認待ちの言い換えはありません。',
  'review.question': '質問',
  'review.lang': '言語',
  'review.topic': '選ばれたトピック',
  'review.from': 'きっかけ',
  'review.from.abstain': '回答なし',
  'review.from.down': '「{topic}」に 👎',
  'review.accept': '承認',
  'review.reject': '却下',
  'review.accepted': '承認しました: 「{question}」は「{topic}」に答えます。',
  'review.rejected': '却下しました: 「{question}」',
  'review.notPending': 'その言い換えはすでに確認済みです。',
  'review.notFound': 'その言い換えが見つかりません。',
  'review.notMaintainer': '言い換えを確認できるのはナレッジ管理者だけです (承認ポリシーの knowledge.maintainers)。',
};
