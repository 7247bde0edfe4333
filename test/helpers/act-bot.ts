/**
 * Helpers for tests that drive the running bot's Act feature over HTTP like Teams would: message and
 * invoke (Action.Execute) activities to /api/messages, replies and card updates caught by a LocalConnector.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalConnector, type ReceivedActivity } from './local-connector.js';
import { ImagePusher, type PushedManifest } from './registry/image-pusher.js';

export const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

/** `app`: `devCount` old dev tags, `latest` and two `release-*` (protected by policy), two new tags; `other`: two old tags. */
export async function pushActImages(
  url: string,
  devCount: number,
): Promise<{ dev: PushedManifest[]; kept: PushedManifest[] }> {
  const pusher = new ImagePusher({ url, concurrency: 8 });
  try {
    const dev = await pusher.pushMany(
      Array.from({ length: devCount }, (_, i) => ({
        repository: 'app',
        tags: [`dev-${i}`],
        createdAt: daysAgo(40 + i),
        label: `dev-${i}`,
      })),
    );
    const kept = await pusher.pushMany([
      { repository: 'app', tags: ['latest'], createdAt: daysAgo(90), label: 'latest' },
      { repository: 'app', tags: ['release-1'], createdAt: daysAgo(90), label: 'r1' },
      { repository: 'app', tags: ['release-2'], createdAt: daysAgo(80), label: 'r2' },
      { repository: 'app', tags: ['new-0'], createdAt: daysAgo(1), label: 'n0' },
      { repository: 'app', tags: ['new-1'], createdAt: daysAgo(2), label: 'n1' },
      { repository: 'other', tags: ['dev-0'], createdAt: daysAgo(90), label: 'o0' },
      { repository: 'other', tags: ['dev-1'], createdAt: daysAgo(90), label: 'o1' },
    ]);
    return { dev, kept };
  } finally {
    pusher.close();
  }
}

/** Policy YAML for tests: anyone requests, anyone else approves; `extra` replaces the disable-admin-user rule. */
export function testPolicyYaml(
  options: { registries?: string[]; maxItemsPerPlan?: number; extra?: string } = {},
): string {
  const registries = (options.registries ?? ['127.0.0.1:*', 'localhost:*']).map((r) => `"${r}"`).join(', ');
  return `version: 1
defaults: { approvalsRequired: 1, expiry: 24h, maxItemsPerPlan: ${options.maxItemsPerPlan ?? 1000} }
registries: [${registries}]
protected: { repositories: [], tags: [latest, "release-*"] }
actions:
  purge: { requesters: ["*"], approvers: ["*"] }
  purge-untagged: { requesters: ["*"], approvers: ["*"] }
  cancel-runs: { requesters: ["*"], approvers: ["*"] }
  lock: { requesters: ["*"], approvers: ["*"] }
  unlock: { requesters: ["*"], approvers: ["*"] }
${options.extra ?? '  disable-admin-user: { requesters: ["*"], approvers: ["*"] }'}
`;
}

/** Writes testPolicyYaml() to `dir/policy.yaml` and returns the path. */
export function writeTestPolicy(dir: string, options: Parameters<typeof testPolicyYaml>[0] = {}): string {
  const path = join(dir, 'policy.yaml');
  writeFileSync(path, testPolicyYaml(options));
  return path;
}

export interface User {
  id: string;
  name: string;
  aadObjectId?: string;
}

export type Card = Record<string, unknown> & {
  body?: unknown[];
  actions?: Array<Record<string, unknown>>;
  refresh?: { action: { verb: string; data: Record<string, string> }; userIds?: string[] };
};

export class ActBotClient {
  private counter = 0;

  constructor(
    readonly botUrl: string,
    readonly connector: LocalConnector,
    readonly conversationId: string,
  ) {}

  private base(from: User, conversationId = this.conversationId): Record<string, unknown> {
    return {
      id: `act-${++this.counter}-${Math.random().toString(36).slice(2, 8)}`,
      channelId: 'msteams',
      serviceUrl: this.connector.url,
      timestamp: new Date().toISOString(),
      locale: 'en-US',
      from,
      recipient: { id: 'bot-1', name: 'ACR bot' },
      conversation: { id: conversationId, conversationType: 'personal', tenantId: 'tenant-1' },
    };
  }

  async say(from: User, text: string): Promise<void> {
    const res = await fetch(`${this.botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...this.base(from), type: 'message', text }),
    });
    if (res.status >= 300) throw new Error(`message → HTTP ${res.status}`);
  }

  /** An Action.Execute click; resolves with the invoke response body ({ statusCode, type, value }). */
  async execute(
    from: User,
    verb: string,
    data: Record<string, unknown>,
    options: { replyToId?: string; conversationId?: string } = {},
  ): Promise<{ statusCode: number; type: string; value: Card | string }> {
    const activity = {
      ...this.base(from, options.conversationId),
      type: 'invoke',
      name: 'adaptiveCard/action',
      ...(options.replyToId ? { replyToId: options.replyToId } : {}),
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    };
    const res = await fetch(`${this.botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    if (res.status !== 200) throw new Error(`invoke → HTTP ${res.status}`);
    return (await res.json()) as { statusCode: number; type: string; value: Card | string };
  }

  /** Every activity the bot sent into `conversationId` (posts and updates), oldest first. */
  activities(conversationId = this.conversationId): ReceivedActivity[] {
    return this.connector.received.filter((r) => r.conversationId === conversationId);
  }

  async waitFor<T>(find: () => T | undefined, what: string, timeoutInMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutInMs;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The next card posted (POST) after `afterIndex` activities. */
  async nextPostedCard(afterIndex: number): Promise<{ card: Card; messageId: string; index: number }> {
    return this.waitFor(() => {
      const all = this.activities();
      for (let i = afterIndex; i < all.length; i++) {
        const card = cardOf(all[i].activity);
        if (all[i].method === 'POST' && card) return { card, messageId: all[i].responseId!, index: i };
      }
      return undefined;
    }, 'a posted card');
  }
}

export function cardOf(activity: Record<string, unknown>): Card | undefined {
  const attachments = activity.attachments as Array<{ contentType: string; content: Card }> | undefined;
  return attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

/** All text of a card (TextBlocks, facts, button titles), for assertions. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      for (const key of ['text', 'title', 'value', 'label']) if (typeof o[key] === 'string') out.push(o[key] as string);
      for (const [key, value] of Object.entries(o)) if (key !== 'data' && typeof value === 'object') walk(value);
    }
  };
  walk(card);
  return out.join('\n');
}
