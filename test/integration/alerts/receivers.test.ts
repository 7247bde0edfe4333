/**
 * The HTTP receivers against a real embedded PostgreSQL (PGlite): authentication, validation,
 * handshakes, de-duplication, the queue bound, and that what is acknowledged is stored.
 */
import { openDatabase, MEMORY_DATA_DIR, type SqlDatabase } from '../../../src/storage/database.js';
import { ALERT_FIELD_LIMITS } from '../../../src/features/alerts/bounds.js';
import { AlertQueue } from '../../../src/features/alerts/queue.js';
import { createAlertsRouter } from '../../../src/features/alerts/router.js';
import { fixture, serveRouter, type TestServer } from '../../helpers/alerts.js';

const SECRETS = { acrWebhookSecret: 'acr-secret-1', eventGridKey: 'eg-key-2', monitorToken: 'monitor-token-3' };
const MAX_QUEUED = 25;

let db: SqlDatabase;
let queue: AlertQueue;
let server: TestServer;
let enqueuedCalls = 0;

beforeAll(async () => {
  db = await openDatabase({ dataDir: MEMORY_DATA_DIR });
  queue = new AlertQueue(db, { maxQueuedEvents: MAX_QUEUED });
  server = await serveRouter(
    createAlertsRouter({
      inbox: queue,
      secrets: SECRETS,
      maxBodyInBytes: 64 * 1024,
      retryAfterInSeconds: 7,
      onEnqueued: () => enqueuedCalls++,
    }),
  );
}, 30_000);
afterAll(async () => {
  await server?.close();
  await db?.close();
});
beforeEach(async () => {
  await db.exec('DELETE FROM alert_deliveries; DELETE FROM alert_events;');
});

function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
const acrHeaders = { 'x-acr-webhook-secret': SECRETS.acrWebhookSecret };

async function storedKeys(): Promise<string[]> {
  const { rows } = await db.query<{ dedupe_key: string }>('SELECT dedupe_key FROM alert_events ORDER BY id');
  return rows.map((r) => r.dedupe_key);
}

