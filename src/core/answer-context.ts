/** What the features that decorate Ask's answers and misses are told about them (see ChatFeature). */
import type { Lang } from './lang.js';
import type { NeutralRequest } from './model.js';

/** What a feature knows about an answer it may decorate. */
export interface AnswerContext {
  topic: string;
  /** The question as asked (typed text or the button's question); empty for a topic button. */
  question: string;
  request: NeutralRequest;
}

/** A question the FAQ did not answer well: it abstained, or the person voted 👎 on the answer. */
export interface MissContext {
  kind: 'abstain' | 'down';
  /** The question as asked. */
  question: string;
  /** Language the question is written in (detected). */
  questionLang: Lang;
  /** Topics that might be what was meant, best first (never the answered topic of a 👎). */
  suggestions: string[];
  /** The topic that was answered and voted 👎. */
  answeredTopic?: string;
  request: NeutralRequest;
}
