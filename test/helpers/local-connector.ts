/**
 * A tiny stand-in for the Bot Framework connector service (the activity's `serviceUrl`): it accepts
 * the bot's outgoing activities (POST /v3/conversations/{id}/activities[/{replyToId}]) and hands them
 * to waiting callers. Used by HTTP tests and bench/bot.ts; the e2e test uses the real Agents Playground.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedActivity {
  /** POST = a new activity (or reply), PUT = an update of activity `replyToId` (updateActivity). */
  method?: 'POST' | 'PUT';
  conversationId: string;
  replyToId?: string;
  activity: Record<string, unknown>;
  receivedAt: number;
  /** The id the connector answered with (a new message's id). */
  responseId?: string;
}

export class LocalConnector {
  readonly received: ReceivedActivity[] = [];
  private server?: Server;
  private waiters: { conversationId: string; resolve: (a: ReceivedActivity) => void }[] = [];
  private counter = 0;
  url = '';
  /** While true every request is answered 503 and nothing is recorded (Teams unreachable, e.g. an outage). */
  unavailable = false;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (this.unavailable) {
          res.writeHead(503).end();
          return;
        }
        const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(req.url ?? '');
        if ((req.method !== 'POST' && req.method !== 'PUT') || !m) {
          res.writeHead(404).end();
          return;
        }
        const item: ReceivedActivity = {
          method: req.method,
          conversationId: decodeURIComponent(m[1]),
          replyToId: m[2] ? decodeURIComponent(m[2]) : undefined,
          activity: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'),
          receivedAt: performance.now(),
          responseId: `reply-${++this.counter}`,
        };
        const waiter = this.waiters.find((w) => w.conversationId === item.conversationId);
        if (waiter) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(item);
        } else {
          this.received.push(item);
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: item.responseId }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  /** The next activity the bot sends into a conversation. */
  next(conversationId: string, timeoutInMs = 5000): Promise<ReceivedActivity> {
    const queued = this.received.findIndex((r) => r.conversationId === conversationId);
    if (queued >= 0) return Promise.resolve(this.received.splice(queued, 1)[0]);
    return new Promise((resolve, reject) => {
      const waiter = {
        conversationId,
        resolve: (a: ReceivedActivity) => {
          clearTimeout(timer);
          resolve(a);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no reply in ${conversationId} within ${timeoutInMs} ms`));
      }, timeoutInMs);
      this.waiters.push(waiter);
    });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections();
  }
}

/** A Teams-shaped message activity addressed to the bot. */
export function teamsMessage(
  serviceUrl: string,
  conversationId: string,
  text: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: 'message',
    id: `act-${Math.random().toString(36).slice(2)}`,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    locale: 'en-US',
    from: { id: 'user-1', name: 'Ada' },
    recipient: { id: 'bot-1', name: 'ACR bot' },
    conversation: { id: conversationId, conversationType: 'personal', tenantId: 'tenant-1' },
    text,
    ...extra,
  };
}
