import { LocalizedError } from '../../core/errors.js';
import type { Lang } from '../ask/knowledge/types.js';
import { actMessage, type ActMessageKey } from './messages.js';

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
    return actMessage(lang, this.key, this.params);
  }
}
