/**
 * Property-based fuzzing (fast-check) of everything the outside world can send, against the running
 * bot (real HTTP server, botbuilder, embedded database process, a real docker-registry):
 * activities, card clicks, alert payloads, report links, the request grammar and purge filters.
 * Properties: no crash (the bot still answers), no 5xx for bad input, no unauthorized action (a pending
 * request that only `teams:user-boss` may approve stays pending whatever anyone else clicks).
 *
 * In `npm test` it runs a fixed seed briefly; `npm run fuzz` runs long with a fresh seed
 * (FUZZ_RUNS, FUZZ_SEED=<n>|random; a failure prints the seed and path to replay it).
 */
import { jest } from '@jest/globals';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRequest } from '../../../src/features/act/request-parser.js';
import { parseProtectionPattern, parseTagFilter } from '../../../src/features/act/purge/filters.js';
import { PurgeInputError } from '../../../src/features/act/purge/errors.js';
import { loadConfig } from '../../../src/config/index.js';
import { startBot, type RunningBot } from '../../../src/main.js';
import { ActBotClient, pushActImages, testPolicyYaml, type User } from '../../helpers/act-bot.js';
import { fixture } from '../../helpers/alerts.js';
import { FakeMatcher, MemoryLogger } from '../../helpers/bot-fakes.js';
import { LocalConnector } from '../../helpers/local-connector.js';
import { startLocalRegistry, type LocalRegistry } from '../../helpers/registry/local-registry.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = process.env.FUZZ_SEED === 'random' ? Date.now() % 2 ** 31 : Number(process.env.FUZZ_SEED ?? 15);
const params = { seed: SEED, numRuns: RUNS };
jest.setTimeout(60_000 + RUNS * 2_000);

const SECRET = 'fuzz-acr-secret-0123456789';
const EVENTGRID_KEY = 'fuzz-eventgrid-key-0123456789';
const MONITOR_TOKEN = 'fuzz-monitor-token-0123456789';
const ADA: User = { id: 'user-ada', name: 'Ada', aadObjectId: '0a0a0a0a-0000-0000-0000-000000000001' };

let dir: string;
let registry: LocalRegistry;
let connector: LocalConnector;
let bot: RunningBot;
let client: ActBotClient;
let pending: { requestId: string; planHash: string; messageId: string };
const statuses = new Map<number, number>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fuzz-'));
  registry = await startLocalRegistry();
  await pushActImages(registry.url, 3);
  connector = await new LocalConnector().start();
  // Only the boss approves purges; the fuzzer never is the boss.
  const policy = testPolicyYaml().replace(
    'purge: { requesters: ["*"], approvers: ["*"] }',
    'purge: { requesters: ["*"], approvers: ["teams:user-boss"] }',
  );
  writeFileSync(join(dir, 'policy.yaml'), policy);
  const config = loadConfig({
    env: {
      CHATOPS_PORT: '0',
      CHATOPS_DATA_DIR: join(dir, 'data'),
      CHATOPS_LOG_LEVEL: 'silent',
      CHATOPS_REGISTRIES: `local=${registry.url}`,
      CHATOPS_POLICY_FILE: join(dir, 'policy.yaml'),
      CHATOPS_ALERTS_ACR_SECRET: SECRET,
      CHATOPS_ALERTS_EVENTGRID_KEY: EVENTGRID_KEY,
      CHATOPS_ALERTS_MONITOR_TOKEN: MONITOR_TOKEN,
    },
    dotenvPath: null,
  });
  bot = await startBot(config, { matcher: new FakeMatcher(), logger: new MemoryLogger() });
  client = new ActBotClient(bot.url, connector, 'conv-fuzz');
  const before = client.activities().length;
  await client.say(ADA, 'purge app --ago 30d');
  const { card, messageId } = await client.nextPostedCard(before);
  const data = card.refresh!.action.data;
  pending = { requestId: data.requestId, planHash: data.planHash, messageId };
}, 120_000);

