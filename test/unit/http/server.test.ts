/**
 * The HTTP surface with the real botbuilder adapter and teams-ai Application; replies go to a local
 * connector stand-in (test/helpers/local-connector.ts). The FAQ matcher is a fake (bot-fakes.ts).
 */
import { jest } from '@jest/globals';
import { TeamsChannel } from '../../../src/channels/teams/app.js';
import type { TeamsCredentials } from '../../../src/config/index.js';
import { PrometheusMetrics } from '../../../src/http/metrics.js';
import {
  createHttpApp,
  listen,
  type HealthCheck,
  type MetricsAccess,
  type RunningServer,
} from '../../../src/http/server.js';
import {
  FakeMatcher,
  MemoryFeedbackStore,
  MemoryLogger,
  MemoryReferenceStore,
  askBotCore,
} from '../../helpers/bot-fakes.js';
import { LocalConnector, teamsMessage } from '../../helpers/local-connector.js';
import { messagesRouter } from '../../../src/channels/teams/messages-route.js';

const BODY_LIMIT = 16 * 1024;

async function startServer(
  options: { credentials?: TeamsCredentials; healthChecks?: HealthCheck[]; metricsAccess?: MetricsAccess } = {},
) {
  const logger = new MemoryLogger();
  const metrics = new PrometheusMetrics();
  const references = new MemoryReferenceStore();
  const core = askBotCore({
    matcher: new FakeMatcher(),
    feedback: new MemoryFeedbackStore(),
    logger,
    defaultLang: 'en',
    references,
    metrics,
  });
  const teams = new TeamsChannel({ core, logger, credentials: options.credentials, bodyLimitInBytes: BODY_LIMIT });
  const app = createHttpApp({
    channels: [teams],
    healthChecks: options.healthChecks ?? [],
    metrics,
    logger,
    metricsAccess: options.metricsAccess,
  });
  const server = await listen(app, 0, '127.0.0.1');
  return { server, metrics, references, logger };
}

const post = (server: RunningServer, body: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

describe('POST /api/messages with app credentials configured', () => {
  let s: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    // botbuilder's own handler would print the rejected token with console.error; ours must not.
    jest.spyOn(console, 'error');
    s = await startServer({
      credentials: {
        appId: '00000000-0000-0000-0000-000000000001',
        appPassword: 'not-a-real-secret',
        appType: 'MultiTenant',
      },
    });
  });
  afterAll(async () => {
    await s.server.close();
    jest.restoreAllMocks();
  });

  test('an unauthenticated activity gets 401 and no turn runs, without printing anything', async () => {
    const res = await post(s.server, JSON.stringify(teamsMessage('http://127.0.0.1:9/', 'c1', 'admin credentials')));
    expect(res.status).toBe(401);
    expect(console.error).not.toHaveBeenCalled();
    expect(s.references.records.size).toBe(0);
    expect(await res.text()).not.toContain('not-a-real-secret');
  });
});

