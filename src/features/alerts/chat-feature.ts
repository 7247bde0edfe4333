/**
 * The alerts' chat side, plugged into the core's router (ChatFeature):
 *   - typed subscription commands ("subscribe this channel to pushes in myregistry for app/*", list,
 *     unsubscribe) in every supported language, for the conversation the message came from;
 *   - alert card buttons: `registry.tags` lists the repository's tags, `action.preview` asks Act for the
 *     preview of the matching request (untagged cleanup, disabling the admin user) by action and parameters,
 *     with origin "automation".
 */
import { requiredActionString } from '../../core/action-data.js';
import { literal } from '../../core/literal-text.js';
import { REPOSITORY_NAME } from '../../registry/names.js';
import type { ChatFeature } from '../../core/feature.js';
import { CoreError } from '../../core/errors.js';
import type { NeutralReply, NeutralRequest, ReplySection } from '../../core/model.js';
import type { Logger } from '../../core/ports.js';
import type { CommandRouter, RouteContext } from '../../core/router.js';
import type { Lang } from '../../core/lang.js';
import { listTagRows, type TagRow } from '../../registry/read-operations.js';
import type { RegistryClient } from '../../registry/types.js';
import { t } from './messages/index.js';
import { ALERT_VERBS, shortDigest } from './render.js';
import {
  executeSubscriptionCommand,
  subscriptionExamples,
  parseSubscriptionCommand,
  type SubscriptionCommand,
  type SubscriptionCommandReply,
} from './subscription-commands.js';
import type { SubscriptionStore } from './subscriptions.js';

export interface AlertsChatFeatureOptions {
  subscriptions: SubscriptionStore;
  /** Configured registries by short name (CHATOPS_REGISTRIES), for "Show tags". */
  registries: ReadonlyMap<string, RegistryClient>;
  logger: Logger;
  /** Tags listed on the card; default 15 (newest first). */
  maxTagsShown?: number;
  /** Act's preview of a request (without Act configured, the preview buttons say so). */
  preview?: ActionPreview;
}

/** What alerts need from Act: the preview of a request given by action and parameters. */
export type ActionPreview = (
  request: NeutralRequest,
  ctx: RouteContext,
  action: PreviewAction,
  params: { registry: string },
) => Promise<NeutralReply>;

/** The requests an alert's buttons lead to. */
export type PreviewAction = 'purge-untagged' | 'disable-admin-user';

const REGISTRY = /^[a-z0-9][a-z0-9-]{1,49}$/;

/** Card data is untrusted: each previewable button value maps to exactly one request. */
const PREVIEW_ACTIONS: Readonly<Record<string, PreviewAction>> = {
  purge: 'purge-untagged',
  'disable-admin-user': 'disable-admin-user',
};

// A question about subscriptions ("how do I subscribe to webhooks?") belongs to the FAQ, not the parser.
const QUESTION =
  /[?？]$|^(?:how|what|why|when|where|can|could|does|do|is|are|wie|was|warum|wann|kann|hur|vad|varför|när|kan)\b|どう|なぜ|如何|怎麼|為什麼|什麼/u;

/** null: not for us. Commands are imperatives; anything phrased as a question is the FAQ's. */
export function subscriptionCommandOf(text: string): SubscriptionCommand | null {
  if (QUESTION.test(text.trim().toLowerCase())) return null;
  return parseSubscriptionCommand(text);
}

export class AlertsChatFeature implements ChatFeature {
  private readonly maxTagsShown: number;

  constructor(private readonly options: AlertsChatFeatureOptions) {
    this.maxTagsShown = options.maxTagsShown ?? 15;
  }

  register(router: CommandRouter): void {
    router
      .onParsed(subscriptionCommandOf, (request, _context, command) => this.subscriptionCommand(request, command))
      .onAction(ALERT_VERBS.showTags, (request, ctx) => this.showTags(request, ctx))
      .onAction(ALERT_VERBS.previewAction, (request, ctx) => this.preview(request, ctx));
  }

  helpSection(lang: Lang): ReplySection {
    return alertsHelpSection(lang);
  }

