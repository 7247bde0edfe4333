/** The core's own messages in Traditional Chinese. */
import type { Translation } from '../catalog.js';
import type { en } from './en.js';

export const zhTW: Translation<typeof en> = {
  langName: '繁體中文',
  'help.title': '如何使用 ACR 助理',
  'error.title': '發生錯誤',
  'error.internal': '我這邊發生錯誤，請再試一次。參考編號: {ref}',
  'error.unavailable': '我暫時無法使用，剛才的訊息未能處理。請稍候一分鐘再試一次。',
  'error.unknownAction': '我無法再辨識這個按鈕，請重新提問。',
  'error.invalidAction': '這個按鈕傳送的資料不完整，請重新提問。',
};
