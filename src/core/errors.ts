import type { Lang } from './lang.js';
import { format, strings, type Strings } from './i18n.js';

/** Codes of errors the user may see; each maps to a localized message in i18n.ts. */
export const USER_ERROR_MESSAGES = {
  topicNotFound: 'errorTopicNotFound',
  unknownAction: 'errorUnknownAction',
  emptyQuestion: 'errorEmptyQuestion',
  invalidAction: 'errorInvalidAction',
} as const satisfies Record<string, keyof Strings>;

export type UserErrorCode = keyof typeof USER_ERROR_MESSAGES;

/**
 * An error meant for the person in the chat: it carries a code and parameters, not text, so the reply can be
 * rendered in the user's language. Every feature's user-facing error extends it; anything else thrown is
 * internal and shown only as a reference id (errorReference).
 */
export abstract class LocalizedError extends Error {
  abstract localize(lang: Lang): string;
}

/** The core's own user-facing errors (unknown button, empty question…). */
export class UserFacingError extends LocalizedError {
  constructor(
    readonly code: UserErrorCode,
    readonly params: Record<string, string> = {},
  ) {
    super(code);
    this.name = 'UserFacingError';
  }

  localize(lang: Lang): string {
    return format(strings(lang)[USER_ERROR_MESSAGES[this.code]] as string, this.params);
  }
}
