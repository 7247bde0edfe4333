import type { MessageParams } from './catalog.js';
import type { Lang } from './lang.js';
import { t } from './messages/index.js';

/**
 * An error meant for the person in the chat: it carries a code and parameters, not text, so the reply can be
 * rendered in the user's language. Every feature's user-facing error extends it; anything else thrown is
 * internal and shown only as a reference id (errorReference).
 */
export abstract class LocalizedError extends Error {
  abstract localize(lang: Lang): string;
}

/**
 * A user-facing error that the core itself answers with an error reply when a handler throws it (features
 * that answer their own errors, like Act, extend LocalizedError instead). Each subclass localizes from the
 * catalog that owns its codes.
 */
export abstract class UserFacingError<Code extends string = string> extends LocalizedError {
  constructor(
    readonly code: Code,
    readonly params: MessageParams = {},
  ) {
    super(code);
    this.name = new.target.name;
  }
}

/** Codes of the core's own user-facing errors; each is the key `error.<code>` of the core's catalog. */
export type CoreErrorCode = 'unknownAction' | 'invalidAction';

/** The core's own user-facing errors: a button nobody knows, a button with incomplete data. */
export class CoreError extends UserFacingError<CoreErrorCode> {
  localize(lang: Lang): string {
    return t(lang, `error.${this.code}`, this.params);
  }
}
