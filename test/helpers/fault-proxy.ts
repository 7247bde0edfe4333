/**
 * A small HTTP proxy on 127.0.0.1:<random port> in front of a real registry that misbehaves on
 * purpose for a share of requests: 429 with Retry-After (seconds or HTTP date), 503, or a reset
 * socket (kinds in turn). Whether a request is faulted is decided before forwarding, so a faulted
 * request never reaches the registry (like a throttling gateway). Seeded PRNG for the share.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FaultKind = '429' | '429-date' | '503' | 'reset';

export interface FaultProxyOptions {
  /** Upstream base URL, e.g. http://127.0.0.1:PORT */
  target: string;
  /** Share of requests (0..1) that get a fault, among methods in `methods`. Can be changed later. */
  share?: number;
  faults?: FaultKind[];
  /** Only requests with these methods are faulted (and delayed). Default: all. */
  methods?: string[];
  /** Holds every eligible request this long before forwarding it: a slow registry. Can be changed later. */
  delayInMs?: number;
  seed?: number;
}

export interface FaultProxy {
  url: string;
  share: number;
  delayInMs: number;
  readonly stats: { requests: number; faulted: Record<FaultKind, number> };
  stop(): Promise<void>;
}

/** mulberry32: tiny deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  const random = prng(options.seed ?? 42);
  const faults = options.faults ?? ['429', '429-date', '503', 'reset'];
  const sockets = new Set<Socket>();
  let faultCount = 0;
  const stats = { requests: 0, faulted: { '429': 0, '429-date': 0, '503': 0, reset: 0 } as Record<FaultKind, number> };
  const proxy: FaultProxy = {
    url: '',
    share: options.share ?? 0,
    delayInMs: options.delayInMs ?? 0,
    stats,
    stop: async () => undefined,
  };

  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };

  const server = createServer((req, res) => {
    stats.requests++;
    const eligible = !options.methods || options.methods.includes(req.method ?? '');
    if (eligible && random() < proxy.share) {
      // Kinds take turns, so every kind shows up once a handful of faults happened.
      const fault = faults[faultCount++ % faults.length];
      stats.faulted[fault]++;
      req.resume();
      if (fault === 'reset') {
        req.socket.destroy();
        return;
      }
      if (fault === '503') {
        res.writeHead(503, { 'Content-Type': 'text/plain' }).end('unavailable');
        return;
      }
      // Retry-After: "0"/"1" seconds, or an HTTP date one second ahead.
      const retryAfter = fault === '429' ? String(Math.round(random())) : new Date(Date.now() + 1000).toUTCString();
      res.writeHead(429, { 'Retry-After': retryAfter, 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: 'TOOMANYREQUESTS', message: 'slow down' }] }));
      return;
    }
    if (eligible && proxy.delayInMs > 0) setTimeout(() => forward(req, res), proxy.delayInMs);
    else forward(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return proxy;
}
