/** Ask's replies: answers, abstentions, welcome, small talk, feedback thanks. Pure functions (golden tests rely on it). */
import type { Lang } from '../../core/lang.js';
import { format, strings } from '../../core/i18n.js';
import { markdownToSections } from '../../core/markdown.js';
import { VERBS, type Badge, type NeutralReply, type ReplyAction, type ReplySection } from '../../core/model.js';
import type { MatchAlternative, MatchResult, SmallTalkKind } from './knowledge/types.js';

const MAX_QUESTION_IN_BUTTON = 300;
const MAX_ALTERNATIVES = 3;
/** Below this calibrated score a runner-up is not "close": offering it under an answer is noise. */
export const DID_YOU_MEAN_MIN_SCORE = 0.3;

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
  const s = strings(askedLang);
  const badges: Badge[] = [];
  if (entry.edition === 'azure-stack-hub') badges.push({ text: s.editionStackHub, tone: 'accent' });
  if (result.answerLang && result.answerLang !== askedLang) {
    badges.push({
      text: format(s.fallbackBadge, { shown: strings(result.answerLang).langName, asked: s.langName }),
      tone: 'attention',
    });
  }
  if (entry.translatedFrom)
    badges.push({ text: format(s.translatedBadge, { from: strings(entry.translatedFrom).langName }), tone: 'neutral' });
  const sections: ReplySection[] = markdownToSections(entry.answer);
  const alternatives = topicButtons(
    result.alternatives.filter((a) => a.score >= DID_YOU_MEAN_MIN_SCORE),
    askedLang,
  );
  if (alternatives.length > 0) sections.push({ title: s.didYouMean, actions: alternatives });
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
    links: result.docsUrl ? [{ label: s.docsLink, url: result.docsUrl }] : [],
    actions: [
      { verb: VERBS.feedback, label: s.helpful, data: { ...feedbackData, vote: 'up' }, style: 'default' },
      {
        verb: VERBS.feedback,
        label: s.notHelpful,
        data: { ...feedbackData, vote: 'down', ...(asked ? { asked: asked.slice(0, MAX_QUESTION_IN_BUTTON) } : {}) },
        style: 'default',
      },
    ],
  };
}

/** "I don't know" with the closest topics as buttons: never presents a guess as the answer. */
export function abstainReply(result: MatchResult, askedLang: Lang): NeutralReply {
  const s = strings(askedLang);
  const buttons = topicButtons(result.alternatives, askedLang);
  return {
    kind: 'abstain',
    lang: askedLang,
    title: s.abstainTitle,
    summary: `${s.abstainTitle}. ${buttons.length ? s.abstainText : s.abstainNoTopics}`,
    badges: [],
    sections: buttons.length
      ? [{ text: s.abstainText }, { title: s.closestTopics, actions: buttons }]
      : [{ text: s.abstainNoTopics }],
    links: [],
    actions: [],
  };
}

function examplesSection(lang: Lang): ReplySection {
  const s = strings(lang);
  return {
    title: s.examplesTitle,
    actions: s.examples.map((q) => ({ verb: VERBS.ask, label: q, data: { question: q, lang }, style: 'default' })),
  };
}

export function welcomeReply(lang: Lang): NeutralReply {
  const s = strings(lang);
  return {
    kind: 'welcome',
    lang,
    title: s.welcomeTitle,
    summary: s.welcomeTitle,
    badges: [],
    sections: [{ text: s.welcomeText }, examplesSection(lang)],
    links: [],
    actions: [],
  };
}

/** Help's part about asking: how to ask, then example questions as buttons. */
export function askHelpSections(lang: Lang): ReplySection[] {
  const s = strings(lang);
  return [{ title: s.askTitle, text: s.helpText }, examplesSection(lang)];
}

/** Small talk gets a short reply in kind plus what the bot can do, never an FAQ answer. */
export function smallTalkReply(lang: Lang, kind: Exclude<SmallTalkKind, 'greeting'>): NeutralReply {
  const s = strings(lang);
  const title = s.smallTalk[kind];
  return {
    kind: 'help',
    lang,
    title,
    summary: `${title} ${s.welcomeText}`,
    badges: [],
    sections: [{ text: s.welcomeText }, examplesSection(lang)],
    links: [],
    actions: [],
  };
}

export function feedbackThanksReply(lang: Lang, vote: 'up' | 'down'): NeutralReply {
  const s = strings(lang);
  const text = vote === 'up' ? s.feedbackThanksUp : s.feedbackThanksDown;
  return { kind: 'feedback', lang, summary: text, badges: [], sections: [{ text }], links: [], actions: [] };
}