describe('ACR webhook receiver', () => {
  it.each(['acr-push.json', 'acr-delete.json', 'acr-quarantine.json', 'acr-chart-push.json', 'acr-chart-delete.json'])(
    'accepts %s and stores it before answering 202',
    async (name) => {
      const payload = fixture<{ id: string; action: string }>(name);
      const response = await post('/acr', payload, acrHeaders);
      expect(response.status).toBe(202);
      expect(await response.json()).toEqual({ accepted: 1, duplicates: 0 });
      const { rows } = await db.query<{ dedupe_key: string; event_type: string; state: string }>(
        'SELECT dedupe_key, event_type, state FROM alert_events',
      );
      expect(rows).toEqual([{ dedupe_key: `acr:${payload.id}`, event_type: payload.action, state: 'queued' }]);
    },
  );

  it('answers 401 for a missing or wrong secret and stores nothing', async () => {
    expect((await post('/acr', fixture('acr-push.json'))).status).toBe(401);
    const wrong = await post('/acr', fixture('acr-push.json'), { 'x-acr-webhook-secret': 'acr-secret-2' });
    expect(wrong.status).toBe(401);
    const body = await wrong.text();
    expect(body).not.toContain('acr-secret');
    expect(await storedKeys()).toEqual([]);
  });

  it('answers 400 with a clear JSON error for malformed payloads', async () => {
    const notJson = await post('/acr', '{"id": "x", ', acrHeaders);
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({
      error: { code: 'invalid_json', message: 'Request body is not valid JSON.' },
    });

    const noTarget = await post('/acr', { id: 'x', timestamp: '2024-01-01T00:00:00Z', action: 'push' }, acrHeaders);
    expect(noTarget.status).toBe(400);
    const error = (await noTarget.json()) as { error: { code: string; details: string[] } };
    expect(error.error.code).toBe('invalid_payload');
    expect(error.error.details.join()).toContain('target');

    const unknownAction = await post('/acr', { ...fixture<object>('acr-push.json'), action: 'explode' }, acrHeaders);
    expect(unknownAction.status).toBe(400);
    expect(await storedKeys()).toEqual([]);
  });

  it('answers 413 for bodies over the limit', async () => {
    const huge = { ...fixture<object>('acr-push.json'), padding: 'x'.repeat(70 * 1024) };
    expect((await post('/acr', huge, acrHeaders)).status).toBe(413);
  });

  it('a NUL in target.tag is cleaned and stored (202), not a 503 retried for ever; a redelivery is a duplicate', async () => {
    const payload = fixture<{ id: string; target: Record<string, unknown> }>('acr-push.json');
    const hostile = {
      ...payload,
      id: 'nul-1',
      target: { ...payload.target, tag: 'v1\u0000evil' },
      actor: { name: 'a\u0000b' },
    };
    const first = await post('/acr', hostile, acrHeaders);
    expect([first.status, await first.json()]).toEqual([202, { accepted: 1, duplicates: 0 }]);
    expect(await (await post('/acr', hostile, acrHeaders)).json()).toEqual({ accepted: 0, duplicates: 1 });
    const { rows } = await db.query<{ payload: { tag: string; actor: string } }>('SELECT payload FROM alert_events');
    expect(rows.map((r) => [r.payload.tag, r.payload.actor])).toEqual([['v1\uFFFDevil', 'a\uFFFDb']]);
  });

  it('bounds every field on intake: a 30 KB repository name and 5 KB tag, media type and actor are stored cut to their limits', async () => {
    const payload = fixture<{ id: string; target: Record<string, unknown> }>('acr-push.json');
    // (The router's body limit here is 64 KiB; the bounds do not depend on the size.)
    const huge = 'r'.repeat(30_000);
    const big = 'b'.repeat(5_000);
    const response = await post(
      '/acr',
      {
        ...payload,
        id: `big-${'i'.repeat(2_000)}`,
        target: { ...payload.target, repository: huge, tag: big, mediaType: big },
        actor: { name: big },
      },
      acrHeaders,
    );
    expect(response.status).toBe(202);
    const { rows } = await db.query<{ dedupe_key: string; payload: Record<string, string>; bytes: number }>(
      'SELECT dedupe_key, payload, length(payload::text) AS bytes FROM alert_events',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].payload.repository).toBe(`${'r'.repeat(ALERT_FIELD_LIMITS.repository - 1)}…`);
    expect(rows[0].payload.tag).toHaveLength(ALERT_FIELD_LIMITS.tag);
    expect(rows[0].payload.actor).toHaveLength(ALERT_FIELD_LIMITS.actor);
    expect(rows[0].dedupe_key).toMatch(/^acr:sha256:[0-9a-f]{64}$/);
    expect(rows[0].bytes).toBeLessThan(2_000);
  });

  it('wrong content type → 415, bogus Content-Encoding → 400, undecodable gzip → 400; nothing stored', async () => {
    const body = JSON.stringify(fixture('acr-push.json'));
    expect((await post('/acr', body, { ...acrHeaders, 'content-type': 'text/plain' })).status).toBe(415);
    expect(
      (await post('/acr', body, { ...acrHeaders, 'content-type': 'application/x-www-form-urlencoded' })).status,
    ).toBe(415);
    const bogus = await post('/acr', body, { ...acrHeaders, 'content-encoding': 'x-bogus' });
    expect([bogus.status, (await bogus.json()).error.code]).toEqual([400, 'unsupported_content_encoding']);
    const gzip = await post('/acr', body, { ...acrHeaders, 'content-encoding': 'gzip' });
    expect(gzip.status).toBe(400);
    expect(await storedKeys()).toEqual([]);
  });

  it('acknowledges the portal ping without queueing anything', async () => {
    const response = await post('/acr', { id: 'p1', timestamp: '2024-01-01T00:00:00Z', action: 'ping' }, acrHeaders);
    expect(response.status).toBe(200);
    expect(await storedKeys()).toEqual([]);
  });

  it('de-duplicates a redelivered event by its id', async () => {
    const calls = enqueuedCalls;
    expect(await (await post('/acr', fixture('acr-push.json'), acrHeaders)).json()).toEqual({
      accepted: 1,
      duplicates: 0,
    });
    expect(await (await post('/acr', fixture('acr-push.json'), acrHeaders)).json()).toEqual({
      accepted: 0,
      duplicates: 1,
    });
    expect(await storedKeys()).toHaveLength(1);
    expect(enqueuedCalls).toBe(calls + 1);
  });

  it('answers 429 with Retry-After beyond the queue bound, and accepts again once drained', async () => {
    const base = fixture<{ id: string }>('acr-push.json');
    for (let i = 0; i < MAX_QUEUED; i++)
      expect((await post('/acr', { ...base, id: `bound-${i}` }, acrHeaders)).status).toBe(202);
    const full = await post('/acr', { ...base, id: 'bound-over' }, acrHeaders);
    expect(full.status).toBe(429);
    expect(full.headers.get('retry-after')).toBe('7');
    expect((await full.json()) as object).toEqual({
      error: { code: 'queue_full', message: 'Too many events waiting; retry later.' },
    });
    expect(await storedKeys()).not.toContain('acr:bound-over');
    // Routed events no longer count against the bound.
    await db.query(`UPDATE alert_events SET state = 'delivered' WHERE dedupe_key = 'acr:bound-0'`);
    expect((await post('/acr', { ...base, id: 'bound-over' }, acrHeaders)).status).toBe(202);
  });
});

