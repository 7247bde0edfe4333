/** Ask's replies: answers, abstentions, welcome, small talk, feedback thanks. Pure functions (golden tests rely on it). */
import type { Lang } from '../../core/lang.js';
import { markdownToSections } from '../../core/markdown.js';
import { languageName } from '../../core/messages/index.js';
import { VERBS, type Badge, type NeutralReply, type ReplyAction, type ReplySection } from '../../core/model.js';
import type { MatchAlternative, MatchResult, SmallTalkKind } from './knowledge/types.js';
import { t } from './messages/index.js';

const MAX_QUESTION_IN_BUTTON = 300;
const MAX_ALTERNATIVES = 3;
/**
 * Below this calibrated score a runner-up is not "close": offering it under an answer is noise. 0.3 until round 5;
 * with naive Bayes in the ranking model runner-ups score lower: on the development sets the right topic under a
 * wrong answer scored 0.21, 0.28 and 0.35, and 57 of 1,769 right answers have a runner-up at 0.2 or more (86 at 0.15).
 */
export const DID_YOU_MEAN_MIN_SCORE = 0.2;

function topicButtons(alternatives: readonly MatchAlternative[], lang: Lang): ReplyAction[] {
  return alternatives.slice(0, MAX_ALTERNATIVES).map((alt) => ({
    verb: VERBS.showTopic,
    label: alt.title,
    data: { topic: alt.topic, lang },
    style: 'default',
  }));
}

/**
 * An answer card: question, answer blocks, badges, docs link, "Did you mean", feedback buttons. `asked`
 * (the question as typed) rides on 👎 only, so a 👎 can offer "Which of these did you mean?" for it.
 */
export function answerReply(result: MatchResult, askedLang: Lang, asked?: string): NeutralReply {
  const entry = result.entry;
  if (!entry || !result.topic) throw new Error('answerReply needs a matched entry');
  const badges: Badge[] = [];
  if (entry.edition === 'azure-stack-hub') badges.push({ text: t(askedLang, 'badge.stackHub'), tone: 'accent' });
  if (result.answerLang && result.answerLang !== askedLang) {
    badges.push({
      text: t(askedLang, 'badge.fallback', { shown: languageName(result.answerLang), asked: languageName(askedLang) }),
      tone: 'attention',
    });
  }
  if (entry.translatedFrom)
    badges.push({
      text: t(askedLang, 'badge.translated', { from: languageName(entry.translatedFrom) }),
      tone: 'neutral',
    });
  const sections: ReplySection[] = markdownToSections(entry.answer);
  const alternatives = topicButtons(
    result.alternatives.filter((a) => a.score >= DID_YOU_MEAN_MIN_SCORE),
    askedLang,
  );
  if (alternatives.length > 0) sections.push({ title: t(askedLang, 'answer.didYouMean'), actions: alternatives });
  const feedbackData = {
    topic: result.topic,
    lang: askedLang,
    answerLang: result.answerLang ?? entry.lang,
    question: entry.question.slice(0, MAX_QUESTION_IN_BUTTON),
  };
  return {
    kind: 'answer',
    lang: askedLang,
    title: entry.question,
    summary: `${entry.question}\n\n${entry.answer.slice(0, 200)}${entry.answer.length > 200 ? '…' : ''}`,
    badges,
    sections,
    links: result.docsUrl ? [{ label: t(askedLang, 'answer.docsLink'), url: result.docsUrl }] : [],
    actions: [
      {
        verb: VERBS.feedback,
        label: t(askedLang, 'answer.helpful'),
        data: { ...feedbackData, vote: 'up' },
        style: 'default',
      },
      {
        verb: VERBS.feedback,
        label: t(askedLang, 'answer.notHelpful'),
        data: { ...feedbackData, vote: 'down', ...(asked ? { asked: asked.slice(0, MAX_QUESTION_IN_BUTTON) } : {}) },
        style: 'default',
      },
    ],
  };
}

/** "I don't know" with the closest topics as buttons: never presents a guess as the answer. */
export function abstainReply(result: MatchResult, askedLang: Lang): NeutralReply {
  const buttons = topicButtons(result.alternatives, askedLang);
  const title = t(askedLang, 'abstain.title');
  const text = t(askedLang, buttons.length ? 'abstain.text' : 'abstain.noTopics');
  return {
    kind: 'abstain',
    lang: askedLang,
    title,
    summary: `${title}. ${text}`,
    badges: [],
    sections: buttons.length
      ? [{ text }, { title: t(askedLang, 'abstain.closestTopics'), actions: buttons }]
      : [{ text }],
    links: [],
    actions: [],
  };
}

const EXAMPLE_KEYS = ['examples.1', 'examples.2', 'examples.3'] as const;

function examplesSection(lang: Lang): ReplySection {
  return {
    title: t(lang, 'examples.title'),
    actions: EXAMPLE_KEYS.map((key) => t(lang, key)).map((q) => ({
      verb: VERBS.ask,
      label: q,
      data: { question: q, lang },
      style: 'default',
    })),
  };
}

/** What the bot can do, with example questions: the welcome, and the body of a small-talk reply. */
function introReply(kind: 'welcome' | 'help', lang: Lang, title: string, summary: string): NeutralReply {
  return {
    kind,
    lang,
    title,
    summary,
    badges: [],
    sections: [{ text: t(lang, 'welcome.text') }, examplesSection(lang)],
    links: [],
    actions: [],
  };
}

export function welcomeReply(lang: Lang): NeutralReply {
  const title = t(lang, 'welcome.title');
  return introReply('welcome', lang, title, title);
}

/** Help's part about asking: how to ask, then example questions as buttons. */
export function askHelpSections(lang: Lang): ReplySection[] {
  return [{ title: t(lang, 'help.title'), text: t(lang, 'help.text') }, examplesSection(lang)];
}

/** Small talk gets a short reply in kind plus what the bot can do, never an FAQ answer. */
export function smallTalkReply(lang: Lang, kind: Exclude<SmallTalkKind, 'greeting'>): NeutralReply {
  const title = t(lang, `smallTalk.${kind}`);
  return introReply('help', lang, title, `${title} ${t(lang, 'welcome.text')}`);
}

export function feedbackThanksReply(lang: Lang, vote: 'up' | 'down'): NeutralReply {
  const text = t(lang, vote === 'up' ? 'feedback.thanksUp' : 'feedback.thanksDown');
  return { kind: 'feedback', lang, summary: text, badges: [], sections: [{ text }], links: [], actions: [] };
}
