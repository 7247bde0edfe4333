/**
 * Platform drivers for the shared scenario suite (scenarios.test.ts): each starts the REAL bot
 * (`startBot(loadConfig({ env }))`: its HTTP server, PGlite on a data dir, the real FAQ knowledge base, Act,
 * Alerts) and lets a scenario ask, see buttons, click and read what the bot posted, in the same words for
 * both platforms, so the scenario bodies are written once.
 *
 * - Teams: real /api/messages (botbuilder + teams-ai) without a Bot Framework token check (local
 *   development mode); the bot's outgoing activities go to a LocalConnector (a small stand-in for the
 *   connector service) that records them. Per-viewer cards are seen as Teams shows them: the card's
 *   refresh (Action.Execute) is invoked as the viewer, and that answer is what the viewer sees.
 * - Slack: real Bolt at /slack/events with real v0 signatures (FakeSlackSender signs as Slack does); the
 *   Web API is the FAKE Slack Web API (test/helpers/slack/web-api.ts: nothing of Slack runs here), which
 *   records chat.postMessage / chat.update / chat.postEphemeral per channel.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/index.js';
import type { Platform } from '../../../src/core/model.js';
import { PrometheusMetrics } from '../../../src/http/metrics.js';
import { startBot, type RunningBot } from '../../../src/main.js';
import { cardOf, cardText, type Card } from '../../helpers/act-bot.js';
import { MemoryLogger } from '../../helpers/bot-fakes.js';
import { LocalConnector } from '../../helpers/local-connector.js';
import { FakeSlackSender } from '../../helpers/slack/sender.js';
import { FAKE_SLACK_DEFAULTS, FakeSlackWebApi, type FakeSlackUser } from '../../helpers/slack/web-api.js';

/** A person in the scenarios; each platform gives them its own user id. */
export interface Person {
  key: string;
  name: string;
  /** The client's locale (Teams: on each activity; Slack: the user's profile, read with users.info). */
  locale: string;
}

export interface SeenButton {
  label: string;
  verb: string;
  data: Record<string, unknown>;
  /** Teams: an Action.Execute (sent as an invoke whose answer is the clicker's view), not an Action.Submit. */
  execute?: boolean;
}

/** A message the bot posted (its latest state), or a view only one person sees. */
export interface SeenMessage {
  id: string;
  conversation: string;
  /** Everything written on it (headings, text, facts, button labels), one piece per line. */
  text: string;
  buttons: SeenButton[];
  /** Set when only this person sees it (Slack: an ephemeral message; Teams: their answer to a card click). */
  onlyFor?: string;
}

export type ButtonChoice = string | ((button: SeenButton) => boolean);

/** What one click produced: new messages for everyone, and what only the clicker saw. */
export interface ClickResult {
  /** False when the person is not offered that button at all (nothing was sent). */
  offered: boolean;
  posted: SeenMessage[];
  private: SeenMessage[];
}

export interface BotSettings {
  /** Extra environment for loadConfig (registries, policy, secrets). */
  env: Record<string, string>;
  /** Conversation names the scenarios use (each platform makes its own ids from them). */
  conversations: string[];
  people: Person[];
}

export interface ScenarioDriver {
  readonly platform: Platform;
  readonly bot: RunningBot;
  /** Everything the bot logged, across restarts. */
  readonly logger: MemoryLogger;
  start(settings: BotSettings): Promise<void>;
  /** Stops the bot and starts it again on the same data dir (`between` runs while it is down). */
  restart(between?: () => void | Promise<void>): Promise<void>;
  close(): Promise<void>;
  /** The principal the bot records for this person (audit actors). */
  identityOf(person: Person): string;
  /** The platform's conversation id for a scenario's conversation name. */
  conversationId(conversation: string): string;
  /** The person types `text` to the bot in `conversation`; resolves with what the bot posted in answer. */
  ask(person: Person, text: string, conversation: string): Promise<SeenMessage[]>;
  /** The buttons this person sees on the message (Teams: their own view of a per-viewer card). */
  buttonsFor(person: Person, message: SeenMessage): Promise<SeenButton[]>;
  click(person: Person, message: SeenMessage, which: ButtonChoice): Promise<ClickResult>;
  /** Clicks the same button `times` times at once, as fast as the platform delivers them. */
  clickConcurrently(person: Person, message: SeenMessage, which: ButtonChoice, times: number): Promise<void>;
  /** Messages in the conversation, oldest first, each in its latest state (views for one person included). */
  messages(conversation: string): SeenMessage[];
  /** The chat platform stops accepting the bot's messages (true) or accepts them again (false). */
  setPlatformDown(down: boolean): void;
}

