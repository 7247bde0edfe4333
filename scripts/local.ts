/**
 * Helpers for the local tour (README):
 * - `npm run local -- registry [--port 5000]`: a real OCI registry (Debian's docker-registry) with sample
 *   images of several ages, kept in data/registry, until Ctrl-C.
 * - `npm run local -- approve [request] [--reject] [--as <user>]`: the second person of the four-eyes rule on
 * a local run. Act needs an approver other than the requester, and the Agents Playground types as one user
 * only. This plays another user of its mock tenant (Megan Bowen by default) in the Group Chat, through the
 * Playground's own conversation API, exactly as the Teams client would: it asks the bot for the
 * conversation's pending requests, then clicks Review's Approve (or Reject) on the one you name (an id
 * prefix) or on the newest. The bot checks that click like any other: policy, four-eyes, plan hash, expiry.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { t } from '../src/features/act/messages/index.js';
// Dev-only helpers shared with the integration tests: the same real registry and image pusher.
import { ImagePusher } from '../test/helpers/registry/image-pusher.js';
import { startLocalRegistry, type LocalRegistry } from '../test/helpers/registry/local-registry.js';

const HELP = `usage: npm run local -- registry [--port 5000]
  Starts Debian's docker-registry on 127.0.0.1 with sample images (data/registry), until Ctrl-C.
usage: npm run local -- approve [request-id-prefix] [--reject] [--as <user name or id>]
  Approves (or rejects) a pending request in the Playground's Group Chat as another Playground user.
  The Playground must be running (npm start); TEAMSAPPTESTER_PORT moves it from 56150.`;

interface PlaygroundUser {
  id: string;
  name: string;
}
interface PlaygroundConfig {
  currentUser: PlaygroundUser;
  users: PlaygroundUser[];
  bot: PlaygroundUser;
  groupChats: { id: string; name: string }[];
}
interface CardAction {
  verb?: string;
  data?: { requestId?: string; planHash?: string };
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function parseArgs(argv: string[]): { command: string; prefix?: string; reject: boolean; as?: string; port: number } {
  const [command, ...rest] = argv;
  let prefix: string | undefined;
  let reject = false;
  let as: string | undefined;
  let port = 5000;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--reject') reject = true;
    else if (rest[i] === '--as') as = rest[++i];
    else if (rest[i] === '--port' && /^\d+$/.test(rest[i + 1] ?? '')) port = Number(rest[++i]);
    else if (!rest[i].startsWith('--') && !prefix) prefix = rest[i];
    else fail(`unknown argument ${rest[i]}\n${HELP}`);
  }
  if (command !== 'approve' && command !== 'registry') fail(HELP);
  return { command, prefix, reject, as, port };
}

/** The bot's answer to "pending" in the Playground's locale (en-US): its title, or the "none" line. */
const PENDING_LIST_MARKERS = [t('en', 'pendingList.title'), t('en', 'pendingList.none')];

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

/** hello-world: eight tags 10–80 days old plus a fresh latest; app/web: an old v1 and a new v2. */
const SAMPLE_IMAGES = [
  ...Array.from({ length: 8 }, (_, i) => ({
    repository: 'hello-world',
    tags: [`v${i + 1}`],
    createdAt: daysAgo(80 - i * 10),
    label: `hello-v${i + 1}`,
  })),
  { repository: 'hello-world', tags: ['latest'], createdAt: daysAgo(1), label: 'hello-latest' },
  { repository: 'app/web', tags: ['v1'], createdAt: daysAgo(45), label: 'web-v1' },
  { repository: 'app/web', tags: ['v2'], createdAt: daysAgo(2), label: 'web-v2' },
];

async function serveRegistry(port: number): Promise<void> {
  const directory = resolve(process.env.CHATOPS_DATA_DIR ?? 'data', 'registry');
  mkdirSync(directory, { recursive: true });
  let registry: LocalRegistry;
  try {
    registry = await startLocalRegistry({ directory, port });
  } catch (error) {
    fail(
      `${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n` +
        `It needs Debian's docker-registry (apt-get install docker-registry; npm test installs it) and a free port ${port} (--port N).`,
    );
  }
  const pusher = new ImagePusher({ url: registry.url, concurrency: 4 });
  const existing = await (await fetch(`${registry.url}/v2/hello-world/tags/list`)).json().catch(() => ({}));
  if (!(existing as { tags?: string[] }).tags?.length) await pusher.pushMany(SAMPLE_IMAGES);
  pusher.close();
  process.stdout.write(
    `\n  Registry: ${registry.url}  (hello-world: v1…v8 10–80 days old + latest; app/web: v1, v2; data in ${directory})\n` +
      `  Start the bot with it:  CHATOPS_REGISTRIES=local=${registry.url} npm start\n  Ctrl-C stops it.\n\n`,
  );
  const stop = () => void registry.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** Every Action.Execute in a card, wherever it sits. */
function actionsOf(node: unknown, found: CardAction[] = []): CardAction[] {
  if (Array.isArray(node)) node.forEach((n) => actionsOf(n, found));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.type === 'Action.Execute') found.push(o as CardAction);
    Object.values(o).forEach((v) => actionsOf(v, found));
  }
  return found;
}

