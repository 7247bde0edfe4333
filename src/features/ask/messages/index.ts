/** Ask's message catalog: answers, abstentions, welcome and help, small talk, feedback, and learning from feedback ("Which of these did you mean?", `kb review`). */
import { defineMessages } from '../../../core/catalog.js';
import { de } from './de.js';
import { en } from './en.js';
import { ja } from './ja.js';
import { sv } from './sv.js';
import { zhTW } from './zh-TW.js';

export const askMessages = defineMessages({ en, ja, 'zh-TW': zhTW, de, sv });
export const { t } = askMessages;
export type AskMessageKey = keyof typeof en;
