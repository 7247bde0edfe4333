/**
 * The HTTP side of the Slack channel: a Bolt `Receiver` whose Express router our server mounts at
 * /slack/events (Events API, interactivity and the slash command share the URL). Per request:
 * body within the limit (413) → v0 signature within ±5 minutes (401, nothing processed) → parsed and
 * shape-checked (400) → a delivery already seen (Slack's retries, `X-Slack-Retry-Num`) is acknowledged
 * and dropped → Bolt dispatches it. Listeners acknowledge first and work after; a request nobody
 * acknowledged in time is acknowledged empty, so Slack never shows a timeout.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import { verifySlackRequest } from '@slack/bolt';
import type { Logger } from '../../core/ports.js';

export interface SlackReceiverOptions {
  signingSecret: string;
  bodyLimitInBytes: number;
  logger: Logger;
  /** Acknowledge empty after this long if no listener has (Slack gives up after 3 s). */
  ackTimeoutInMs?: number;
  /** How long a delivery key is remembered (Slack retries after about 1 and 5 minutes). */
  dedupeWindowInMs?: number;
}

/**
 * What Slack waits for: an empty 200, or a JSON answer (modal errors). Resolves true when this call was the
 * acknowledgement, false when the request had already been acknowledged (its answer can no longer go there).
 */
export type SlackAck = (response?: unknown) => Promise<boolean>;

const SIGNATURE_WINDOW_IN_SECONDS = 5 * 60;

/** Keys of deliveries seen recently (bounded; oldest forgotten first). */
export class RecentDeliveries {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly windowInMs: number,
    private readonly maxEntries = 50_000,
  ) {}

  /** True the first time `key` is offered within the window. */
  firstTime(key: string, now = Date.now()): boolean {
    for (const [k, at] of this.seen) {
      if (now - at < this.windowInMs && this.seen.size < this.maxEntries) break;
      this.seen.delete(k);
    }
    if (this.seen.has(key)) return false;
    this.seen.set(key, now);
    return true;
  }

  forget(key: string): void {
    this.seen.delete(key);
  }
}

type Body = Record<string, unknown>;

export class SlackReceiver implements Receiver {
  readonly router = express.Router();
  private bolt?: App;
  private readonly deliveries: RecentDeliveries;