  private async subscriptionCommand(request: NeutralRequest, command: SubscriptionCommand): Promise<NeutralReply> {
    const reply = await executeSubscriptionCommand(
      command,
      // Identity and conversation from the authenticated activity (never from text or card data).
      {
        conversation: { platform: request.platform, conversationId: request.conversation.id },
        userId: request.user.id,
      },
      this.options.subscriptions,
    );
    return subscriptionReply(reply, command.kind === 'not-understood');
  }

  private async showTags(request: NeutralRequest, ctx: RouteContext): Promise<NeutralReply> {
    const registry = requiredActionString(request, 'registry');
    const repository = requiredActionString(request, 'repository');
    if (!REGISTRY.test(registry) || !REPOSITORY_NAME.test(repository)) throw new CoreError('invalidAction');
    const target = `${registry}/${repository}`;
    const client = this.options.registries.get(registry);
    if (!client) return notice(ctx.lang, t(ctx.lang, 'tags.registryNotConfigured', { registry }));
    let rows: TagRow[];
    try {
      rows = await listTagRows(client, repository, { abortSignal: ctx.signal });
    } catch (error) {
      this.options.logger.warn({ err: error, registry, repository }, 'alerts: listing tags failed');
      return notice(ctx.lang, t(ctx.lang, 'tags.failed', { target }));
    }
    const shown = rows.slice(0, this.maxTagsShown);
    const age = new Intl.RelativeTimeFormat(ctx.lang, { numeric: 'auto' }); // ICU plurals: "yesterday", "vor 3 Tagen", "3 日前"
    const sections: ReplySection[] = [
      shown.length === 0
        ? { text: t(ctx.lang, 'tags.none') }
        : {
            facts: shown.map((row) => ({
              label: row.tag ?? t(ctx.lang, 'tags.untagged'),
              value: [
                shortDigest(row.digest),
                row.ageInDays !== undefined ? age.format(-Math.floor(row.ageInDays), 'day') : '',
              ]
                .filter(Boolean)
                .join(' · '),
            })),
          },
    ];
    if (rows.length > shown.length)
      sections.push({ text: t(ctx.lang, 'tags.more', { count: rows.length - shown.length }) });
    const title = t(ctx.lang, 'tags.title', { target });
    return {
      kind: 'subscription',
      lang: ctx.lang,
      title,
      summary: title,
      badges: [],
      sections,
      links: [],
      actions: [],
    };
  }

  /** Asks Act for the preview, as a request the bot makes on the clicker's behalf (origin "automation"). */
  private async preview(request: NeutralRequest, ctx: RouteContext): Promise<NeutralReply | null> {
    const registry = requiredActionString(request, 'registry');
    const action = Object.hasOwn(PREVIEW_ACTIONS, requiredActionString(request, 'action'))
      ? PREVIEW_ACTIONS[requiredActionString(request, 'action')]
      : undefined;
    if (!action || !REGISTRY.test(registry)) throw new CoreError('invalidAction');
    if (!this.options.preview) return null;
    const automated: NeutralRequest = { ...request, origin: 'automation' };
    delete automated.action;
    delete automated.sourceMessageId;
    return this.options.preview(automated, ctx, action, { registry });
  }
}

/** The help card's part about alerts: what can be subscribed and the commands, in the asker's language. */
export function alertsHelpSection(lang: Lang): ReplySection {
  return {
    title: t(lang, 'help.title'),
    text: `${t(lang, 'help.text')}\n\n${subscriptionExamples(lang)
      .map((example) => `- \`${example}\``)
      .join('\n')}`,
  };
}

function notice(lang: Lang, text: string): NeutralReply {
  return { kind: 'subscription', lang, summary: text, badges: [], sections: [{ text }], links: [], actions: [] };
}

/** Confirmations go out as one line of text; lists and "try this" get a card. */
export function subscriptionReply(reply: SubscriptionCommandReply, showExamples: boolean): NeutralReply {
  if (!reply.items?.length) return notice(reply.lang, reply.text);
  // Examples are ours (shown as code); listed subscriptions hold what users typed.
  const list = reply.items.map((item) => `- ${showExamples ? `\`${item}\`` : literal(item)}`).join('\n');
  return {
    kind: 'subscription',
    lang: reply.lang,
    ...(reply.title ? { title: reply.title } : {}),
    summary: `${reply.text} ${reply.items.join('; ')}`,
    badges: [],
    sections: reply.title ? [{ text: list }] : [{ text: reply.text }, { text: list }],
    links: [],
    actions: [],
  };
}
