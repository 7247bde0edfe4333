/**
 * `npm run bench:slack`: Slack events through Bolt, both variants in the same run and process:
 * - `echo` (baseline): Bolt's own ExpressReceiver + App, the listener answers with `say(text)`;
 * - `bot`: our Slack channel (receiver → Bolt → neutral request → BotCore with the real knowledge base
 *   → Block Kit → chat.postMessage), the way main.ts mounts it in our HTTP app.
 * Both are driven by correctly signed direct messages (test/helpers/slack/sender.ts) and answer through
 * the FAKE Slack Web API (test/helpers/slack/web-api.ts; nothing of Slack runs here).
 * Prints per variant: the acknowledgement's round trip (what Slack waits 3 s for), the handler time
 * (listener → answer posted, including the Web API call), and throughput (messages answered per second
 * by 8 conversations, each sending its next message once the answer is there), p50/p99 and ratios.
 *   npm run bench:slack [-- --messages 2000]
 */
import { parseArgs } from 'node:util';
import { App, ExpressReceiver, LogLevel } from '@slack/bolt';
import { SlackChannel } from '../src/channels/slack/app.js';
import { loadFaqMatcher } from '../src/features/ask/knowledge/index.js';
import { askBotCore, MemoryFeedbackStore, MemoryLogger } from '../test/helpers/bot-fakes.js';
import { percentile, QUESTIONS } from '../test/helpers/chaos/traffic.js';
import { serveOnFreePort, serveSlackChannel } from '../test/helpers/slack/serve.js';
import { FakeSlackSender } from '../test/helpers/slack/sender.js';
import { FAKE_SLACK_DEFAULTS, FakeSlackWebApi } from '../test/helpers/slack/web-api.js';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '2000' } } });
const MESSAGES = Number(values.messages);
const IN_FLIGHT = 8;
const WARMUP = 100;
const SECRET = 'bench-signing-secret-0123456789';

interface Variant {
  name: 'echo' | 'bot';
  url: string;
  /** Handler durations (ms) recorded since the last reset. */
  handlerTimes: number[];
  /** Resolves when the next answer in `channel` has been posted. */
  nextAnswer(channel: string): Promise<void>;
  close(): Promise<void>;
}

const CHANNELS = Array.from({ length: IN_FLIGHT }, (_, i) => `D0BENCH${i}`);

/** Answers per conversation: a waiter per channel, woken when that channel's answer has been posted. */
function answers() {
  const waiting = new Map<string, () => void>();
  return {
    posted: (channel: string) => {
      waiting.get(channel)?.();
      waiting.delete(channel);
    },
    next: (channel: string) => new Promise<void>((resolve) => waiting.set(channel, resolve)),
  };
}

async function echoVariant(api: FakeSlackWebApi): Promise<Variant> {
  const handlerTimes: number[] = [];
  const done = answers();
  const receiver = new ExpressReceiver({ signingSecret: SECRET, logLevel: LogLevel.ERROR });
  const app = new App({
    token: FAKE_SLACK_DEFAULTS.token,
    receiver,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: api.url },
  });
  app.message(async ({ message, say }) => {
    const started = performance.now();
    await say(`echo: ${(message as { text?: string }).text ?? ''}`);
    handlerTimes.push(performance.now() - started);
    done.posted(message.channel);
  });
  const served = await serveOnFreePort(receiver.app);
  return { name: 'echo', url: served.url, handlerTimes, nextAnswer: done.next, close: served.close };
}

async function botVariant(api: FakeSlackWebApi): Promise<Variant> {
  const handlerTimes: number[] = [];
  const done = answers();
  const logger = new MemoryLogger();
  const { matcher } = loadFaqMatcher();
  const core = askBotCore({ matcher, feedback: new MemoryFeedbackStore(), logger, defaultLang: 'en' });
  const slack = new SlackChannel({
    signingSecret: SECRET,
    botToken: FAKE_SLACK_DEFAULTS.token,
    apiUrl: api.url,
    logger,
    minIntervalInMs: 0,
    handler: {
      async handle(request, sink, turn) {
        const started = performance.now();
        await core.handle(request, sink, turn);
        handlerTimes.push(performance.now() - started);
        done.posted(request.conversation.id);
      },
      unavailableReply: (request) => core.unavailableReply(request),
    },
  });
  const served = await serveSlackChannel(slack, logger);
  const close = async () => {
    await slack.idle();
    await served.close();
  };
  return { name: 'bot', url: served.url, handlerTimes, nextAnswer: done.next, close };
}

interface Result {
  name: string;
  ackP50: number;
  ackP99: number;
  handlerP50: number;
  handlerP99: number;
  perSecond: number;
}

const senders: Partial<Record<Variant['name'], FakeSlackSender>> = {};

/**
 * `count` direct messages from `IN_FLIGHT` conversations, each waiting for its answer before it sends the
 * next (as people do); returns the acknowledgement round trips.
 */
async function drive(variant: Variant, count: number): Promise<number[]> {
  // One sender per variant: its event ids go on counting (a repeated id is a retry, and is dropped).
  const sender = (senders[variant.name] ??= new FakeSlackSender({ url: variant.url, signingSecret: SECRET }));
  const acks: number[] = [];
  let next = 0;
  await Promise.all(
    CHANNELS.map(async (channel) => {
      while (next < count) {
        const i = next++;
        const answered = variant.nextAnswer(channel);
        const started = performance.now();
        const reply = await sender.directMessage({ user: 'U0ALICE', text: QUESTIONS[i % QUESTIONS.length], channel });
        if (reply.status !== 200) throw new Error(`${variant.name}: HTTP ${reply.status}`);
        acks.push(performance.now() - started);
        await answered;
      }
    }),
  );
  return acks;
}

async function measure(variant: Variant): Promise<Result> {
  await drive(variant, WARMUP);
  variant.handlerTimes.length = 0;
  const started = performance.now();
  const acks = (await drive(variant, MESSAGES)).sort((a, b) => a - b);
  const elapsedInMs = performance.now() - started;
  const handlers = [...variant.handlerTimes].sort((a, b) => a - b);
  return {
    name: variant.name,
    ackP50: percentile(acks, 50),
    ackP99: percentile(acks, 99),
    handlerP50: percentile(handlers, 50),
    handlerP99: percentile(handlers, 99),
    perSecond: (MESSAGES / elapsedInMs) * 1000,
  };
}

const api = await FakeSlackWebApi.start({ channels: CHANNELS });
const results: Result[] = [];
for (const make of [echoVariant, botVariant]) {
  const variant = await make(api);
  try {
    results.push(await measure(variant));
  } finally {
    await variant.close();
  }
  api.calls.length = 0;
  api.messages.length = 0;
}
await api.close();

const fixed = (n: number) => n.toFixed(2);
console.log(`Slack direct messages through Bolt: ${MESSAGES} per variant, ${IN_FLIGHT} conversations (fake Web API)`);
console.table(
  results.map((r) => ({
    variant: r.name,
    'ack p50 ms': fixed(r.ackP50),
    'ack p99 ms': fixed(r.ackP99),
    'handler p50 ms': fixed(r.handlerP50),
    'handler p99 ms': fixed(r.handlerP99),
    'answers/s': r.perSecond.toFixed(0),
  })),
);
const [echo, bot] = results;
console.log(
  `bot vs echo: ack p99 ×${(bot.ackP99 / echo.ackP99).toFixed(2)}, handler p99 ×${(bot.handlerP99 / echo.handlerP99).toFixed(2)}, throughput ×${(bot.perSecond / echo.perSecond).toFixed(2)}`,
);
