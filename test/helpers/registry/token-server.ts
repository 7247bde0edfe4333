/**
 * A tiny Docker-token-spec auth server for tests (the real `docker-registry` verifies its tokens):
 * GET /token?service=…&scope=repository:NAME:ACTIONS with optional Basic credentials → an ES256 JWT
 * signed by a self-signed key whose certificate (x5c) is the registry's `auth.token.rootcertbundle`.
 * It grants every requested action to known users (or to anyone when `users` is empty).
 */
import { createPrivateKey, randomUUID, sign, X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSelfSignedCertificate, type SelfSignedCertificate } from './tls.js';

export interface TokenServerOptions {
  service?: string;
  issuer?: string;
  /** username → password; empty or absent: anonymous tokens are issued. */
  users?: Record<string, string>;
  expiresInSeconds?: number;
}

export interface TokenServer {
  realm: string;
  service: string;
  issuer: string;
  certificate: SelfSignedCertificate;
  /** Every request received (scope and user), for asserting caching behaviour. */
  requests: Array<{ scope: string[]; user?: string; status: number }>;
  /** Mints a token directly (e.g. for the image pusher). */
  mint(access: Array<{ type: string; name: string; actions: string[] }>, subject?: string): string;
  stop(): Promise<void>;
}

export async function startTokenServer(options: TokenServerOptions = {}): Promise<TokenServer> {
  const directory = mkdtempSync(join(tmpdir(), 'acr-chatops-token-'));
  const certificate = createSelfSignedCertificate({ directory, commonName: 'acr-chatops test token signer' });
  const key = createPrivateKey(certificate.keyPem);
  const x5c = new X509Certificate(certificate.certPem).raw.toString('base64');
  const service = options.service ?? 'acr-chatops-test-registry';
  const issuer = options.issuer ?? 'acr-chatops-test-issuer';
  const users = options.users ?? {};
  const expiresIn = options.expiresInSeconds ?? 300;
  const requests: TokenServer['requests'] = [];

  const mint: TokenServer['mint'] = (access, subject = 'anonymous') => {
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: 'ES256', typ: 'JWT', x5c: [x5c] }));
    const claims = b64url(
      JSON.stringify({
        iss: issuer,
        sub: subject,
        aud: service,
        exp: now + expiresIn,
        nbf: now - 60,
        iat: now,
        jti: randomUUID(),
        access,
      }),
    );
    const signature = sign('sha256', Buffer.from(`${header}.${claims}`), { key, dsaEncoding: 'ieee-p1363' });
    return `${header}.${claims}.${b64url(signature)}`;
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const scope = url.searchParams
      .getAll('scope')
      .flatMap((s) => s.split(' '))
      .filter(Boolean);
    let user: string | undefined;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Basic ')) {
      const [name, ...rest] = Buffer.from(auth.slice(6), 'base64').toString().split(':');
      if (users[name] === undefined || users[name] !== rest.join(':')) {
        requests.push({ scope, user: name, status: 401 });
        res
          .writeHead(401, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'bad credentials' }] }));
        return;
      }
      user = name;
    } else if (Object.keys(users).length) {
      requests.push({ scope, status: 401 });
      res
        .writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Basic realm="token"' })
        .end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'credentials required' }] }));
      return;
    }
    const access = scope.map((s) => {
      const [type, ...rest] = s.split(':');
      const actions = rest.pop() ?? '';
      return { type, name: rest.join(':'), actions: actions.split(',') };
    });
    requests.push({ scope, user, status: 200 });
    const token = mint(access, user);
    res
      .writeHead(200, { 'Content-Type': 'application/json' })
      .end(JSON.stringify({ token, access_token: token, expires_in: expiresIn, issued_at: new Date().toISOString() }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    certificate,
    requests,
    mint,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

function b64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}