afterAll(async () => {
  const summary = [...statuses]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${s}×${n}`)
    .join(' ');
  process.stdout.write(`fuzz: seed ${SEED}, ${RUNS} runs per property, HTTP statuses ${summary}\n`);
  await bot?.close();
  await connector?.stop();
  await registry?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function send(path: string, body: string, headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(`${bot.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  await res.arrayBuffer();
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  return res.status;
}

/** Strings that hurt: NUL and control characters, markdown, surrogates, RTL, long runs. */
const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\ud800',
    '\u202e',
    '[x](https://evil.example) **U**',
    '../../etc/passwd',
    '%00',
    '${jndi:x}',
    '<at>bot</at>',
    '\\u0000',
  ),
  fc.string({ unit: fc.constantFrom('\u0000', '\n', '*', '[', ']', '(', ')', ':', '.', 'a', '漢'), maxLength: 200 }),
  fc.nat(5_000).map((n) => 'x'.repeat(n)),
);
const anyJson = fc.oneof(
  nasty,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
);
const users = fc.oneof(
  fc.constant<Record<string, unknown>>({ id: ADA.id, name: ADA.name }),
  fc.constant<Record<string, unknown>>({ id: ADA.id, name: 'Ada', aadObjectId: ADA.aadObjectId }),
  fc.constant<Record<string, unknown>>({ id: 'someone', name: 'X', aadObjectId: ADA.aadObjectId }),
  fc.record({ id: nasty, name: nasty, aadObjectId: fc.option(nasty, { nil: undefined }) }, { requiredKeys: ['id'] }),
);

function activity(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'message',
    id: 'fz',
    channelId: 'msteams',
    serviceUrl: connector.url,
    locale: 'en-US',
    from: { id: 'user-fuzz', name: 'F' },
    recipient: { id: 'bot-1', name: 'ACR bot' },
    conversation: { id: 'conv-fuzz-msg', conversationType: 'personal' },
    ...fields,
  };
}

test('activities: any message, mention, locale, channel data or malformed field → never a 5xx', async () => {
  const fields = fc.record(
    {
      type: fc.oneof(fc.constantFrom('message', 'invoke', 'conversationUpdate', 'messageReaction', 'event', ''), nasty),
      text: nasty,
      locale: nasty,
      from: users,
      conversation: fc.oneof(
        fc.record({
          id: nasty,
          conversationType: fc.oneof(nasty, fc.constantFrom('personal', 'groupChat', 'channel')),
        }),
        anyJson,
      ),
      entities: fc.array(
        fc.record({ type: fc.constantFrom('mention', 'clientInfo'), text: nasty, mentioned: fc.record({ id: nasty }) }),
      ),
      channelData: anyJson,
      value: anyJson,
      replyToId: nasty,
      name: nasty,
      membersAdded: fc.array(fc.record({ id: nasty })),
    },
    { requiredKeys: [] },
  );
  await fc.assert(
    fc.asyncProperty(fields, async (f) =>
      expect(await send('/api/messages', JSON.stringify(activity(f)))).toBeLessThan(500),
    ),
    params,
  );
});

test('raw bodies: broken JSON, wrong types and encodings on every POST endpoint → 4xx, never 5xx', async () => {
  const endpoints = fc.constantFrom(
    '/api/messages',
    '/api/alerts/acr',
    `/api/alerts/eventgrid?code=${EVENTGRID_KEY}`,
    `/api/alerts/monitor?token=${MONITOR_TOKEN}`,
  );
  const headers = fc.record(
    {
      'content-type': fc.constantFrom(
        'application/json',
        'text/plain',
        'application/cloudevents+json',
        'application/json; charset=latin1',
        'application/json; charset=utf-9',
        '',
      ),
      'content-encoding': fc.constantFrom('identity', 'gzip', 'deflate', 'br', 'x-bogus', 'gzip, gzip'),
    },
    { requiredKeys: [] },
  );
  await fc.assert(
    fc.asyncProperty(
      endpoints,
      headers,
      fc.oneof(
        nasty,
        anyJson.map((v) => JSON.stringify(v)),
      ),
      async (path, h, body) => {
        expect(await send(path, body, { 'x-acr-webhook-secret': SECRET, ...h })).toBeLessThan(500);
      },
    ),
    params,
  );
});

