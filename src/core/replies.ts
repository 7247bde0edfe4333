/** The core's own replies: help (assembled from the features' sections) and errors. Pure functions. */
import type { Lang } from './lang.js';
import { t } from './messages/index.js';
import type { NeutralReply, ReplySection } from './model.js';

/** Help: what each feature offers this person (Ask first: how to ask, example questions; then Act, Alerts). */
export function helpReply(lang: Lang, featureSections: readonly ReplySection[] = []): NeutralReply {
  return {
    kind: 'help',
    lang,
    title: t(lang, 'help.title'),
    summary: t(lang, 'help.title'),
    badges: [],
    sections: [...featureSections],
    links: [],
    actions: [],
  };
}

export function errorReply(lang: Lang, message: string): NeutralReply {
  return {
    kind: 'error',
    lang,
    title: t(lang, 'error.title'),
    summary: message,
    badges: [],
    sections: [{ text: message }],
    links: [],
    actions: [],
  };
}
