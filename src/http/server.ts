import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type Request, type Response } from 'express';
import { z } from 'zod';
import { checkJsonRequestHeaders } from '../core/json-request.js';
import type { Logger } from '../core/ports.js';
import { secretMatches } from '../core/secrets.js';
import type { PrometheusMetrics } from './metrics.js';

import type { HealthCheck, HttpMount } from '../core/feature.js';

export type { HealthCheck };

/** The channel's handler for POST /api/messages (JWT, turn, response are the channel's business). */
export type MessageHandler = (req: Request, res: Response) => Promise<void>;

export interface HttpServerOptions {
  messages: MessageHandler;
  healthChecks: HealthCheck[];
  metrics: PrometheusMetrics;
  logger: Logger;
  bodyLimitInBytes: number;
  healthCheckTimeoutInMs?: number;
  /** Features' routers with their own body parsing and auth (/api/alerts, /api/reports), mounted before the 404. */
  mounts?: readonly HttpMount[];
  /** Who may read GET /metrics; default open (local development). */
  metricsAccess?: MetricsAccess;
}

/** Metrics reveal traffic and usage: open locally, behind a bearer token or off in production. */
export type MetricsAccess = { access: 'open' } | { access: 'token'; token: string } | { access: 'off' };

/**
 * An id the bot keys state, audit and replies on: no control characters (a NUL cannot be stored) and no
 * unpaired surrogate (it cannot be put in the reply's URL), and no channel sends either, so such an
 * activity is a 400 here rather than a turn that fails later.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const UNUSABLE_IN_ID = /[\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const activityId = (max: number, min = 0) =>
  z
    .string()
    .min(min)
    .max(max)
    .refine((id) => !UNUSABLE_IN_ID.test(id), 'control characters and unpaired surrogates are not allowed');
/** botbuilder sends the conversation id in an HTTP header (x-ms-conversation-id): printable ASCII only, as channels make them. */
const conversationId = z
  .string()
  .min(1)
  .max(1024)
  .regex(/^[\x20-\x7e]+$/, 'only printable ASCII is allowed');

/** The least an activity needs before botbuilder sees it; anything less is a 400, not a crash. */
const activitySchema = z
  .object({
    type: z.string().min(1).max(64),
    id: activityId(1024).optional(),
    channelId: activityId(256).optional(),
    replyToId: activityId(1024).optional(),
    serviceUrl: z.string().url().max(2048).optional(),
    conversation: z.object({ id: conversationId }).passthrough().optional(),
    from: z
      .object({ id: activityId(1024, 1) })
      .passthrough()
      .optional(),
    recipient: z
      .object({ id: activityId(1024) })
      .passthrough()
      .optional(),
    text: z.string().max(28_000).optional(),
  })
  .passthrough()
  .refine(
    (a) => a.type !== 'message' || (a.conversation && a.from && a.serviceUrl),
    'a message needs conversation, from and serviceUrl',
  );

