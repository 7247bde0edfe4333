/**
 * The channel-neutral request and reply. Teams (Adaptive Cards) and Slack (Block Kit) adapters translate
 * to and from these shapes; nothing here knows about either platform.
 */
import type { Lang } from './lang.js';

export type Platform = 'teams' | 'slack';
export type ConversationType = 'personal' | 'group' | 'channel';
/** How a request came about; recorded in audits (typed text, a card button, or the bot itself). */
export type RequestOrigin = 'typed' | 'button' | 'automation';

export type ActionData = Record<string, string | number | boolean>;

export interface NeutralRequest {
  platform: Platform;
  conversation: { id: string; type: ConversationType; tenantId?: string };
  /** From the authenticated activity, never from card data. */
  user: {
    id: string;
    name: string;
    /**
     * Every principal this person is known by in this activity (`<kind>:<id>`, e.g. `aad:<object id>` and
     * `teams:<channel user id>`), the canonical one first. Filled by the channel adapter from the
     * authenticated activity only; policy and four-eyes decisions compare all of them.
     */
    identities: string[];
  };
  /** Client locale as BCP 47 (e.g. "ja-JP"), may be empty or unsupported. */
  locale: string;
  /** Typed text with any bot mention removed. */
  text?: string;
  /** A button click or automation: a verb and its payload. */
  action?: { verb: string; data: ActionData };
  /** For button clicks: platform id of the message that carried the button. */
  sourceMessageId?: string;
  origin: RequestOrigin;
  /** True when the bot was @mentioned (channels only get answers when it was). */
  mentionedBot: boolean;
}

export type ReplyKind =
  | 'answer'
  | 'abstain'
  | 'welcome'
  | 'help'
  | 'feedback'
  | 'error'
  | AlertReplyKind
  /** Registry actions (Act): previews, approval status, progress, reports, forms, results. */
  | 'action';
/** Alert cards, alert digests, and replies to subscription commands (src/features/alerts). */
export type AlertReplyKind = 'alert' | 'digest' | 'subscription';

/** One block of content. Any combination of fields may be set; renderers show them in this order. */
export interface ReplySection {
  title?: string;
  /** Markdown subset: paragraphs, **bold**, _italic_, lists, [links](url), `inline code`. */
  text?: string;
  facts?: { label: string; value: string }[];
  code?: { language?: string; text: string };
  /** Buttons that belong to this section (e.g. "Did you mean"). */
  actions?: ReplyAction[];
  /** Form inputs (request form); their values come back merged into the submitting action's data. */
  inputs?: ReplyInput[];
}

/** One form field. `error` is shown under the field (localized validation message). */
export interface ReplyInput {
  id: string;
  label: string;
  type: 'text' | 'number' | 'toggle';
  value?: string | number | boolean;
  placeholder?: string;
  required?: boolean;
  error?: string;
}

export type BadgeTone = 'neutral' | 'accent' | 'attention';
export interface Badge {
  text: string;
  tone: BadgeTone;
}

export type ActionStyle = 'default' | 'primary' | 'danger';
/** A button. `verb` + `data` come back as NeutralRequest.action when clicked. */
export interface ReplyAction {
  verb: string;
  label: string;
  data: ActionData;
  style: ActionStyle;
  /**
   * The click is answered in place: the reply replaces the card that carried the button (Teams: a Universal
   * Action's invoke response; Slack: `chat.update`) instead of arriving as a new message.
   */
  updatesCard?: boolean;
}

export interface ReplyLink {
  label: string;
  url: string;
}

export interface NeutralReply {
  kind: ReplyKind;
  /** Language of the reply's own strings (labels, badges). */
  lang: Lang;
  title?: string;
  /** Plain-text version: notifications, screen readers, clients without cards. */
  summary: string;
  badges: Badge[];
  sections: ReplySection[];
  links: ReplyLink[];
  /** Buttons for the whole reply (e.g. feedback), shown last. */
  actions: ReplyAction[];
  /**
   * Each viewer sees their own version of this card, which their client asks for with `verb` + `data`
   * (approvers get buttons, everyone else this card's status). `viewers`: the platform user ids whose clients
   * ask by themselves (others press a button). Only where the platform can (see PLATFORMS in core/platforms.ts).
   */
  perViewer?: { verb: string; data: ActionData; viewers?: string[] };
  /** Where the reply goes (default: a new message); see src/core/turn.ts. */
  placement?: ReplyPlacement;
  /** Who sees it (default: everyone in the conversation). */
  audience?: ReplyAudience;
  /** Called with the platform message id once the reply is posted (so later updates can replace it). */
  onPosted?: (messageId: string) => Promise<void>;
}

/** Where a reply goes. `new`: a new message. `replace-card`: the message whose button was clicked. */
export type ReplyPlacement = 'new' | 'replace-card';
/** Who sees a reply: everyone in the conversation, or only the person whose click it answers. */
export type ReplyAudience = 'everyone' | 'clicker';

/** Verbs the core understands; card buttons carry one of them. */
export const VERBS = {
  ask: 'faq.ask',
  showTopic: 'faq.topic',
  feedback: 'faq.feedback',
  help: 'help',
  welcome: 'welcome',
} as const;
