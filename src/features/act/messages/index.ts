/** Act's message catalog: requests, previews, approvals, purge input errors and the clean-up request wizard. */
import { defineMessages } from '../../../core/catalog.js';
import { de } from './de.js';
import { en } from './en.js';
import { ja } from './ja.js';
import { sv } from './sv.js';
import { zhTW } from './zh-TW.js';

export const actMessages = defineMessages({ en, ja, 'zh-TW': zhTW, de, sv });
export const { t } = actMessages;
export type ActMessageKey = keyof typeof en;
/** The approval policy's refusals and the click checks' answers. */
export type ApprovalMessageKey = Extract<ActMessageKey, `policy.deny.${string}` | `click.${string}`>;
