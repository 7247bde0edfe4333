/**
 * HTTP receivers, as an Express 5 Router the bot mounts at /api/alerts:
 *   POST /acr        ACR webhooks, secret in a custom header
 *   POST /eventgrid  Event Grid schema or CloudEvents 1.0 (+ both validation handshakes), key in aeg-sas-key or ?code=
 *   POST /monitor    Azure Monitor common alert schema, token in ?token=
 * Order of checks: secret (401) → content coding (400) and type (415) → body size (413) → JSON (400) →
 * schema (400) → durable enqueue (429/503) → 202.
 */
import express, { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { SafeParseReturnType, ZodError } from 'zod';
import { checkJsonRequestHeaders } from '../../core/json-request.js';
import { acrWebhookSchema, acrWebhookToAlert } from './payloads/acr-webhook.js';
import { monitorAlertSchema, monitorAlertToAlert } from './payloads/azure-monitor.js';
import { eventGridBodySchema, parseEventGridBody } from './payloads/event-grid.js';
import type { AlertInbox } from './queue.js';
import { secretMatches } from '../../core/secrets.js';
import type { RegistryResolution } from './registry-resolver.js';
import { silentLogger, type AlertEvent, type AlertsLogger } from './types.js';

export const DEFAULT_ACR_SECRET_HEADER = 'x-acr-webhook-secret';

export interface AlertsRouterSecrets {
  /** Value of the custom header configured on the ACR webhook. Unset: /acr answers 404. */
  acrWebhookSecret?: string;
  /** Key for /eventgrid (aeg-sas-key header or ?code=). Unset: /eventgrid answers 404. */
  eventGridKey?: string;
  /** Token for /monitor (?token=). Unset: /monitor answers 404. */
  monitorToken?: string;
}

export interface AlertsRouterOptions {
  inbox: AlertInbox;
  secrets: AlertsRouterSecrets;
  /** Header carrying the ACR webhook secret; default x-acr-webhook-secret. */
  acrSecretHeader?: string;
  /** Largest accepted body; default 1 MiB (Event Grid batches stay under it). */
  maxBodyInBytes?: number;
  /** Origins allowed by the CloudEvents handshake; default ['eventgrid.azure.net']. */
  eventGridAllowedOrigins?: string[];
  /** Retry-After on 429/503; default 30 s. */
  retryAfterInSeconds?: number;
  logger?: AlertsLogger;
  /** Called after events were stored (wakes the dispatcher). */
  onEnqueued?: (count: number) => void;
  /** Maps each event to a configured registry name (see registry-resolver.ts); default: as parsed. */
  resolveRegistry?: (event: AlertEvent) => RegistryResolution;
  /** An accepted event names no configured registry (it is still stored: a subscription may name it). */
  onUnmatchedRegistry?: (event: AlertEvent) => void;
}

interface ErrorBody {
  error: { code: string; message: string; details?: string[] };
}

function sendError(res: Response, status: number, code: string, message: string, details?: string[]): void {
  const body: ErrorBody = { error: { code, message, ...(details ? { details } : {}) } };
  res.status(status).json(body);
}

function zodDetails(error: ZodError): string[] {
  return error.issues.slice(0, 20).map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`);
}

function firstString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

/** Rejects before the body is read: unauthenticated senders cannot make us parse anything. */
function requireSecret(
  expected: string | undefined,
  pick: (req: Request) => string | undefined,
  logger: AlertsLogger,
  endpoint: string,
): RequestHandler {
  return (req, res, next) => {
    if (!expected) return sendError(res, 404, 'not_configured', `The ${endpoint} receiver is not configured.`);
    if (!secretMatches(pick(req), expected)) {
      logger.warn({ endpoint, ip: req.ip }, 'alert receiver: missing or wrong secret');
      return sendError(res, 401, 'unauthorized', 'Missing or wrong secret.');
    }
    next();
  };
}

export function createAlertsRouter(options: AlertsRouterOptions): Router {
  const logger = options.logger ?? silentLogger;
  const retryAfter = String(options.retryAfterInSeconds ?? 30);
  const allowedOrigins = new Set(
    (options.eventGridAllowedOrigins ?? ['eventgrid.azure.net']).map((o) => o.toLowerCase()),
  );
  const secretHeader = (options.acrSecretHeader ?? DEFAULT_ACR_SECRET_HEADER).toLowerCase();
  const jsonParser = express.json({
    limit: options.maxBodyInBytes ?? 1024 * 1024,
    // CloudEvents arrive as application/cloudevents+json and application/cloudevents-batch+json.
    type: ['application/json', 'application/*+json'],
    strict: true,
  });
  const router = Router();
  // Before the parser: a body in a coding we cannot read (400) or not JSON at all (415) is permanent,
  // and must not look like an empty body (400 invalid_payload) or a temporary failure.
  const readable: RequestHandler = (req, res, next) => {
    const rejection = checkJsonRequestHeaders(req.headers);
    if (!rejection) return next();
    sendError(res, rejection.status, rejection.code, rejection.message);
  };

  /** Durable write, then the answer. */
  async function accept(
    res: Response,
    endpoint: string,
    parsed: AlertEvent[],
    extra: Record<string, number> = {},
  ): Promise<void> {
    const alerts = options.resolveRegistry ? parsed.map((event) => resolved(endpoint, event)) : parsed;
    let result;
    try {
      result = await options.inbox.enqueue(alerts);
    } catch (error) {
      logger.error({ endpoint, err: error }, 'alert receiver: could not store events');
      res.setHeader('Retry-After', retryAfter);
      return sendError(res, 503, 'unavailable', 'Events could not be stored; retry later.');
    }
    if (result.status === 'full') {
      logger.warn(
        { endpoint, queued: result.queued, batch: alerts.length },
        'alert receiver: queue full, asking the sender to retry',
      );
      res.setHeader('Retry-After', retryAfter);
      return sendError(res, 429, 'queue_full', 'Too many events waiting; retry later.');
    }
    if (result.accepted > 0) options.onEnqueued?.(result.accepted);
    res.status(202).json({ accepted: result.accepted, duplicates: result.duplicates, ...extra });
  }

  function resolved(endpoint: string, event: AlertEvent): AlertEvent {
    const resolution = options.resolveRegistry!(event);
    if (!resolution.matched) {
      logger.warn(
        { endpoint, eventId: event.id, registry: event.registry, loginServer: event.loginServer },
        'alert receiver: the event names no configured registry (CHATOPS_REGISTRIES); only subscriptions to that exact name get it',
      );
      options.onUnmatchedRegistry?.(event);
    }
    return resolution.event;
  }

  /** A receiver: its secret, then the JSON body checked against `schema` (a 400 says what the body is not). */
  function receive<Body>(
    path: string,
    auth: RequestHandler,
    schema: { safeParse(body: unknown): SafeParseReturnType<unknown, Body> },
    notThis: string,
    handle: (body: Body, res: Response) => Promise<void>,
  ): void {
    router.post(path, auth, readable, jsonParser, async (req, res) => {
      const parsed = schema.safeParse(req.body);
      if (!parsed.success) return sendError(res, 400, 'invalid_payload', notThis, zodDetails(parsed.error));
      await handle(parsed.data, res);
    });
  }

  const acrAuth = requireSecret(
    options.secrets.acrWebhookSecret,
    (req) => firstString(req.headers[secretHeader]),
    logger,
    'acr',
  );
  receive('/acr', acrAuth, acrWebhookSchema, 'Not an ACR webhook payload.', async (body, res) => {
    const alert = acrWebhookToAlert(body);
    if (!alert) {
      res.status(200).json({ ping: true });
      return;
    }
    await accept(res, 'acr', [alert]);
  });

  const eventGridAuth = requireSecret(
    options.secrets.eventGridKey,
    (req) => firstString(req.headers['aeg-sas-key']) ?? firstString(req.query.code),
    logger,
    'eventgrid',
  );
  // CloudEvents 1.0 abuse protection: the sender asks with OPTIONS before delivering.
  router.options('/eventgrid', eventGridAuth, (req, res) => {
    const origin = firstString(req.headers['webhook-request-origin']);
    res.setHeader('Allow', 'POST, OPTIONS');
    if (origin && allowedOrigins.has(origin.toLowerCase())) {
      res.setHeader('WebHook-Allowed-Origin', origin);
      res.setHeader('WebHook-Allowed-Rate', '*');
    }
    res.status(200).end();
  });
  receive(
    '/eventgrid',
    eventGridAuth,
    eventGridBodySchema,
    'Neither Event Grid nor CloudEvents 1.0 events.',
    async (body, res) => {
      const result = parseEventGridBody(body);
      if (result.kind === 'invalid')
        return sendError(res, 400, 'invalid_payload', 'Container Registry event data is malformed.', result.issues);
      if (result.kind === 'validation') {
        logger.info({ endpoint: 'eventgrid' }, 'alert receiver: Event Grid subscription validated');
        res.status(200).json({ validationResponse: result.validationCode });
        return;
      }
      await accept(res, 'eventgrid', result.alerts, { ignored: result.ignored });
    },
  );

  const monitorAuth = requireSecret(
    options.secrets.monitorToken,
    (req) => firstString(req.query.token),
    logger,
    'monitor',
  );
  receive(
    '/monitor',
    monitorAuth,
    monitorAlertSchema,
    'Not an Azure Monitor common alert schema payload.',
    (body, res) => accept(res, 'monitor', [monitorAlertToAlert(body)]),
  );

  // Body parser errors: too large → 413, unreadable JSON → 400; anything else is ours → 500 without details.
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const e = error as { type?: string; status?: number };
    if (e.type === 'entity.too.large') return sendError(res, 413, 'too_large', 'Request body too large.');
    if (e.type === 'entity.parse.failed') return sendError(res, 400, 'invalid_json', 'Request body is not valid JSON.');
    if (e.type === 'charset.unsupported')
      return sendError(res, 415, 'unsupported_encoding', 'Unsupported body encoding.');
    // A gzip/deflate/br body that does not decode: the sender's fault, permanent.
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500)
      return sendError(res, 400, 'unreadable_body', 'Request body could not be read.');
    logger.error({ err: error }, 'alert receiver: unexpected error');
    sendError(res, 500, 'internal', 'Internal error.');
  });
  return router;
}
