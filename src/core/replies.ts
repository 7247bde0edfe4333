/** The core's own replies: help (assembled from the features' sections) and errors. Pure functions. */
import { strings } from './i18n.js';
import type { Lang } from './lang.js';
import type { NeutralReply, ReplySection } from './model.js';

/** Help: what each feature offers this person (Ask first: how to ask, example questions; then Act, Alerts). */
export function helpReply(lang: Lang, featureSections: readonly ReplySection[] = []): NeutralReply {
  const s = strings(lang);
  return {
    kind: 'help',
    lang,
    title: s.helpTitle,
    summary: s.helpTitle,
    badges: [],
    sections: [...featureSections],
    links: [],
    actions: [],
  };
}

export function errorReply(lang: Lang, message: string): NeutralReply {
  const s = strings(lang);
  return {
    kind: 'error',
    lang,
    title: s.errorTitle,
    summary: message,
    badges: [],
    sections: [{ text: message }],
    links: [],
    actions: [],
  };
}
