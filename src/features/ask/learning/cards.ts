/** Neutral replies of learning from feedback. Pure functions (golden tests pin their Teams cards). */
import { isLang, type Lang } from '../../../core/lang.js';
import { languageName } from '../../../core/messages/index.js';
import { VERBS, type NeutralReply, type ReplyAction, type ReplySection } from '../../../core/model.js';
import { t, type AskMessageKey } from '../messages/index.js';
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
    title: t(lang, 'choice.title'),
    actions: [
      ...topics.map((topic) => choice(topic.topic, topic.title)),
      choice(NONE_OF_THESE, t(lang, 'choice.none')),
    ],
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
  const title = t(lang, 'review.title');
  const head = pendingCount > 0 ? t(lang, 'review.waiting', { count: pendingCount }) : t(lang, 'review.empty');
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
      ? t(lang, 'review.from.abstain')
      : t(lang, 'review.from.down', { topic: answeredTitle ?? '' });
  const button = (verb: string, key: AskMessageKey, style: 'primary' | 'danger'): ReplyAction => ({
    verb,
    label: t(lang, key),
    data: { miss: miss.id },
    style,
    updatesCard: true,
  });
  return {
    facts: [
      { label: t(lang, 'review.question'), value: miss.question },
      { label: t(lang, 'review.lang'), value: isLang(miss.lang) ? languageName(miss.lang) : miss.lang },
      { label: t(lang, 'review.topic'), value: chosenTitle },
      { label: t(lang, 'review.from'), value: from },
    ],
    actions: [
      button(LEARN_VERBS.accept, 'review.accept', 'primary'),
      button(LEARN_VERBS.reject, 'review.reject', 'danger'),
    ],
  };
}

/** Thanks for "None of these" (nothing to show). */
export function noneChosenReply(lang: Lang): NeutralReply {
  const text = t(lang, 'choice.thanksNone');
  return { kind: 'feedback', lang, summary: text, badges: [], sections: [{ text }], links: [], actions: [] };
}

/** Commands of a knowledge maintainer: typed in chat, then from a shell on the bot's database. */
const MAINTAINER_COMMANDS: { command: string; key: AskMessageKey; shell: boolean }[] = [
  { command: 'kb review', key: 'learnHelp.review', shell: false },
  { command: 'npm run kb -- review', key: 'learnHelp.review', shell: true },
  { command: 'npm run kb -- accept <id>', key: 'review.accept', shell: true },
  { command: 'npm run kb -- reject <id>', key: 'review.reject', shell: true },
  { command: 'npm run kb -- export', key: 'learnHelp.export', shell: true },
];

/**
 * The help card's part about learning from feedback: how anyone teaches the FAQ (👎, "Which of these did
 * you mean?"), and for knowledge maintainers the review commands.
 */
export function learningHelpSection(lang: Lang, maintainer: boolean): ReplySection {
  const m = (key: AskMessageKey) => t(lang, key, { choice: t(lang, 'choice.title') });
  const paragraphs = [m('learnHelp.everyone')];
  if (maintainer) {
    const list = (shell: boolean) =>
      MAINTAINER_COMMANDS.filter((c) => c.shell === shell)
        .map((c) => `- \`${c.command}\`: ${m(c.key)}`)
        .join('\n');
    paragraphs.push(m('learnHelp.maintainer'), list(false), m('learnHelp.shell'), list(true));
  }
  return { title: m('learnHelp.title'), text: paragraphs.join('\n\n') };
}
