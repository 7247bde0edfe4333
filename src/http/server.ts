import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler } from 'express';
import type { Logger } from '../core/ports.js';
import { secretMatches } from '../core/secrets.js';
import type { PrometheusMetrics } from './metrics.js';

import type { HealthCheck, HttpChannel, HttpMount } from '../core/feature.js';

export type { HealthCheck };

export interface HttpServerOptions {
  channels: readonly HttpChannel[];
  healthChecks: HealthCheck[];
  metrics: PrometheusMetrics;
  logger: Logger;
  healthCheckTimeoutInMs?: number;
  /** Features' routers with their own body parsing and auth (/api/alerts, /api/reports), mounted before the 404. */
  mounts?: readonly HttpMount[];
  /** Who may read GET /metrics; default open (local development). */
  metricsAccess?: MetricsAccess;
}

/** Metrics reveal traffic and usage: open locally, behind a bearer token or off in production. */
export type MetricsAccess = { access: 'open' } | { access: 'token'; token: string } | { access: 'off' };

export function createHttpApp(options: HttpServerOptions): express.Express {
  const app = express();
  const mountPaths = [...options.channels.flatMap((c) => c.http), ...(options.mounts ?? [])].map((m) => m.path);
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use((req, res, next) => {
    const started = performance.now();
    const route = routeLabel(req.path, mountPaths); // now: a mounted router rewrites req.url while it handles the request
    res.on('finish', () => options.metrics.observeHttp(route, res.statusCode, performance.now() - started));
    next();
  });

  // Each channel serves its own endpoint (Teams: /api/messages; Slack: /slack/events) with its own checks.
  for (const channel of options.channels)
    for (const mount of channel.http) app.use(mount.path, mount.handler as express.RequestHandler);

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
  return mountPaths.find((mount) => exact === mount || path.startsWith(`${mount}/`)) ?? 'other';
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