describe('Event Grid receiver', () => {
  const key = { 'aeg-sas-key': SECRETS.eventGridKey };

  it('answers the subscription validation handshake', async () => {
    const response = await post('/eventgrid', fixture('eventgrid-validation.json'), key);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ validationResponse: '512d38b6-c7b8-40c8-89fe-f46f9e9622b6' });
    expect(await storedKeys()).toEqual([]);
  });

  it('answers the CloudEvents OPTIONS abuse-protection handshake for the allowed origin only', async () => {
    const ok = await fetch(`${server.url}/eventgrid?code=${SECRETS.eventGridKey}`, {
      method: 'OPTIONS',
      headers: { 'WebHook-Request-Origin': 'eventgrid.azure.net' },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('webhook-allowed-origin')).toBe('eventgrid.azure.net');
    const other = await fetch(`${server.url}/eventgrid?code=${SECRETS.eventGridKey}`, {
      method: 'OPTIONS',
      headers: { 'WebHook-Request-Origin': 'evil.example' },
    });
    expect(other.headers.get('webhook-allowed-origin')).toBeNull();
    const noKey = await fetch(`${server.url}/eventgrid`, {
      method: 'OPTIONS',
      headers: { 'WebHook-Request-Origin': 'eventgrid.azure.net' },
    });
    expect(noKey.status).toBe(401);
  });

  it('stores an Event Grid schema batch (key in aeg-sas-key)', async () => {
    const response = await post('/eventgrid', fixture('eventgrid-image-pushed.json'), key);
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 2, duplicates: 0, ignored: 0 });
    const { rows } = await db.query<{ event_type: string; payload: { registry: string; repository: string } }>(
      'SELECT event_type, payload FROM alert_events ORDER BY id',
    );
    expect(rows.map((r) => [r.event_type, r.payload.registry, r.payload.repository])).toEqual([
      ['push', 'myregistry', 'app/web'],
      ['delete', 'myregistry', 'app/web'],
    ]);
  });

  it('stores a single CloudEvent (key in ?code=, cloudevents content type)', async () => {
    const response = await fetch(`${server.url}/eventgrid?code=${SECRETS.eventGridKey}`, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json; charset=utf-8' },
      body: JSON.stringify(fixture('cloudevents-chart-pushed.json')),
    });
    expect(response.status).toBe(202);
    expect(await storedKeys()).toEqual(['eventgrid:e3a1c2b4-5d6f-4a7b-8c9d-0e1f2a3b4c5d']);
  });

  it('acknowledges other event types without queueing them', async () => {
    const [first] = fixture<Array<Record<string, unknown>>>('eventgrid-image-pushed.json');
    const response = await post(
      '/eventgrid',
      [{ ...first, id: 'other-1', eventType: 'Microsoft.Storage.BlobCreated' }],
      key,
    );
    expect(await response.json()).toEqual({ accepted: 0, duplicates: 0, ignored: 1 });
  });

  it('rejects a wrong key with 401 and malformed events with 400', async () => {
    expect((await post('/eventgrid', fixture('eventgrid-image-pushed.json'), { 'aeg-sas-key': 'nope' })).status).toBe(
      401,
    );
    expect((await post('/eventgrid', [{ id: 'x' }], key)).status).toBe(400);
    const [first] = fixture<Array<Record<string, unknown>>>('eventgrid-image-pushed.json');
    const badData = await post('/eventgrid', [{ ...first, data: { action: 'push' } }], key);
    expect(badData.status).toBe(400);
    expect(JSON.stringify(await badData.json())).toContain('[0].data');
    expect(await storedKeys()).toEqual([]);
  });
});

describe('Azure Monitor receiver', () => {
  it('stores fired and resolved as two events of one alert', async () => {
    for (const name of ['monitor-fired.json', 'monitor-resolved.json']) {
      expect((await post(`/monitor?token=${SECRETS.monitorToken}`, fixture(name))).status).toBe(202);
    }
    const { rows } = await db.query<{ payload: { severity: number; monitorCondition: string; registry: string } }>(
      'SELECT payload FROM alert_events ORDER BY id',
    );
    expect(rows.map((r) => [r.payload.severity, r.payload.monitorCondition, r.payload.registry])).toEqual([
      [1, 'Fired', 'myregistry'],
      [1, 'Resolved', 'myregistry'],
    ]);
  });

  it('rejects a wrong token (401) and another schema (400)', async () => {
    expect((await post('/monitor?token=wrong', fixture('monitor-fired.json'))).status).toBe(401);
    expect((await post('/monitor', fixture('monitor-fired.json'))).status).toBe(401);
    const other = await post(`/monitor?token=${SECRETS.monitorToken}`, {
      ...fixture<object>('monitor-fired.json'),
      schemaId: 'Microsoft.Insights/activityLogs',
    });
    expect(other.status).toBe(400);
  });
});
