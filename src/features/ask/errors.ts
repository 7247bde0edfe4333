import { UserFacingError } from '../../core/errors.js';
import type { Lang } from '../../core/lang.js';
import { t } from './messages/index.js';

/** Codes of Ask's user-facing errors; each is the key `error.<code>` of Ask's catalog. */
export type AskErrorCode = 'emptyQuestion' | 'topicNotFound';

/** An empty question, a topic that is gone: answered by the core's error reply, in Ask's words. */
export class AskError extends UserFacingError<AskErrorCode> {
  localize(lang: Lang): string {
    return t(lang, `error.${this.code}`, this.params);
  }
}