const SLACK_SECRET = 'scenario-signing-secret-0123456789';

/** Polls until `find` returns something; fails with `what` after the timeout. */
export async function waitFor<T>(
  find: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutInMs = 20_000,
) {
  const deadline = Date.now() + timeoutInMs;
  for (;;) {
    const found = await find();
    if (found !== undefined && found !== false) return found as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const matches = (which: ButtonChoice) => (b: SeenButton) => (typeof which === 'string' ? b.label === which : which(b));

/** Counts finished turns (the core observes each turn after its replies were sent). */
class TurnCountingMetrics extends PrometheusMetrics {
  turnsDone = 0;
  override observeTurn(...args: Parameters<PrometheusMetrics['observeTurn']>): void {
    this.turnsDone++;
    super.observeTurn(...args);
  }
}

/** What both drivers share: a data dir, the config, start/restart/close of the real bot. */
abstract class BotHost {
  private dir = '';
  private env: Record<string, string> = {};
  protected settings!: BotSettings;
  protected metrics = new TurnCountingMetrics();
  readonly logger = new MemoryLogger();
  private running?: RunningBot;

  get bot(): RunningBot {
    if (!this.running) throw new Error('the bot is not running');
    return this.running;
  }

  protected abstract platformEnv(): Promise<Record<string, string>>;
  protected onStarted(): void {}

  async start(settings: BotSettings): Promise<void> {
    this.settings = settings;
    this.dir = mkdtempSync(join(tmpdir(), 'scenarios-'));
    this.env = {
      CHATOPS_PORT: '0',
      CHATOPS_HOST: '127.0.0.1',
      CHATOPS_DATA_DIR: join(this.dir, 'data'),
      CHATOPS_LOG_LEVEL: 'silent',
      ...settings.env,
      ...(await this.platformEnv()),
    };
    await this.boot();
  }

  private async boot(): Promise<void> {
    this.metrics = new TurnCountingMetrics();
    this.running = await startBot(loadConfig({ env: this.env, dotenvPath: null }), {
      logger: this.logger,
      metrics: this.metrics,
      // Fast retries so a delivery that failed while the platform was down goes out soon after it is back.
      alerts: { dispatcher: { pollIntervalInMs: 100, retryBaseInMs: 200, retryMaxInMs: 500, maxAttempts: 1000 } },
    });
    this.onStarted();
  }

  async restart(between?: () => void | Promise<void>): Promise<void> {
    await this.bot.close();
    this.running = undefined;
    await between?.();
    await this.boot();
  }

  async close(): Promise<void> {
    await this.running?.close();
    this.running = undefined;
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------- Teams

const teamsUserId = (person: Person) => `user-${person.key}`;

export class TeamsDriver extends BotHost implements ScenarioDriver {
  readonly platform = 'teams' as const;
  private connector!: LocalConnector;
  private counter = 0;
  /** Answers to Action.Execute clicks: the clicker's own view of the clicked card. */
  private readonly views: SeenMessage[] = [];

  protected async platformEnv(): Promise<Record<string, string>> {
    this.connector = await new LocalConnector().start();
    return {};
  }

  override async close(): Promise<void> {
    await super.close();
    await this.connector?.stop();
  }

  identityOf(person: Person): string {
    return `teams:${teamsUserId(person)}`;
  }

  conversationId(conversation: string): string {
    return `conv-${conversation}`;
  }

  setPlatformDown(down: boolean): void {
    this.connector.unavailable = down;
  }

  private activity(person: Person, conversation: string, extra: Record<string, unknown>): Record<string, unknown> {
    return {
      id: `act-${++this.counter}`,
      channelId: 'msteams',
      serviceUrl: this.connector.url,
      timestamp: new Date().toISOString(),
      locale: person.locale,
      from: { id: teamsUserId(person), name: person.name },
      recipient: { id: 'bot-1', name: 'ACR bot' },
      conversation: { id: this.conversationId(conversation), conversationType: 'groupChat', tenantId: 'tenant-1' },
      ...extra,
    };
  }

  /** POSTs an activity to the bot; the HTTP answer comes after the turn, so its replies are recorded by then. */
  private async send(activity: Record<string, unknown>): Promise<unknown> {
    const res = await fetch(`${this.bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    if (res.status >= 300) throw new Error(`${String(activity.type)} → HTTP ${res.status}`);
    const body = await res.text();
    return body ? JSON.parse(body) : undefined;
  }

  async ask(person: Person, text: string, conversation: string): Promise<SeenMessage[]> {
    const before = this.everyone(conversation).length;
    await this.send(this.activity(person, conversation, { type: 'message', text }));
    return this.everyone(conversation).slice(before);
  }

  async buttonsFor(person: Person, message: SeenMessage): Promise<SeenButton[]> {
    const card = this.cardOfMessage(message);
    const refresh = card?.refresh;
    if (!refresh) return message.buttons;
    // Teams refreshes a per-viewer card for each viewer: what they see is the bot's answer to that invoke.
    const view = await this.invoke(person, message, refresh.action.verb, refresh.action.data);
    return view ? teamsButtons(view) : [];
  }

  async click(person: Person, message: SeenMessage, which: ButtonChoice): Promise<ClickResult> {
    const button = (await this.buttonsFor(person, message)).find(matches(which));
    if (!button) return { offered: false, posted: [], private: [] };
    const before = this.everyone(message.conversation).length;
    const viewsBefore = this.views.length;
    await this.press(person, message, button);
    return {
      offered: true,
      posted: this.everyone(message.conversation).slice(before),
      private: this.views.slice(viewsBefore),
    };
  }

  async clickConcurrently(person: Person, message: SeenMessage, which: ButtonChoice, times: number): Promise<void> {
    const button = (await this.buttonsFor(person, message)).find(matches(which));
    if (!button) throw new Error(`${person.name} is not offered that button`);
    await Promise.all(Array.from({ length: times }, () => this.press(person, message, button)));
  }

  private async press(person: Person, message: SeenMessage, button: SeenButton): Promise<void> {
    const conversation = message.conversation;
    if (button.execute) {
      const view = await this.invoke(person, message, button.verb, button.data);
      if (view)
        this.views.push({ ...teamsMessage(message.id, conversation, view), onlyFor: person.key, text: cardText(view) });
      return;
    }
    // Action.Submit: a message activity whose value is the button's data.
    await this.send(
      this.activity(person, conversation, {
        type: 'message',
        replyToId: message.id,
        value: { verb: button.verb, ...button.data },
      }),
    );
  }

  /** An Action.Execute invoke; resolves with the card the bot answered (the clicker's view), if any. */
  private async invoke(
    person: Person,
    message: SeenMessage,
    verb: string,
    data: Record<string, unknown>,
  ): Promise<Card | undefined> {
    const body = (await this.send(
      this.activity(person, message.conversation, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        replyToId: message.id,
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      }),
    )) as { value?: Card | string } | undefined;
    return typeof body?.value === 'object' ? body.value : undefined;
  }

  private cardOfMessage(message: SeenMessage): Card | undefined {
    const latest = this.posted(message.conversation).get(message.id);
    return latest ? cardOf(latest) : undefined;
  }

  /** Posted activities folded with their updates (PUT), by message id, in posting order. */
  private posted(conversation: string): Map<string, Record<string, unknown>> {
    const byId = new Map<string, Record<string, unknown>>();
    for (const r of this.connector.received) {
      // Typing indicators and other non-message activities are not messages anyone reads.
      if (r.conversationId !== this.conversationId(conversation) || r.activity.type !== 'message') continue;
      if (r.method === 'POST') byId.set(r.responseId!, r.activity);
      else if (r.replyToId && byId.has(r.replyToId)) byId.set(r.replyToId, r.activity);
    }
    return byId;
  }

  messages(conversation: string): SeenMessage[] {
    return [...this.everyone(conversation), ...this.views.filter((v) => v.conversation === conversation)];
  }

  /** Messages everyone in the conversation sees, in posting order. */
  private everyone(conversation: string): SeenMessage[] {
    return [...this.posted(conversation)].map(([id, activity]) => teamsActivityMessage(id, conversation, activity));
  }
}

function teamsActivityMessage(id: string, conversation: string, activity: Record<string, unknown>): SeenMessage {
  const card = cardOf(activity);
  if (card) return teamsMessage(id, conversation, card);
  return { id, conversation, text: String(activity.text ?? ''), buttons: [] };
}

function teamsMessage(id: string, conversation: string, card: Card): SeenMessage {
  return { id, conversation, text: cardText(card), buttons: teamsButtons(card) };
}

/** Action.Submit and Action.Execute buttons of a card (also as a container's selectAction); not its refresh. */
function teamsButtons(card: Card): SeenButton[] {
  const out: SeenButton[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o.type === 'Action.Submit') {
      const { verb, ...data } = (o.data ?? {}) as Record<string, unknown>;
      out.push({ label: String(o.title ?? ''), verb: String(verb), data });
    } else if (o.type === 'Action.Execute') {
      out.push({ label: String(o.title ?? ''), verb: String(o.verb), data: { ...(o.data as object) }, execute: true });
    }
    for (const [key, value] of Object.entries(o)) if (key !== 'refresh' && key !== 'data') walk(value);
  };
  walk({ ...card, refresh: undefined });
  return out;
}

// ---------------------------------------------------------------------------------------------- Slack

const slackUserId = (person: Person) => `U0${person.key.toUpperCase()}`;

export class SlackDriver extends BotHost implements ScenarioDriver {
  readonly platform = 'slack' as const;
  private api!: FakeSlackWebApi;
  private sender!: FakeSlackSender;
  /** Turns sent to the bot since it (re)started; a request is settled once as many turns finished. */
  private turnsSent = 0;

  protected async platformEnv(): Promise<Record<string, string>> {
    const users: Record<string, FakeSlackUser> = Object.fromEntries(
      this.settings.people.map((p) => [slackUserId(p), { name: p.key, realName: p.name, locale: p.locale }]),
    );
    this.api = await FakeSlackWebApi.start({
      users,
      channels: this.settings.conversations.map((c) => this.conversationId(c)),
    });
    return {
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_BOT_TOKEN: FAKE_SLACK_DEFAULTS.token,
      SLACK_API_URL: this.api.url,
    };
  }

  protected override onStarted(): void {
    this.turnsSent = 0;
    this.sender = new FakeSlackSender({
      url: `${this.bot.url}/slack/events`,
      signingSecret: SLACK_SECRET,
      api: this.api,
    });
  }

  override async close(): Promise<void> {
    await super.close();
    await this.api?.close();
  }

  identityOf(person: Person): string {
    return `slack:${FAKE_SLACK_DEFAULTS.teamId}/${slackUserId(person)}`;
  }

  conversationId(conversation: string): string {
    return `C0${conversation.toUpperCase().replace(/[^A-Z0-9]/g, '')}`;
  }

  setPlatformDown(down: boolean): void {
    // Slack answers every post 429 (Retry-After: 0) while "down"; the messenger gives up after its tries.
    this.api.rateLimit('chat.postMessage', { times: down ? 1_000_000 : 0, retryAfterInSeconds: 0 });
  }

  /** Waits until every turn sent so far has finished (Bolt acknowledges first; the work and replies follow). */
  private async settle(): Promise<void> {
    await waitFor(() => this.metrics.turnsDone >= this.turnsSent, 'the bot to finish its Slack turns');
  }

  private async signed(send: () => Promise<{ status: number }>): Promise<void> {
    this.turnsSent++;
    const reply = await send();
    if (reply.status !== 200) throw new Error(`slack request → HTTP ${reply.status}`);
  }

  async ask(person: Person, text: string, conversation: string): Promise<SeenMessage[]> {
    const before = this.messages(conversation).length;
    // `@bot text` in a channel: people who share the channel see the same messages.
    await this.signed(() =>
      this.sender.appMention({ user: slackUserId(person), text, channel: this.conversationId(conversation) }),
    );
    await this.settle();
    return this.messages(conversation).slice(before);
  }

  async buttonsFor(_person: Person, message: SeenMessage): Promise<SeenButton[]> {
    // Slack has no per-viewer messages: everyone sees the same buttons.
    return message.buttons;
  }

  async click(person: Person, message: SeenMessage, which: ButtonChoice): Promise<ClickResult> {
    const button = slackButtonOf(this.api, message, which);
    if (!button) return { offered: false, posted: [], private: [] };
    const before = this.messages(message.conversation).length;
    await this.press(person, message, button);
    await this.settle();
    const added = this.messages(message.conversation).slice(before);
    return { offered: true, posted: added.filter((m) => !m.onlyFor), private: added.filter((m) => m.onlyFor) };
  }

  async clickConcurrently(person: Person, message: SeenMessage, which: ButtonChoice, times: number): Promise<void> {
    const button = slackButtonOf(this.api, message, which);
    if (!button) throw new Error(`${person.name} is not offered that button`);
    await Promise.all(Array.from({ length: times }, () => this.press(person, message, button)));
    await this.settle();
  }

  private press(person: Person, message: SeenMessage, button: { action_id: string; value?: string }) {
    return this.signed(() =>
      this.sender.blockAction({
        user: slackUserId(person),
        actionId: button.action_id,
        value: button.value,
        messageTs: message.id,
        channel: this.conversationId(message.conversation),
      }),
    );
  }

  messages(conversation: string): SeenMessage[] {
    const channel = this.conversationId(conversation);
    const keyOf = new Map(this.settings.people.map((p) => [slackUserId(p), p.key]));
    return this.api.messages
      .filter((m) => m.channel === channel)
      .map((m) => ({
        id: m.ts,
        conversation,
        text: m.blocks ? slackText(m.blocks) : (m.text ?? ''),
        buttons: slackButtons(m.blocks ?? []).map(({ label, verb, data }) => ({ label, verb, data })),
        ...(m.user ? { onlyFor: keyOf.get(m.user) ?? m.user } : {}),
      }));
  }
}

interface SlackButton extends SeenButton {
  action_id: string;
  value?: string;
}

function slackButtonOf(api: FakeSlackWebApi, message: SeenMessage, which: ButtonChoice): SlackButton | undefined {
  const stored = api.messages.find((m) => m.ts === message.id);
  return slackButtons(stored?.blocks ?? []).find(matches(which));
}

/** The bot's buttons in a message's blocks (link buttons carry no value and are left out). */
function slackButtons(blocks: unknown[]): SlackButton[] {
  return blocks
    .filter(
      (b): b is { type: 'actions'; elements: Record<string, unknown>[] } => (b as { type: string }).type === 'actions',
    )
    .flatMap((b) => b.elements)
    .filter((e) => e.type === 'button' && typeof e.value === 'string')
    .map((e) => {
      const { verb, data } = JSON.parse(e.value as string) as { verb: string; data: Record<string, unknown> };
      return {
        label: (e.text as { text: string }).text,
        verb,
        data,
        action_id: String(e.action_id),
        value: e.value as string,
      };
    });
}

/** All text of Block Kit blocks, one piece per line, with mrkdwn bold markers and code fences taken out. */
function slackText(blocks: unknown[]): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (key === 'value' || key === 'action_id') continue;
      if (key === 'text' && typeof value === 'string') out.push(value);
      else walk(value);
    }
  };
  walk(blocks);
  return out
    .join('\n')
    .replace(/```/g, '')
    .replace(/\*([^*\n]+)\*/g, '$1');
}
