/** The core's own messages in Japanese. */
import type { Translation } from '../catalog.js';
import type { en } from './en.js';

export const ja: Translation<typeof en> = {
  langName: '日本語',
  'help.title': 'ACR アシスタントの使い方',
  'error.title': '問題が発生しました',
  'error.internal': 'ボット側で問題が発生しました。もう一度お試しください。参照番号: {ref}',
  'error.unavailable': '一時的に利用できないため、処理できませんでした。少し待ってからもう一度お試しください。',
  'error.unknownAction': 'このボタンはもう使用できません。もう一度質問してください。',
  'error.invalidAction': 'ボタンのデータが不完全です。もう一度質問してください。',
};
