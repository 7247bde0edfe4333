/** Neutral replies of learning from feedback. Pure functions (golden tests pin their Teams cards). */
import { isLang, strings } from '../../../core/i18n.js';
import { VERBS, type NeutralReply, type ReplyAction, type ReplySection } from '../../../core/model.js';
import type { Lang } from '../knowledge/types.js';
import { learnMessage, type LearnMessageKey } from './messages.js';
import { NONE_OF_THESE, type Miss } from './store.js';

export const LEARN_VERBS = {
  choose: 'faq.choose',
  accept: 'kb.accept',
  reject: 'kb.reject',
} as const;

/** A topic as a person sees it: its id and its question in their language. */
export interface TitledTopic {
  topic: string;
  title: string;
}

/** "Which of these did you mean?": one button per topic and "None of these", each carrying only the miss and a topic. */
export function choiceSection(lang: Lang, missId: string, topics: readonly TitledTopic[]): ReplySection {
  const choice = (topic: string, label: string): ReplyAction => ({
    verb: LEARN_VERBS.choose,
    label,
    data: { miss: missId, topic },
    style: 'default',
  });
  return {
    title: learnMessage(lang, 'choice.title'),
    actions: [...topics.map((t) => choice(t.topic, t.title)), choice(NONE_OF_THESE, learnMessage(lang, 'choice.none'))],
  };
}

/**
 * The miss reply with the choice added. On an abstention the choice replaces the "closest topics" buttons:
 * it offers the same topics (a choice shows the answer too) and records which one was meant.
 */
export function withChoice(reply: NeutralReply, choice: ReplySection): NeutralReply {
  const topicButtonsOnly = (s: ReplySection) =>
    (s.actions?.length ?? 0) > 0 && s.actions!.every((a) => a.verb === VERBS.showTopic) && !s.text;
  const kept = reply.kind === 'abstain' ? reply.sections.filter((s) => !topicButtonsOnly(s)) : reply.sections;
  return { ...reply, sections: [...kept, choice] };
}

/** A pending phrasing as the review card shows it. */
export interface ReviewItem {
  miss: Pick<Miss, 'id' | 'question' | 'lang' | 'kind'>;
  /** Title of the chosen topic, and of the answered topic for a 👎. */
  chosenTitle: string;
  answeredTitle?: string;
}

/** The review card: an optional status line, how many wait, and Accept / Reject (Universal Actions) per phrasing. */
export function reviewReply(
  lang: Lang,
  items: readonly ReviewItem[],
  pendingCount: number,
  status?: string,
): NeutralReply {
  const title = learnMessage(lang, 'review.title');
  const head =
    pendingCount > 0
      ? learnMessage(lang, 'review.waiting', { count: pendingCount })
      : learnMessage(lang, 'review.empty');
  const sections: ReplySection[] = [
    ...(status ? [{ text: status }] : []),
    { text: head },
    ...items.map((item) => reviewSection(lang, item)),
  ];
  return { kind: 'feedback', lang, title, summary: `${title}: ${head}`, badges: [], sections, links: [], actions: [] };
}

function reviewSection(lang: Lang, { miss, chosenTitle, answeredTitle }: ReviewItem): ReplySection {
  const from =
    miss.kind === 'abstain'
      ? learnMessage(lang, 'review.from.abstain')
      : learnMessage(lang, 'review.from.down', { topic: answeredTitle ?? '' });
  const button = (verb: string, key: LearnMessageKey, style: 'primary' | 'danger'): ReplyAction => ({
    verb,
    label: learnMessage(lang, key),
    data: { miss: miss.id },
    style,
    execute: true,
  });
  return {
    facts: [
      { label: learnMessage(lang, 'review.question'), value: miss.question },
      { label: learnMessage(lang, 'review.lang'), value: isLang(miss.lang) ? strings(miss.lang).langName : miss.lang },
      { label: learnMessage(lang, 'review.topic'), value: chosenTitle },
      { label: learnMessage(lang, 'review.from'), value: from },
    ],
    actions: [
      button(LEARN_VERBS.accept, 'review.accept', 'primary'),
      button(LEARN_VERBS.reject, 'review.reject', 'danger'),
    ],
  };
}

/** Thanks for "None of these" (nothing to show). */
export function noneChosenReply(lang: Lang): NeutralReply {
  const text = learnMessage(lang, 'choice.thanksNone');
  return { kind: 'feedback', lang, summary: text, badges: [], sections: [{ text }], links: [], actions: [] };
}

/** Commands of a knowledge maintainer: typed in chat, then from a shell on the bot's database. */
const MAINTAINER_COMMANDS: { command: string; key: LearnMessageKey; shell: boolean }[] = [
  { command: 'kb review', key: 'help.review', shell: false },
  { command: 'npm run kb -- review', key: 'help.review', shell: true },
  { command: 'npm run kb -- accept <id>', key: 'review.accept', shell: true },
  { command: 'npm run kb -- reject <id>', key: 'review.reject', shell: true },
  { command: 'npm run kb -- export', key: 'help.export', shell: true },
];

/**
 * The help card's part about learning from feedback: how anyone teaches the FAQ (👎, "Which of these did
 * you mean?"), and for knowledge maintainers the review commands.
 */
export function learningHelpSection(lang: Lang, maintainer: boolean): ReplySection {
  const m = (key: LearnMessageKey) => learnMessage(lang, key, { choice: learnMessage(lang, 'choice.title') });
  const paragraphs = [m('help.everyone')];
  if (maintainer) {
    const list = (shell: boolean) =>
      MAINTAINER_COMMANDS.filter((c) => c.shell === shell)
        .map((c) => `- \`${c.command}\`: ${m(c.key)}`)
        .join('\n');
    paragraphs.push(m('help.maintainer'), list(false), m('help.shell'), list(true));
  }
  return { title: m('help.title'), text: paragraphs.join('\n\n') };
}
