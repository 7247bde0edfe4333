/**
 * Serves a Slack channel's endpoint the way main.ts does (our HTTP app's `channels`), on a free loopback port.
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpChannel } from '../../../src/core/feature.js';
import type { Logger } from '../../../src/core/ports.js';
import { PrometheusMetrics } from '../../../src/http/metrics.js';
import { createHttpApp } from '../../../src/http/server.js';

export interface ServedSlack {
  /** The request URL Slack would be given (…/slack/events). */
  url: string;
  close(): Promise<void>;
}

/** Any request listener on 127.0.0.1 at a free port; `path` is appended to the URL. */
export async function serveOnFreePort(listener: RequestListener, path = '/slack/events'): Promise<ServedSlack> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Our HTTP app with only the Slack channel (its /slack/events; no Teams endpoint). */
export function serveSlackChannel(channel: HttpChannel, logger: Logger): Promise<ServedSlack> {
  const app = createHttpApp({ channels: [channel], healthChecks: [], metrics: new PrometheusMetrics(), logger });
  return serveOnFreePort(app, channel.http[0].path);
}
