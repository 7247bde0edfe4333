import { LocalizedError } from '../../core/errors.js';
import type { Lang } from '../../core/lang.js';
import { t, type ActMessageKey } from './messages/index.js';

/** A refusal or problem the person in the chat should read, in their language. */
export class ActError extends LocalizedError {
  constructor(
    readonly key: ActMessageKey,
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
    this.name = 'ActError';
  }

  localize(lang: Lang): string {
    return t(lang, this.key, this.params);
  }
}
