/**
 * Learning from feedback through the Teams channel of the running bot (startBot with the REAL knowledge
 * base, embedded PGlite, botbuilder over HTTP; replies caught by the LocalConnector): the choice buttons
 * are Action.Submit cards carrying only the miss and a topic, who chose comes from the activity, and the
 * maintainer's Accept is an Action.Execute whose answer replaces the review card.
 */
import { jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/index.js';
import { startBot, type RunningBot } from '../../../src/main.js';
import { ActBotClient, cardText, writeTestPolicy, type Card, type User } from '../../helpers/act-bot.js';
import { MemoryLogger } from '../../helpers/bot-fakes.js';
import { LocalConnector } from '../../helpers/local-connector.js';

jest.setTimeout(90_000);

const ADA: User = { id: 'user-ada', name: 'Ada' };
const MAX: User = { id: 'user-max', name: 'Max', aadObjectId: '0c0c0c0c-0000-0000-0000-000000000003' };
const CONVERSATION = 'conv-learn-1';

let dir: string;
let connector: LocalConnector;
let bot: RunningBot;
let client: ActBotClient;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'learn-teams-'));
  connector = await new LocalConnector().start();
  const policy = writeTestPolicy(dir, {
    extra:
      '  disable-admin-user: { requesters: ["*"], approvers: ["*"] }\nknowledge:\n  maintainers: ["aad:0c0c0c0c-0000-0000-0000-000000000003"]',
  });
  const config = loadConfig({
    env: {
      CHATOPS_PORT: '0',
      CHATOPS_DATA_DIR: join(dir, 'data'),
      CHATOPS_LOG_LEVEL: 'silent',
      CHATOPS_POLICY_FILE: policy,
    },
    dotenvPath: null,
  });
  bot = await startBot(config, { logger: new MemoryLogger() });
  client = new ActBotClient(bot.url, connector, CONVERSATION);
}, 60_000);

afterAll(async () => {
  await bot?.close();
  await connector?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Action.Submit buttons of a card (anywhere in it), as Teams sends their data back. */
function submits(card: Card): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'Action.Submit') out.push(o.data as Record<string, string>);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

/** Data of the card's Action.Execute buttons with this verb. */
function executes(card: Card, verb: string): Record<string, string>[] {
  return findExecutes(card)
    .filter((a) => a.verb === verb)
    .map((a) => a.data);
}

function findExecutes(node: unknown): { verb: string; data: Record<string, string> }[] {
  if (Array.isArray(node)) return node.flatMap(findExecutes);
  if (!node || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  const own = o.type === 'Action.Execute' ? [{ verb: o.verb as string, data: o.data as Record<string, string> }] : [];
  return [...own, ...Object.values(o).flatMap(findExecutes)];
}

/** What Teams posts when a person presses an Action.Submit button. */
async function submit(from: User, data: Record<string, string>): Promise<void> {
  const activity = {
    type: 'message',
    id: `submit-${Math.random().toString(36).slice(2)}`,
    channelId: 'msteams',
    serviceUrl: connector.url,
    timestamp: new Date().toISOString(),
    locale: 'en-US',
    from,
    recipient: { id: 'bot-1', name: 'ACR bot' },
    conversation: { id: CONVERSATION, conversationType: 'personal', tenantId: 'tenant-1' },
    value: data,
  };
  const res = await fetch(`${bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  expect(res.status).toBeLessThan(300);
}

test('abstention → choice (Action.Submit) → kb review → Accept (Action.Execute) → the question is answered', async () => {
  const question = 'our build servers wait ages for pulls';
  let seen = client.activities().length;
  await client.say(ADA, question);
  const { card: abstain, index } = await client.nextPostedCard(seen);
  expect(cardText(abstain)).toContain('Which of these did you mean?');
  const choices = submits(abstain).filter((d) => d.verb === 'faq.choose');
  for (const data of choices) expect(Object.keys(data).sort()).toEqual(['miss', 'topic', 'verb']);
  const meant = choices.find((d) => d.topic === 'pull-timeout')!;
  expect(meant).toBeDefined();

  seen = index + 1;
  await submit(ADA, meant);
  const { card: answer, index: answered } = await client.nextPostedCard(seen);
  expect(cardText(answer)).toContain('Thanks! Your choice goes to a knowledge maintainer');
  const { rows } = await bot.db.query<{ chooser_hash: string; status: string }>(
    'SELECT chooser_hash, status FROM kb_misses WHERE id = $1',
    [meant.miss],
  );
  expect(rows[0]).toMatchObject({ status: 'pending' });
  expect(rows[0]!.chooser_hash).toMatch(/^[0-9a-f]{64}$/);

  // Ada is not a maintainer; Max (by his Entra object id) is.
  seen = answered + 1;
  await client.say(ADA, 'kb review');
  expect(cardText((await client.nextPostedCard(seen)).card)).toContain('Only knowledge maintainers');
  seen = client.activities().length;
  await client.say(MAX, 'kb review');
  const { card: review, messageId } = await client.nextPostedCard(seen);
  expect(cardText(review)).toContain(question);
  const [accept] = executes(review, 'kb.accept');
  expect(accept).toEqual({ miss: meant.miss });

  const refusedForAda = await client.execute(ADA, 'kb.accept', accept!, { replyToId: messageId });
  expect(cardText(refusedForAda.value)).toContain('Only knowledge maintainers');
  const accepted = await client.execute(MAX, 'kb.accept', accept!, { replyToId: messageId });
  expect(accepted.type).toBe('application/vnd.microsoft.card.adaptive');
  expect(cardText(accepted.value)).toContain('Accepted');

  seen = client.activities().length;
  await client.say(ADA, question);
  const { card: now } = await client.nextPostedCard(seen);
  expect(JSON.stringify(now)).toContain('"topic":"pull-timeout"');
  expect(cardText(now)).not.toContain('Which of these did you mean?');
  const audit = await bot.db.query<{ actor: string; result: string }>(
    'SELECT actor, result FROM audit_log WHERE target = $1 ORDER BY seq',
    [`kb-miss:${meant.miss}`],
  );
  expect(audit.rows).toEqual([
    { actor: 'teams:user-ada', result: 'refused' },
    { actor: 'aad:0c0c0c0c-0000-0000-0000-000000000003', result: 'ok' },
  ]);
});
