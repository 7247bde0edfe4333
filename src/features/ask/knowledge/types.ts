/** Contracts of the FAQ knowledge base and matcher, shared by the bot, the CLI and the benchmarks. */
import type { SmallTalkKind } from './small-talk.js';
export type { SmallTalkKind } from './small-talk.js';

import type { Lang } from '../../../core/lang.js';
export { SUPPORTED_LANGS, type Lang } from '../../../core/lang.js';

export type Edition = 'azure' | 'azure-stack-hub';

/** One FAQ question/answer in one language, as ingested from a source document. */
export interface KbEntry {
  /** Canonical topic id from knowledge/topics.tsv. */
  topic: string;
  lang: Lang;
  question: string;
  /** Markdown; code blocks and tables intact, no raw HTML. */
  answer: string;
  /** Section id from topics.tsv (resource-management, diagnostics, …). */
  section: string;
  /** Source file name under knowledge/sources/. */
  source: string;
  edition: Edition;
  /** ISO date (YYYY-MM-DD) of the source document. */
  docDate: string;
  /** Our translation (not Microsoft's text): the language of the source entry it was translated from. */
  translatedFrom?: Lang;
}

export interface MatchAlternative {
  topic: string;
  score: number;
  /** Title of the alternative in the best available language for the asker. */
  title: string;
}

/** What the matcher says about one question. Serialized by `npm run ask -- --json` (see README). */
export interface MatchResult {
  /** Best topic, or null when the matcher abstains. */
  topic: string | null;
  /** Detected language of the question. */
  lang: Lang;
  /** Language of the answer shown, or null when abstaining. */
  answerLang: Lang | null;
  /** Calibrated confidence 0..1 of `topic` (or of the best candidate when abstaining). */
  score: number;
  title: string | null;
  edition: Edition | null;
  /** Close runners-up (never includes `topic`), best first. */
  alternatives: MatchAlternative[];
  /** The entry to show (answer in `answerLang`), null when abstaining. */
  entry: KbEntry | null;
  /** True when the answer is not in the asker's language (fallback order was used). */
  fallback: boolean;
  /** Official docs page for the topic in the asker's locale, when known. */
  docsUrl: string | null;
  /** Set when the message is small talk (thanks, greeting, "who are you"…): never answered from the FAQ. */
  smallTalk?: SmallTalkKind;
}

export interface MatchOptions {
  /** Language hint from the channel (e.g. Teams locale); detection still runs on the text. */
  localeHint?: string;
  /** Max alternatives to return (default 3). */
  maxAlternatives?: number;
}

/** The port the bot core depends on. */
export interface FaqMatcher {
  match(question: string, options?: MatchOptions): MatchResult;
  /** Entry for a topic in the best language for `lang` (used by "Did you mean" buttons). */
  answerFor(topic: string, lang: Lang): MatchResult | null;
  /** Number of entries indexed (health checks). */
  readonly size: number;
}