  constructor(private readonly options: SlackReceiverOptions) {
    this.deliveries = new RecentDeliveries(options.dedupeWindowInMs ?? 10 * 60_000);
    this.router.post(
      '/',
      // Any content type, read raw: the signature covers the exact bytes.
      express.raw({ type: () => true, limit: options.bodyLimitInBytes }),
      (req, res) => void this.handle(req, res),
    );
    this.router.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
      if (res.headersSent) return next(err);
      const status = (err as { status?: number }).status === 413 ? 413 : 400;
      res.status(status).json({ error: status === 413 ? 'request body too large' : 'unreadable request body' });
    });
  }

  init(app: App): void {
    this.bolt = app;
  }

  /** Nothing to listen on: our HTTP server mounts `router`. */
  async start(): Promise<express.Router> {
    return this.router;
  }

  async stop(): Promise<void> {}

  private async handle(req: Request, res: Response): Promise<void> {
    const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    if (!this.verified(req, raw)) {
      // Every request refused like this usually means SLACK_SIGNING_SECRET is not the app's: say so.
      this.options.logger.warn(
        { status: 401, signed: Boolean(header(req, 'x-slack-signature')) },
        'slack request refused: missing, wrong or stale signature (is SLACK_SIGNING_SECRET the app’s?)',
      );
      res.status(401).json({ error: 'invalid signature' });
      return;
    }
    const body = parseBody(raw, header(req, 'content-type'));
    if (!body) {
      res.status(400).json({ error: 'malformed request' });
      return;
    }
    if (body.ssl_check) {
      res.status(200).end();
      return;
    }
    if (body.type === 'url_verification' && typeof body.challenge === 'string') {
      res.status(200).json({ challenge: body.challenge });
      return;
    }
    const key = deliveryKey(body);
    if (!key) {
      res.status(400).json({ error: 'unsupported request' });
      return;
    }
    if (!this.deliveries.firstTime(key)) {
      this.options.logger.info(
        { delivery: key, retryNum: header(req, 'x-slack-retry-num') },
        'slack: repeated delivery ignored',
      );
      res.status(200).end();
      return;
    }
    await this.dispatch(req, res, body, key);
  }

  private async dispatch(req: Request, res: Response, body: Body, key: string): Promise<void> {
    let acked = false;
    const ack: SlackAck = async (response) => {
      if (acked) return false;
      acked = true;
      clearTimeout(timer);
      if (response === undefined || response === '') res.status(200).end();
      else if (typeof response === 'string') res.status(200).type('text/plain').send(response);
      else res.status(200).json(response);
      return true;
    };
    const timer = setTimeout(() => {
      if (acked) return;
      this.options.logger.warn({ delivery: key }, 'slack: nothing acknowledged in time; acknowledged empty');
      void ack();
    }, this.options.ackTimeoutInMs ?? 2500);
    const retryNum = Number(header(req, 'x-slack-retry-num'));
    const event: ReceiverEvent = {
      body,
      // Bolt passes it through to the listeners untouched (app.ts reads the boolean back).
      ack: ack as unknown as ReceiverEvent['ack'],
      ...(Number.isInteger(retryNum) ? { retryNum } : {}),
      ...(header(req, 'x-slack-retry-reason') ? { retryReason: header(req, 'x-slack-retry-reason') } : {}),
    };
    try {
      await this.bolt?.processEvent(event);
      await ack();
    } catch (err) {
      this.options.logger.error({ err, delivery: key }, 'slack: request failed');
      if (acked) return;
      // Not acknowledged: Slack may deliver it again, and then it must run.
      this.deliveries.forget(key);
      acked = true;
      clearTimeout(timer);
      res.status(500).json({ error: 'internal error' });
    }
  }

  /** Slack's v0 signature over `v0:{timestamp}:{raw body}`, with the timestamp within five minutes of now. */
  private verified(req: Request, raw: string): boolean {
    const signature = header(req, 'x-slack-signature');
    const timestamp = Number(header(req, 'x-slack-request-timestamp'));
    if (!signature || !Number.isInteger(timestamp)) return false;
    if (Math.abs(Date.now() / 1000 - timestamp) > SIGNATURE_WINDOW_IN_SECONDS) return false;
    try {
      verifySlackRequest({
        signingSecret: this.options.signingSecret,
        body: raw,
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
      });
      return true;
    } catch {
      return false;
    }
  }
}

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** JSON (Events API) or form-encoded (slash commands; interactivity as a JSON `payload` field). */
function parseBody(raw: string, contentType: string | undefined): Body | null {
  const type = contentType?.split(';')[0].trim().toLowerCase();
  try {
    if (type === 'application/json') return asObject(JSON.parse(raw));
    if (type === 'application/x-www-form-urlencoded') {
      const form = Object.fromEntries(new URLSearchParams(raw));
      return typeof form.payload === 'string' ? asObject(JSON.parse(form.payload)) : form;
    }
  } catch {
    return null;
  }
  return null;
}

function asObject(value: unknown): Body | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Body) : null;
}

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

const objectOrAbsent = (v: unknown) => v === undefined || asObject(v) !== null;
const stringOrObject = (v: unknown) => typeof v === 'string' || asObject(v) !== null;

/**
 * A key that names one delivery (the same on Slack's retries), or null for a request of a shape we do
 * not take: events by `event_id`, slash commands and interactive payloads by their `trigger_id`. The
 * fields Bolt reads before any listener runs must have Slack's types (a null there would throw in Bolt).
 */
function deliveryKey(body: Body): string | null {
  if (body.type === 'event_callback') {
    const event = asObject(body.event);
    if (!event || !isString(event.type) || !isString(body.event_id)) return null;
    const fieldsOk = ['channel', 'user'].every((f) => !(f in event) || stringOrObject(event[f]));
    return fieldsOk && objectOrAbsent(event.item) ? `event:${body.event_id}` : null;
  }
  if (isString(body.command))
    return isString(body.user_id) &&
      isString(body.channel_id) &&
      typeof body.text === 'string' &&
      isString(body.trigger_id)
      ? `command:${body.trigger_id}`
      : null;
  const user = asObject(body.user);
  if (!user || !isString(user.id) || !isString(body.trigger_id)) return null;
  if (!objectOrAbsent(body.channel) || !objectOrAbsent(body.container)) return null;
  if (![body.team, body.enterprise].every((v) => v === null || objectOrAbsent(v))) return null;
  if (body.type === 'block_actions')
    return Array.isArray(body.actions) && body.actions.every((a) => asObject(a)) ? `action:${body.trigger_id}` : null;
  if (body.type === 'view_submission') return asObject(body.view) ? `view:${body.trigger_id}` : null;
  return null;
}