function textOf(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => textOf(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.text === 'string') out.push(o.text);
    for (const [key, value] of Object.entries(o)) if (key !== 'data' && typeof value === 'object') textOf(value, out);
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.command === 'registry') return serveRegistry(args.port);
  const base = `http://localhost:${process.env.TEAMSAPPTESTER_PORT ?? 56150}`;
  let config: PlaygroundConfig;
  try {
    config = ((await (await fetch(`${base}/_internal/v1/config`)).json()) as { config: PlaygroundConfig }).config;
  } catch {
    fail(`No Agents Playground answers on ${base}. Start it with npm start (or set TEAMSAPPTESTER_PORT).`);
  }
  const approver = args.as
    ? config.users.find((u) => u.id === args.as || u.name.toLowerCase().includes(args.as!.toLowerCase()))
    : config.users[0];
  if (!approver) fail(`No Playground user matches "${args.as}"; users: ${config.users.map((u) => u.name).join(', ')}`);
  const chat = config.groupChats[0];
  const mention = `<at>${config.bot.name}</at>`;

  const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/_ws_conversation/v1/conversations/stream`);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', () => reject(new Error('the Playground refused the WebSocket')), { once: true });
  });
  const pendingCard = new Promise<{ id: string; card: unknown }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the bot did not answer "pending" within 30 s')), 30_000);
    socket.addEventListener('message', (raw: MessageEvent) => {
      const event = JSON.parse(String(raw.data)) as {
        action?: string;
        actionConversationId?: string;
        message?: { messageId: string; from?: { id?: string }; attachments?: { content: unknown }[] };
      };
      if (
        event.action !== 'createMessage' ||
        event.actionConversationId !== chat.id ||
        event.message?.from?.id !== config.bot.id
      )
        return;
      // Other bot messages (a progress or report card of an earlier request) may arrive meanwhile: wait for
      // the answer to "pending" (English, as the Playground's locale is en-US).
      const card = JSON.stringify(event.message.attachments ?? []);
      if (!PENDING_LIST_MARKERS.some((marker) => card.includes(marker))) return;
      clearTimeout(timer);
      resolve({ id: event.message.messageId, card: event.message.attachments?.[0]?.content });
    });
  });
  const said = await fetch(`${base}/_conversation/v1/conversations/${encodeURIComponent(chat.id)}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'text',
      text: `${mention} pending`,
      textFormat: 'plain',
      from: { id: approver.id },
      mentions: [{ mentioned: { id: config.bot.id }, text: mention }],
    }),
  });
  if (said.status >= 300) fail(`The Playground refused the message (${said.status}): ${await said.text()}`);
  const { id: listMessageId, card } = await pendingCard.finally(() => socket.close());

  const reviews = [
    ...new Map(
      actionsOf(card)
        .filter((a) => a.verb === 'act.view' && a.data?.requestId && a.data.planHash)
        .map((a) => [a.data!.requestId, a]),
    ).values(),
  ];
  const chosen = args.prefix ? reviews.filter((a) => a.data!.requestId!.startsWith(args.prefix!)) : reviews.slice(0, 1);
  if (reviews.length === 0)
    fail(
      `No pending request in the Playground's ${chat.name}. Requests made in your personal chat cannot be approved by anyone else: ask in the ${chat.name} (mention the bot).`,
    );
  if (chosen.length !== 1)
    fail(
      `${chosen.length === 0 ? 'No' : 'More than one'} pending request starts with "${args.prefix}"; pending: ${reviews.map((a) => a.data!.requestId).join(', ')}`,
    );

  const { requestId, planHash } = chosen[0].data!;
  const verb = args.reject ? 'act.reject' : 'act.approve';
  const res = await fetch(`${base}/_conversation/v1/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    // As Teams sends it: Review on the list card opens the request card in place, whose Approve is this click.
    body: JSON.stringify({
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb, data: { requestId, planHash } }, trigger: 'manual' },
      from: approver,
      conversation: { id: chat.id },
      replyToId: listMessageId,
    }),
  });
  if (res.status !== 200) fail(`The click was not delivered (${res.status}): ${await res.text()}`);
  const answer = (await res.json()) as { value?: unknown };
  const lines = textOf(answer.value).filter(Boolean);
  process.stdout.write(
    `${approver.name} clicked ${args.reject ? 'Reject' : 'Approve'} on request ${requestId} in ${chat.name}.\n${lines
      .slice(0, 6)
      .map((l) => `  ${l}`)
      .join('\n')}\n`,
  );
}

main().catch((error) => fail(`npm run local failed: ${error instanceof Error ? error.message : String(error)}`));
