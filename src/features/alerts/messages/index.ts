/** The alerts' message catalog: alert cards, digests, subscription commands and their chat answers. */
import { defineMessages } from '../../../core/catalog.js';
import { de } from './de.js';
import { en } from './en.js';
import { ja } from './ja.js';
import { sv } from './sv.js';
import { zhTW } from './zh-TW.js';

export const alertMessages = defineMessages({ en, ja, 'zh-TW': zhTW, de, sv });
export const { t } = alertMessages;
export type AlertMessageKey = keyof typeof en;
