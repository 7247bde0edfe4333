/**
 * The one shape every feature (Ask, Act, Alerts) has. main.ts builds each feature from config and composes
 * them in one list: their chat routes go into the core's router, their HTTP mounts into the server, their
 * retention tasks into the retention run, and start/stop bracket the process's life.
 */
import type { AnswerContext, MissContext } from './answer-context.js';
import type { Lang } from './lang.js';
import type { NeutralReply, NeutralRequest, ReplySection } from './model.js';
import type { ConversationMessenger } from './ports.js';
import type { CommandRouter } from './router.js';

export type { AnswerContext, MissContext } from './answer-context.js';

/** A feature's part of the chat: routes, help, and what it adds to Ask's answers and misses. */
export interface ChatFeature {
  register(router: CommandRouter): void;
  /** What this feature offers the person asking for help, in their language (commands they may use). */
  helpSection?(
    lang: Lang,
    request: NeutralRequest,
  ): ReplySection | ReplySection[] | Promise<ReplySection | ReplySection[]>;
  /** Lets a feature add to a FAQ answer (e.g. buttons that lead from the answer into an action). */
  decorateAnswer?(reply: NeutralReply, context: AnswerContext): NeutralReply | Promise<NeutralReply>;
  /** Lets a feature add to a miss, an abstention or a 👎 (e.g. "Which of these did you mean?"). */
  decorateMiss?(reply: NeutralReply, miss: MissContext): NeutralReply | Promise<NeutralReply>;
}

/**
 * An HTTP request handler as Express calls it (an Express Router fits); the core does not know Express, the
 * HTTP server mounts it.
 */
export type HttpHandler = (req: never, res: never, next: never) => unknown;

/** A chat channel as the HTTP server sees it: the endpoints it serves, with its own parsing and authentication. */
export interface HttpChannel {
  readonly http: readonly HttpMount[];
}

/** An HTTP path a feature or channel serves (alert receivers, report downloads, /api/messages, /slack/events). */
export interface HttpMount {
  path: string;
  handler: HttpHandler;
}

/** One kind of data that expires: deletes what is older than the cut-off and says how many rows. */
export interface RetentionTask {
  name: string;
  purge(olderThan: Date): Promise<number>;
}

export interface RetentionSummary {
  olderThan: Date;
  /** Rows deleted per task name. */
  deleted: Record<string, number>;
}

/** The retention run over every feature's tasks (src/storage/retention.ts): at most once per interval. */
export interface RetentionRun {
  runIfDue(now: Date): Promise<RetentionSummary | undefined>;
}

/** A readiness check (`/healthz`). */
export interface HealthCheck {
  name: string;
  check(signal: AbortSignal): Promise<{ ok: boolean; detail?: string }>;
}

/** What a feature gets when the process is ready to serve (the channels exist, the server listens). */
export interface FeatureStartContext {
  /** Posts outside a turn, to any platform's conversation. */
  messenger: ConversationMessenger;
  /** Deletes expired rows; run by whichever feature holds the process-wide lease (Alerts' watchers). */
  retention?: RetentionRun;
}

/** The one shape of Ask, Act and Alerts as main.ts composes them. */
export interface Feature {
  readonly name: 'ask' | 'act' | 'alerts';
  /** Chat parts, in the order their text routes are tried (Ask's fallback is registered last by the core). */
  readonly chat: readonly ChatFeature[];
  readonly http?: readonly HttpMount[];
  readonly health?: readonly HealthCheck[];
  /** Rows of this feature that expire (deleted by the retention run once older than the period). */
  readonly retentionTasks?: readonly RetentionTask[];
  start?(context: FeatureStartContext): Promise<void>;
  /** Stops background work; called before the database closes. */
  stop?(): Promise<void>;
}
