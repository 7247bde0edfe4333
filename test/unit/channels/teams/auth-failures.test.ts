/**
 * Bot Framework authentication failures against the real botbuilder adapter: a local OpenID metadata
 * document + JWKS stands in for login.botframework.com (unreachable here), tokens are signed with a
 * key made in the test. Proves: no metadata → 503 with no internals (not a 500 with the error text);
 * cached keys keep valid traffic flowing through a metadata outage; forged, tampered and expired
 * tokens → 401; every failure is one structured log line and nothing reaches stderr.
 */
import { jest } from '@jest/globals';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TeamsChannel } from '../../../../src/channels/teams/app.js';
import { PrometheusMetrics } from '../../../../src/http/metrics.js';
import { createHttpApp, listen, type RunningServer } from '../../../../src/http/server.js';
import {
  FakeMatcher,
  MemoryFeedbackStore,
  MemoryLogger,
  MemoryReferenceStore,
  askBotCore,
} from '../../../helpers/bot-fakes.js';
import { teamsMessage } from '../../../helpers/local-connector.js';

const APP_ID = '00000000-0000-0000-0000-0000000000a1';
const SERVICE_URL = 'http://127.0.0.1:9/';
const HOUR = 3_600_000;

const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** The metadata document and JWKS; `up` false answers 503 like an outage. */
class MetadataServer {
  up = true;
  requests = 0;
  private server?: Server;
  url = '';
  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.requests++;
      if (!this.up) return void res.writeHead(503).end('down');
      if (req.url === '/openid')
        return void res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ jwks_uri: `${this.url}/keys` }));
      const jwk = signingKey.publicKey.export({ format: 'jwk' });
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ keys: [{ ...jwk, kid: 'k1', use: 'sig', endorsements: ['msteams'] }] }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }
  stop(): Promise<void> {
    return new Promise((resolve) => this.server!.close(() => resolve()));
  }
}

function jwt(key: KeyObject, claims: Record<string, unknown>, kid = 'k1'): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const body = `${part({ alg: 'RS256', typ: 'JWT', kid })}.${part(claims)}`;
  return `${body}.${sign('RSA-SHA256', Buffer.from(body), key).toString('base64url')}`;
}

const validClaims = (nowInMs: number) => ({
  iss: 'https://api.botframework.com',
  aud: APP_ID,
  serviceurl: SERVICE_URL,
  nbf: Math.floor(nowInMs / 1000) - 60,
  exp: Math.floor(nowInMs / 1000) + 3600,
});

let metadata: MetadataServer;
let server: RunningServer;
let references: MemoryReferenceStore;
let logger: MemoryLogger;
/** The key cache's clock: moved forward to age the cached keys (tokens are checked on real time). */
let clock = Date.now();
const stderr = jest.spyOn(process.stderr, 'write');
const consoleError = jest.spyOn(console, 'error');

beforeAll(async () => {
  metadata = await new MetadataServer().start();
  metadata.up = false;
  logger = new MemoryLogger();
  references = new MemoryReferenceStore();
  const core = askBotCore({
    matcher: new FakeMatcher(),
    feedback: new MemoryFeedbackStore(),
    logger,
    defaultLang: 'en',
    references,
    metrics: new PrometheusMetrics(),
  });
  const teams = new TeamsChannel({
    core,
    logger,
    bodyLimitInBytes: 64 * 1024,
    signingKeysClock: () => clock,
    credentials: { appId: APP_ID, appPassword: 'not-a-real-secret', appType: 'MultiTenant' },
    openIdMetadataUrl: `${metadata.url}/openid`,
  });
  const app = createHttpApp({
    channels: [teams],
    healthChecks: [],
    metrics: new PrometheusMetrics(),
    logger,
  });
  server = await listen(app, 0, '127.0.0.1');
});

afterAll(async () => {
  await server?.close();
  await metadata?.stop();
});

afterEach(() => {
  // botbuilder's own handler prints stacks and keys there; ours logs one structured line instead.
  expect(consoleError).not.toHaveBeenCalled();
  expect(stderr).not.toHaveBeenCalled();
});

async function send(token: string | undefined, conversationId: string): Promise<Response> {
  return fetch(`${server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(teamsMessage(SERVICE_URL, conversationId, 'help')),
  });
}

test('metadata unreachable: a forged token gets 503 + Retry-After with no internals, logged as one warning line', async () => {
  const res = await send(jwt(otherKey.privateKey, validClaims(Date.now())), 'conv-outage');
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('5');
  const body = await res.text();
  expect(JSON.parse(body)).toEqual({ error: 'authentication temporarily unavailable' });
  expect(body).not.toMatch(/127\.0\.0\.1|HTTP|openid|Error/);
  const lines = logger.records.filter((r) => r.msg?.startsWith('teams request'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({ level: 'warn', obj: { status: 503, conversationId: 'conv-outage' } });
  expect(JSON.stringify(lines[0].obj)).not.toContain('not-a-real-secret');
  expect(references.records.size).toBe(0);
});

test('metadata up: a valid token runs the turn; forged, tampered, expired, unsigned and missing tokens are 401 and run nothing', async () => {
  metadata.up = true;
  const ok = await send(jwt(signingKey.privateKey, validClaims(Date.now())), 'conv-valid');
  // Authentication passed and the turn ran (the reply itself needs an outgoing token from Entra ID,
  // which cannot be had here, so the request ends 503 for the channel to retry).
  expect(ok.status).not.toBe(401);
  expect(references.records.has('teams:conv-valid')).toBe(true);

  const valid = jwt(signingKey.privateKey, validClaims(Date.now()));
  const [h, p] = valid.split('.');
  const tampered = `${h}.${Buffer.from(JSON.stringify({ ...validClaims(Date.now()), aud: 'someone-else' })).toString('base64url')}.${valid.split('.')[2]}`;
  const refused = {
    forged: jwt(otherKey.privateKey, validClaims(Date.now())),
    tampered,
    expired: jwt(signingKey.privateKey, { ...validClaims(Date.now()), exp: Math.floor(Date.now() / 1000) - 3600 }),
    unsigned: `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'k1' })).toString('base64url')}.${p}.`,
    garbage: 'not.a.jwt',
    missing: undefined,
  };
  for (const [name, token] of Object.entries(refused)) {
    const res = await send(token, `conv-${name}`);
    expect({ name, status: res.status, body: await res.json() }).toEqual({
      name,
      status: 401,
      body: { error: 'unauthorized' },
    });
    expect(references.records.has(`teams:conv-${name}`)).toBe(false);
  }
});

test('metadata outage a day later: cached keys still admit valid tokens and refuse forged ones; an unknown key id is 503', async () => {
  metadata.up = false;
  clock += 25 * HOUR;
  const before = metadata.requests;
  const ok = await send(jwt(signingKey.privateKey, validClaims(Date.now())), 'conv-stale-keys');
  expect(ok.status).not.toBe(401);
  expect(ok.status).not.toBe(500);
  expect(references.records.has('teams:conv-stale-keys')).toBe(true);
  expect(metadata.requests).toBeGreaterThan(before); // it did try to refresh

  const forged = await send(jwt(otherKey.privateKey, validClaims(Date.now())), 'conv-stale-forged');
  expect(forged.status).toBe(401);
  // A key id we have never seen and cannot look up: the sender must retry, not be refused for good.
  const rotated = await send(jwt(otherKey.privateKey, validClaims(Date.now()), 'k2'), 'conv-rotated');
  expect(rotated.status).toBe(503);
  expect(references.records.has('teams:conv-stale-forged')).toBe(false);
  expect(references.records.has('teams:conv-rotated')).toBe(false);
});