test('card clicks: any verb, data and clicker → never a 5xx, and the boss-only request is never approved or run', async () => {
  const verbs = fc.oneof(
    fc.constantFrom(
      'act.approve',
      'act.reject',
      'act.view',
      'act.form',
      'act.suggest',
      'act.request',
      'faq.ask',
      'faq.feedback',
      'help',
      'alerts.tags',
    ),
    nasty,
  );
  const requestId = fc.oneof(
    fc.constant(pending.requestId),
    fc.constant(`${pending.requestId}\u0000`),
    fc.constant(`${pending.requestId}\uFFFD`),
    nasty,
  );
  const planHash = fc.oneof(fc.constant(pending.planHash), fc.constant(pending.planHash.replace(/^./, 'f')), nasty);
  const data = fc.record(
    {
      requestId,
      planHash,
      lang: nasty,
      registry: nasty,
      repository: nasty,
      olderThan: nasty,
      keep: anyJson,
      question: nasty,
      vote: nasty,
    },
    { requiredKeys: [] },
  );
  const actor = users.filter((u) => u.id !== 'user-boss');
  await fc.assert(
    fc.asyncProperty(verbs, data, actor, fc.boolean(), async (verb, d, from, execute) => {
      const value = execute ? { action: { type: 'Action.Execute', verb, data: d }, trigger: 'manual' } : { verb, ...d };
      const status = await send(
        '/api/messages',
        JSON.stringify(
          activity({
            type: execute ? 'invoke' : 'message',
            name: 'adaptiveCard/action',
            from,
            conversation: { id: 'conv-fuzz', conversationType: 'personal' },
            replyToId: pending.messageId,
            value,
          }),
        ),
      );
      expect(status).toBeLessThan(500);
    }),
    params,
  );
  const { rows } = await bot.db.query<{ state: string }>('SELECT state FROM approval_requests WHERE id = $1', [
    pending.requestId,
  ]);
  expect(['pending', 'rejected']).toContain(rows[0].state); // the requester may withdraw; nobody may approve
  const actions = await bot.db.query<{ action: string }>(
    "SELECT action FROM audit_log WHERE action IN ('approval.approve', 'act.execute.start')",
  );
  expect(actions.rows).toEqual([]);
});

test('a click whose requestId holds a NUL is refused and audited like any other refusal (not a 500, not lost)', async () => {
  const response = await client.execute(
    { id: 'user-boss', name: 'Boss' },
    'act.approve',
    { requestId: `${pending.requestId}\u0000`, planHash: pending.planHash },
    { replyToId: pending.messageId },
  );
  expect(response.statusCode).toBe(200);
  const { rows } = await bot.db.query<{ target: string; result: string }>(
    "SELECT target, result FROM audit_log WHERE action = 'approval.click-refused' AND actor = 'teams:user-boss'",
  );
  expect(rows).toEqual([{ target: `request:${pending.requestId}\uFFFD`, result: 'refused' }]);
  const state = await bot.db.query<{ state: string }>('SELECT state FROM approval_requests WHERE id = $1', [
    pending.requestId,
  ]);
  expect(state.rows[0].state).not.toBe('approved');
});

test('alert payloads: mutated real payloads and arbitrary JSON → 2xx or 4xx, never 5xx; what is stored is bounded', async () => {
  const bases = fc.constantFrom(
    ['/api/alerts/acr', fixture<Record<string, unknown>>('acr-push.json')],
    ['/api/alerts/acr', fixture<Record<string, unknown>>('acr-delete.json')],
    [`/api/alerts/eventgrid?code=${EVENTGRID_KEY}`, fixture<unknown[]>('eventgrid-image-pushed.json')],
    [`/api/alerts/monitor?token=${MONITOR_TOKEN}`, fixture<Record<string, unknown>>('monitor-fired.json')],
  ) as fc.Arbitrary<[string, unknown]>;
  /** Replaces a value at a random path of the payload. */
  const mutate = (value: unknown, path: number[], replacement: unknown): unknown => {
    if (path.length === 0 || value === null || typeof value !== 'object') return replacement;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return replacement;
    const [key, child] = entries[path[0] % entries.length];
    const copy: Record<string, unknown> | unknown[] = Array.isArray(value)
      ? [...value]
      : { ...(value as Record<string, unknown>) };
    (copy as Record<string, unknown>)[key] = mutate(child, path.slice(1), replacement);
    return copy;
  };
  await fc.assert(
    fc.asyncProperty(
      bases,
      fc.array(fc.tuple(fc.array(fc.nat(), { maxLength: 4 }), anyJson), { minLength: 1, maxLength: 4 }),
      fc.string(),
      async ([path, base], mutations, id) => {
        let payload: unknown = base;
        for (const [at, replacement] of mutations) payload = mutate(payload, at, replacement);
        if (payload && typeof payload === 'object' && !Array.isArray(payload)) payload = { ...payload, id: `fz-${id}` };
        expect(await send(path, JSON.stringify(payload), { 'x-acr-webhook-secret': SECRET })).toBeLessThan(500);
      },
    ),
    params,
  );
  const { rows } = await bot.db.query<{ n: number }>('SELECT max(length(payload::text))::int AS n FROM alert_events');
  expect(rows[0].n ?? 0).toBeLessThan(8_000);
});