export function createHttpApp(options: HttpServerOptions): express.Express {
  const app = express();
  const mountPaths = (options.mounts ?? []).map((m) => m.path);
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use((req, res, next) => {
    const started = performance.now();
    const route = routeLabel(req.path, mountPaths); // now: a mounted router rewrites req.url while it handles the request
    res.on('finish', () => options.metrics.observeHttp(route, res.statusCode, performance.now() - started));
    next();
  });

  // Reachability probes: the Agents Playground (and some proxies) send GET/HEAD/OPTIONS to the endpoint
  // with every message; they are not errors, so they are not 404s in /metrics either.
  app.options('/api/messages', (_req, res) => {
    res.setHeader('Allow', 'POST, GET, HEAD, OPTIONS');
    res.status(204).end();
  });
  app.get('/api/messages', (_req, res) => {
    res.type('text/plain').send('acr-chatops: POST Bot Framework activities here.\n');
  });

  app.post(
    '/api/messages',
    rejectUnreadableBodies,
    express.json({ limit: options.bodyLimitInBytes, strict: true }),
    async (req, res) => {
      const parsed = activitySchema.safeParse(req.body);
      if (!parsed.success) {
        res.status(400).json({
          error: 'invalid activity',
          problems: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`),
        });
        return;
      }
      await options.messages(req, res);
    },
  );

  app.get('/healthz', async (_req, res) => {
    const timeoutInMs = options.healthCheckTimeoutInMs ?? 2000;
    const checks: Record<string, { ok: boolean; detail?: string }> = {};
    await Promise.all(
      options.healthChecks.map(async (hc) => {
        const signal = AbortSignal.timeout(timeoutInMs);
        try {
          checks[hc.name] = await Promise.race([
            hc.check(signal),
            new Promise<never>((_, reject) =>
              signal.addEventListener('abort', () => reject(new Error(`timed out after ${timeoutInMs} ms`))),
            ),
          ]);
        } catch (err) {
          // The raw error can name hosts, users or socket paths: it goes to the log, not to the caller.
          options.logger.warn({ err, check: hc.name }, 'health check failed');
          checks[hc.name] = { ok: false, detail: signal.aborted ? `timed out after ${timeoutInMs} ms` : 'unavailable' };
        }
      }),
    );
    const ready = Object.values(checks).every((c) => c.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks });
  });

  const metricsAccess = options.metricsAccess ?? { access: 'open' };
  app.get('/metrics', (req, res, next) => {
    if (metricsAccess.access === 'off') return next(); // the 404 handler: as if there were no such route
    if (
      metricsAccess.access === 'token' &&
      !secretMatches(/^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1], metricsAccess.token)
    ) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      res.status(401).json({ error: 'unauthorized' });
      return;
    }
    res.type('text/plain; version=0.0.4; charset=utf-8').send(options.metrics.expose());
  });

  // A feature's handler is an Express router; the core types it without knowing Express.
  for (const mount of options.mounts ?? []) app.use(mount.path, mount.handler as express.RequestHandler);

  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });

  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    const status = httpStatusOf(err);
    if (status >= 500) options.logger.error({ err, path: req.path }, 'request failed');
    else options.logger.debug({ path: req.path, status, reason: err?.type }, 'request rejected');
    if (res.headersSent) return;
    res.status(status).json({
      error:
        status === 413
          ? 'request body too large'
          : status === 400
            ? 'malformed JSON body'
            : status >= 500
              ? 'internal error'
              : 'bad request',
    });
  };
  app.use(onError);
  return app;
}

/** 400 for a content coding we cannot decode, 415 for a body that is not JSON (see core/json-request). */
const rejectUnreadableBodies: express.RequestHandler = (req, res, next) => {
  const rejection = checkJsonRequestHeaders(req.headers);
  if (!rejection) return next();
  res.status(rejection.status).json({ error: rejection.message });
};

function httpStatusOf(err: unknown): number {
  const status =
    (err as { status?: unknown; statusCode?: unknown })?.status ?? (err as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

const ROUTES = [
  '/api/messages',
  '/api/alerts/acr',
  '/api/alerts/eventgrid',
  '/api/alerts/monitor',
  '/healthz',
  '/metrics',
];

/** A fixed set of labels (unknown paths are "other"), so a scan of random URLs cannot grow the metrics. */
function routeLabel(path: string, mountPaths: readonly string[]): string {
  const exact = path.replace(/\/+$/, '');
  if (ROUTES.includes(exact)) return exact;
  return mountPaths.find((mount) => path.startsWith(`${mount}/`)) ?? 'other';
}

export interface RunningServer {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Listens and resolves once bound (port 0 = random). */
export function listen(app: express.Express, port: number, host: string): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('error', reject);
    server.once('listening', () => {
      const bound = (server.address() as AddressInfo).port;
      resolve({
        server,
        port: bound,
        url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
          }),
      });
    });
  });
}
