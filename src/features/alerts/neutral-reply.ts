/**
 * Alerts into the bot's channels: NeutralAlertReply → the core's NeutralReply (so every channel's card
 * renderer shows alerts without knowing about them), and a ProactiveSender over the core's
 * ConversationMessenger port.
 */
import type { BadgeTone, NeutralReply, ReplyAction, ReplyLink, ReplySection } from '../../core/model.js';
import { literal } from '../../core/literal-text.js';
import type { ConversationMessenger } from '../../core/ports.js';
import { ALERT_VERBS } from './render.js';
import type { ConversationKey, NeutralAlertReply, ProactiveSender, Severity } from './types.js';

/** Sev0–2 stand out (warning colour), Sev3 is informational, Sev4 plain. */
const SEVERITY_TONE: Record<Severity, BadgeTone> = {
  0: 'attention',
  1: 'attention',
  2: 'attention',
  3: 'accent',
  4: 'neutral',
};

export function alertToNeutralReply(alert: NeutralAlertReply): NeutralReply {
  const sections: ReplySection[] =
    alert.kind === 'digest' && alert.digest
      ? [{ text: alert.digest.lines.map((line) => `- ${literal(line)}`).join('\n') }]
      : alert.facts.length > 0
        ? [{ facts: alert.facts.map((f) => ({ label: f.label, value: f.value })) }]
        : [];
  const actions: ReplyAction[] = [];
  const links: ReplyLink[] = [];
  for (const action of alert.actions) {
    if (action.type === 'openUrl') links.push({ label: action.label, url: action.url });
    // "Preview …" leads into the approvals flow: the one button that matters on the card.
    else
      actions.push({
        verb: action.verb,
        label: action.label,
        data: { ...action.data },
        style: action.verb === ALERT_VERBS.previewAction ? 'primary' : 'default',
      });
  }
  return {
    kind: alert.kind,
    lang: alert.lang,
    title: alert.title,
    summary: alert.summary,
    badges: [{ text: alert.severityLabel, tone: SEVERITY_TONE[alert.severity] }],
    sections,
    links,
    actions,
  };
}

/** The dispatcher's sender for every platform the messenger serves (Teams today, Slack later). */
export class MessengerAlertSender implements ProactiveSender {
  constructor(private readonly messenger: ConversationMessenger) {}

  async send(conversation: ConversationKey, reply: NeutralAlertReply, signal?: AbortSignal): Promise<void> {
    await this.messenger.send(conversation, alertToNeutralReply(reply), signal);
  }
}
