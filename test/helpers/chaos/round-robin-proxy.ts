/**
 * A small round-robin HTTP load balancer in front of bot replicas, on 127.0.0.1:<random port>. Each
 * request goes to the next replica; a replica that refuses the connection (down, restarting) is skipped,
 * since the request never reached it; any other failure answers 502, as a real balancer does — the
 * caller (Teams, a webhook sender) retries.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobinProxy {
  url: string;
  /** Requests forwarded per upstream URL. */
  readonly forwarded: Map<string, number>;
  /** Requests answered 502 because the replica failed while handling them. */
  readonly failed: number;
  stop(): Promise<void>;
}

export async function startRoundRobinProxy(upstreams: readonly string[]): Promise<RoundRobinProxy> {
  let next = 0;
  let failed = 0;
  const forwarded = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const attempt = (left: number) => {
        const target = upstreams[next++ % upstreams.length];
        const upstream = request(
          `${target}${req.url ?? '/'}`,
          { method: req.method, headers: { ...req.headers, host: new URL(target).host } },
          (answer) => {
            forwarded.set(target, (forwarded.get(target) ?? 0) + 1);
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
            answer.on('error', () => res.destroy());
          },
        );
        upstream.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code === 'ECONNREFUSED' && left > 1) return attempt(left - 1);
          failed++;
          if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway');
          else res.destroy();
        });
        upstream.end(body);
      };
      attempt(upstreams.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    forwarded,
    get failed() {
      return failed;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