test('report links: any id and token → 404, or 400 for an undecodable path (never a 5xx, never a report)', async () => {
  await fc.assert(
    fc.asyncProperty(nasty, nasty, async (id, token) => {
      // An unpaired surrogate has no UTF-8 form: send the bytes a client would (invalid percent-encoding).
      const encode = (s: string) => {
        try {
          return encodeURIComponent(s);
        } catch {
          return '%ED%A0%80';
        }
      };
      const res = await fetch(`${bot.url}/api/reports/${encode(id)}?token=${encode(token)}`);
      await res.arrayBuffer();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect([400, 404]).toContain(res.status);
    }),
    params,
  );
});

test('a report id or token with a NUL is a 404 like any unknown report, not a 500', async () => {
  for (const path of [
    `/api/reports/${pending.requestId}%00?token=x`,
    `/api/reports/%00?token=%00`,
    `/api/reports/${pending.requestId}?token=a%00b`,
  ]) {
    const res = await fetch(`${bot.url}${path}`);
    expect([path, res.status, await res.json()]).toEqual([path, 404, { error: 'not found' }]);
  }
});

test('the bot is still up and its health is ready after all of it', async () => {
  expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
});

test('request grammar: any text parses to an action, a question for the user, or nothing; never throws, stays fast', () => {
  const words = fc.constantFrom(
    'purge',
    'delete',
    'untagged',
    'cancel',
    'lock',
    'unlock',
    'runs',
    '--ago',
    '--keep',
    '--tag-regex',
    '30d',
    '-1',
    '1e309',
    'app',
    'app:v1',
    'sha256:',
    '削除',
    'löschen',
    ':',
    '"',
    '\u0000',
    '.*',
    '(a+)+$',
    'ｈｅｌｌｏ',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
  );
  const texts = fc.oneof(
    nasty,
    fc.array(words, { maxLength: 12 }).map((w) => w.join(' ')),
  );
  fc.assert(
    fc.property(texts, (text) => {
      const started = performance.now();
      const parsed = parseRequest(text);
      expect(['action', 'ambiguous', 'none']).toContain(parsed.kind);
      expect(performance.now() - started).toBeLessThan(500);
    }),
    { ...params, numRuns: RUNS * 20 },
  );
});

test('purge filters: any filter is compiled or refused with a PurgeInputError, and matching stays time-boxed', () => {
  const pieces = fc.constantFrom(
    '(',
    ')',
    '[',
    ']',
    ':',
    '\\',
    '.*',
    '+',
    '?',
    '{1,99999}',
    '(a+)+',
    'a',
    '^',
    '$',
    '|',
    '\u0000',
    '漢',
    '(?:',
    '(?=',
    '\\p{L}',
  );
  const filters = fc.oneof(
    nasty,
    fc.array(pieces, { maxLength: 16 }).map((p) => p.join('')),
  );
  fc.assert(
    fc.property(filters, nasty, (filter, tag) => {
      for (const parse of [parseTagFilter, parseProtectionPattern]) {
        let compiled;
        try {
          compiled = parse(filter);
        } catch (err) {
          expect(err).toBeInstanceOf(PurgeInputError);
          continue;
        }
        const started = performance.now();
        try {
          compiled.repository.test(tag);
          compiled.tag?.test(tag);
        } catch (err) {
          expect(err).toBeInstanceOf(PurgeInputError); // a time-boxed regex gives up with a clear error
        }
        expect(performance.now() - started).toBeLessThan(2_000);
      }
    }),
    { ...params, numRuns: RUNS * 20 },
  );
});