describe('POST /api/messages without credentials (local development)', () => {
  let s: Awaited<ReturnType<typeof startServer>>;
  const connector = new LocalConnector();
  beforeAll(async () => {
    await connector.start();
    s = await startServer();
  });
  afterAll(async () => {
    await s.server.close();
    await connector.stop();
  });

  test('a message gets an answer card in the conversation and its reference is stored', async () => {
    const res = await post(
      s.server,
      JSON.stringify(teamsMessage(connector.url, 'conv-a', 'How do I get admin credentials?')),
    );
    expect(res.status).toBe(200);
    const reply = await connector.next('conv-a');
    const attachment = (
      reply.activity.attachments as { contentType: string; content: { body: { text?: string }[] } }[]
    )[0];
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachment.content.body[0].text).toBe('How do I get admin credentials for a container registry?');
    expect(s.references.records.get('teams:conv-a')?.reference).toMatchObject({
      conversation: { id: 'conv-a' },
      serviceUrl: connector.url,
    });
  });

  test('malformed JSON → 400, non-activity → 400, oversized body → 413, and the server keeps serving', async () => {
    const malformed = await post(s.server, '{"type": "message", ');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ error: 'malformed JSON body' });

    const notActivity = await post(s.server, JSON.stringify({ hello: 'world' }));
    expect(notActivity.status).toBe(400);
    expect((await notActivity.json()).error).toBe('invalid activity');

    const incomplete = await post(s.server, JSON.stringify({ type: 'message', text: 'hi' }));
    expect(incomplete.status).toBe(400);

    const array = await post(s.server, '[1,2,3]');
    expect(array.status).toBe(400);

    const huge = await post(
      s.server,
      JSON.stringify(teamsMessage(connector.url, 'conv-b', 'x'.repeat(BODY_LIMIT * 2))),
    );
    expect(huge.status).toBe(413);

    const res = await post(s.server, JSON.stringify(teamsMessage(connector.url, 'conv-b', 'help')));
    expect(res.status).toBe(200);
    const reply = await connector.next('conv-b');
    expect(JSON.stringify(reply.activity)).toContain('How to use the ACR assistant');
  });

  test('bodies we cannot read: bogus Content-Encoding → 400, not JSON → 415; NUL, control characters or unpaired surrogates in ids, non-ASCII conversation ids → 400; no turn runs', async () => {
    const body = JSON.stringify(teamsMessage(connector.url, 'conv-bad', 'help'));
    const encoding = await post(s.server, body, { 'content-encoding': 'x-bogus' });
    expect([encoding.status, await encoding.json()]).toEqual([
      400,
      { error: 'Unsupported Content-Encoding (identity, gzip, deflate or br).' },
    ]);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonp']) {
      const res = await post(s.server, body, { 'content-type': type });
      expect([type, res.status]).toEqual([type, 415]);
    }
    const nulFrom = await post(
      s.server,
      JSON.stringify(teamsMessage(connector.url, 'conv-bad', 'help', { from: { id: 'user\u0000x', name: 'Ada' } })),
    );
    expect(nulFrom.status).toBe(400);
    expect(JSON.stringify(await nulFrom.json())).toContain(
      'from.id: control characters and unpaired surrogates are not allowed',
    );
    for (const id of ['conv-\ud800', 'conv-Ā', 'conv-\u00e9']) {
      const res = await post(s.server, JSON.stringify(teamsMessage(connector.url, id, 'help')));
      expect([id, res.status]).toEqual([id, 400]);
    }
    const surrogate = await post(
      s.server,
      JSON.stringify(teamsMessage(connector.url, 'conv-ok', 'help', { from: { id: 'u\udc00', name: 'x' } })),
    );
    expect(surrogate.status).toBe(400);
    const nulConversation = await post(s.server, JSON.stringify(teamsMessage(connector.url, 'conv\u0000bad', 'help')));
    expect(nulConversation.status).toBe(400);
    const newline = await post(
      s.server,
      JSON.stringify(teamsMessage(connector.url, 'conv-bad', 'help', { replyToId: 'a\nb' })),
    );
    expect(newline.status).toBe(400);
    // A NUL in the text is not an id: the message is handled (storage cleans it, see storable-text.ts).
    const nulText = await post(s.server, JSON.stringify(teamsMessage(connector.url, 'conv-nul-text', 'he\u0000lp')));
    expect(nulText.status).toBe(200);
    await connector.next('conv-nul-text');
    expect(connector.received.filter((r) => r.conversationId === 'conv-bad')).toHaveLength(0);
    expect(s.references.records.has('teams:conv-bad')).toBe(false);
  });

  test('a channel message that does not mention the bot gets no reply; with the mention it is answered without the mention text', async () => {
    const channel = { id: 'chan-1', conversationType: 'channel', tenantId: 't' };
    await post(
      s.server,
      JSON.stringify(teamsMessage(connector.url, 'chan-1', 'admin credentials?', { conversation: channel })),
    );
    const mention = { type: 'mention', text: '<at>ACR bot</at>', mentioned: { id: 'bot-1', name: 'ACR bot' } };
    await post(
      s.server,
      JSON.stringify(
        teamsMessage(connector.url, 'chan-1', '<at>ACR bot</at> help', { conversation: channel, entities: [mention] }),
      ),
    );
    const reply = await connector.next('chan-1');
    // The first (unmentioned) message produced nothing: the only reply is the help card.
    expect(JSON.stringify(reply.activity)).toContain('How to use the ACR assistant');
    expect(connector.received.filter((r) => r.conversationId === 'chan-1')).toHaveLength(0);
  });

  test('GET /metrics exposes turn counters and the latency histogram in Prometheus text format', async () => {
    const res = await fetch(`${s.server.url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^chatops_turns_total\{platform="teams",kind="answer"\} [1-9]/m);
    expect(text).toMatch(/^chatops_turns_total\{platform="teams",kind="ignored"\} 1$/m);
    expect(text).toMatch(/^chatops_turn_duration_seconds_bucket\{platform="teams",le="\+Inf"\} [1-9]/m);
    expect(text).toMatch(/^chatops_http_requests_total\{route="\/api\/messages",status="413"\} 1$/m);
    expect(text).toContain('# TYPE chatops_turn_duration_seconds histogram');
  });

  test('GET /metrics has a server-time histogram per route whose count matches the requests', async () => {
    const text = await (await fetch(`${s.server.url}/metrics`)).text();
    const requests = [
      ...text.matchAll(/^chatops_http_requests_total\{route="\/api\/messages",status="\d+"\} (\d+)$/gm),
    ].reduce((n, m) => n + Number(m[1]), 0);
    expect(requests).toBeGreaterThan(0);
    expect(text).toContain('# TYPE chatops_http_request_duration_seconds histogram');
    expect(text).toMatch(
      new RegExp(`^chatops_http_request_duration_seconds_count\\{route="/api/messages"\\} ${requests}$`, 'm'),
    );
    expect(text).toMatch(/^chatops_http_request_duration_seconds_sum\{route="\/api\/messages"\} \d/m);
  });
});

describe('GET /metrics access', () => {
  test('token: only "Authorization: Bearer <token>" reads it; off: 404 as if there were no such route', async () => {
    const token = 'metrics-token-0123456789';
    const withToken = await startServer({ metricsAccess: { access: 'token', token } });
    const off = await startServer({ metricsAccess: { access: 'off' } });
    try {
      const read = (server: RunningServer, authorization?: string) =>
        fetch(`${server.url}/metrics`, { headers: authorization ? { authorization } : {} });
      const refused = await read(withToken.server);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer');
      expect(await refused.text()).not.toContain('chatops_');
      expect((await read(withToken.server, `Bearer ${token}x`)).status).toBe(401);
      expect((await read(withToken.server, token)).status).toBe(401);
      const allowed = await read(withToken.server, `Bearer ${token}`);
      expect(allowed.status).toBe(200);
      expect(await allowed.text()).toContain('chatops_http_requests_total');
      const hidden = await read(off.server, `Bearer ${token}`);
      expect(hidden.status).toBe(404);
      expect(await hidden.json()).toEqual({ error: 'not found' });
    } finally {
      await withToken.server.close();
      await off.server.close();
    }
  });
});

describe('GET /healthz', () => {
  test('ready (200) only when every check passes; 503 with the checks otherwise', async () => {
    let dbUp = true;
    const s = await startServer({
      healthChecks: [
        { name: 'knowledge', check: async () => ({ ok: true, detail: '5 entries' }) },
        {
          name: 'database',
          check: async () =>
            dbUp
              ? { ok: true }
              : Promise.reject(new Error('connect ENOENT /tmp/chatops-data/pglite.run/.s.PGSQL.5432')),
        },
        {
          name: 'slow',
          check: (signal) =>
            new Promise((resolve) => {
              const t = setTimeout(() => resolve({ ok: true }), 10);
              signal.addEventListener('abort', () => clearTimeout(t));
            }),
        },
      ],
    });
    try {
      const ok = await fetch(`${s.server.url}/healthz`);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({
        status: 'ready',
        checks: { knowledge: { ok: true, detail: '5 entries' }, database: { ok: true }, slow: { ok: true } },
      });
      dbUp = false;
      const down = await fetch(`${s.server.url}/healthz`);
      expect(down.status).toBe(503);
      // The raw error (socket path, host, user) goes to the log, never to whoever can reach /healthz.
      const text = await down.text();
      expect(JSON.parse(text).checks.database).toEqual({ ok: false, detail: 'unavailable' });
      expect(text).not.toMatch(/ENOENT|PGSQL|\/tmp/);
      expect(
        s.logger.records.some(
          (r) =>
            r.level === 'warn' && r.msg === 'health check failed' && (r.obj as { check?: string }).check === 'database',
        ),
      ).toBe(true);
    } finally {
      await s.server.close();
    }
  });
});

describe('route labels in /metrics', () => {
  test("the Playground's GET/HEAD/OPTIONS probes of /api/messages are answered, not 404; mounted routers keep their own label", async () => {
    const metrics = new PrometheusMetrics();
    const express = (await import('express')).default;
    const alerts = express.Router();
    alerts.post('/acr', (_req, res) => void setTimeout(() => res.status(202).json({ accepted: 1 }), 5)); // answers after the router returned
    const messages = messagesRouter({
      bodyLimitInBytes: BODY_LIMIT,
      process: async (_req, res) => void res.status(200).end(),
    });
    const app = createHttpApp({
      channels: [{ http: [{ path: '/api/messages', handler: messages }] }],
      healthChecks: [],
      metrics,
      logger: new MemoryLogger(),
      mounts: [{ path: '/api/alerts', handler: alerts }],
    });
    const server = await listen(app, 0, '127.0.0.1');
    try {
      expect((await fetch(`${server.url}/api/messages`)).status).toBe(200);
      expect((await fetch(`${server.url}/api/messages`, { method: 'HEAD' })).status).toBe(200);
      expect((await fetch(`${server.url}/api/messages`, { method: 'OPTIONS' })).status).toBe(204);
      expect((await fetch(`${server.url}/api/alerts/acr`, { method: 'POST' })).status).toBe(202);
      expect((await fetch(`${server.url}/no/such/${'x'.repeat(20)}`)).status).toBe(404);
      const text = metrics.expose();
      expect(text).not.toMatch(/route="\/api\/messages",status="404"/);
      expect(text).toMatch(/^chatops_http_requests_total\{route="\/api\/alerts\/acr",status="202"\} 1$/m);
      expect(text).toMatch(/^chatops_http_requests_total\{route="other",status="404"\} 1$/m);
    } finally {
      await server.close();
    }
  });
});
