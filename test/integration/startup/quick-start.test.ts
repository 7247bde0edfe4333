/**
 * The README's quick start, exactly as a newcomer runs it: a fresh clone of HEAD, a shell with no bot
 * settings (only the two documented port variables, so parallel runs do not collide), the README's own
 * start command. The bot must come up on its embedded defaults with the Agents Playground, answer a
 * question asked through the Playground, and leave no process behind on Ctrl-C (SIGINT to the process
 * group, as a terminal sends it). Then every README command marked `bash runnable` must succeed in that
 * clone, so nothing is documented without being run.
 */
import { jest } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadFaqMatcher } from '../../../src/features/ask/knowledge/index.js';
import {
  codeBlocks,
  commandsOf,
  descendants,
  freePort,
  freshClone,
  isAlive,
  newcomerEnv,
  OutputWatcher,
  spawnShell,
  type FreshClone,
} from '../../helpers/fresh-clone.js';

jest.setTimeout(600_000);

const README = readFileSync(join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');
const QUESTION = 'How do I get admin credentials?';

let clone: FreshClone;
beforeAll(() => {
  clone = freshClone('chatops-quickstart-');
});
afterAll(() => clone?.remove());

/** The quick start's start command: the line of its first bash block that runs `npm start`. */
function startCommand(): string {
  const section = README.slice(README.indexOf('## Quick start'));
  const [block] = codeBlocks(section, /^bash\b/);
  const command = commandsOf(block).find((line) => /\bnpm start\b/.test(line));
  if (!command) throw new Error('the quick start shows no npm start command');
  return command;
}

/** Sends a message as the Playground's user and waits for a bot card that contains `expected`. */
async function askThroughPlayground(playgroundUrl: string, text: string, expected: string): Promise<void> {
  const config = (await (await fetch(`${playgroundUrl}/_internal/v1/config`)).json()) as {
    config: { personalChat: { id: string }; currentUser: { id: string } };
  };
  const conversationId = config.config.personalChat.id;
  const socket = new WebSocket(`${playgroundUrl.replace(/^http/, 'ws')}/_ws_conversation/v1/conversations/stream`);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', reject, { once: true });
  });
  try {
    const seen: string[] = [];
    const card = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no card with "${expected}" within 60 s; cards seen:\n${seen.join('\n')}`)),
        60_000,
      );
      socket.addEventListener('message', ({ data }) => {
        const event = JSON.parse(String(data)) as {
          action?: string;
          message?: { attachments?: { contentType: string; content: Record<string, unknown> }[] };
        };
        const attachment =
          event.action === 'createMessage'
            ? event.message?.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')
            : undefined;
        if (!attachment) return;
        const json = JSON.stringify(attachment.content);
        seen.push(json.slice(0, 500));
        if (json.includes(expected)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const res = await fetch(
      `${playgroundUrl}/_conversation/v1/conversations/${encodeURIComponent(conversationId)}/messages`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'text', text, textFormat: 'plain', from: { id: config.config.currentUser.id } }),
      },
    );
    expect(res.status).toBeLessThan(300);
    return await card;
  } finally {
    socket.close();
  }
}

test('the README start command works on a fresh clone: healthy bot, Playground, an answer, and Ctrl-C leaves nothing running', async () => {
  const command = startCommand();
  expect(command).toBe('npm install && npm start');
  const [botPort, playgroundPort] = [await freePort(), await freePort()];
  const env = newcomerEnv({ CHATOPS_PORT: String(botPort), TEAMSAPPTESTER_PORT: String(playgroundPort) });
  const start = spawnShell(command, { cwd: clone.dir, env, detached: true });
  const output = new OutputWatcher(start);
  let processes: number[] = [];
  try {
    const [, playgroundUrl] = await output.waitFor(/Playground: (http:\/\/localhost:\d+)/, 300_000);
    expect(playgroundUrl).toBe(`http://localhost:${playgroundPort}`);
    const health = await fetch(`http://127.0.0.1:${botPort}/healthz`);
    expect(await health.json()).toMatchObject({ status: 'ready' });

    // npm install on a fresh clone leaves the tree as committed (a complete lockfile).
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: clone.dir, encoding: 'utf8' })).toBe('');

    // The answer card shows what the FAQ matcher answers (whatever the knowledge base says today).
    const expected = loadFaqMatcher().matcher.match(QUESTION);
    expect(expected.title).toBeTruthy();
    await askThroughPlayground(playgroundUrl, QUESTION, JSON.stringify(expected.title).slice(1, -1));

    processes = [start.pid!, ...descendants(start.pid!)];
    expect(processes.length).toBeGreaterThanOrEqual(5); // npm, shell, tsx, the bot, its database, the Playground…
  } finally {
    const exited = new Promise((resolve) => (start.exitCode !== null ? resolve(null) : start.once('exit', resolve)));
    process.kill(-start.pid!, 'SIGINT'); // Ctrl-C: the terminal signals the whole foreground process group
    await exited;
  }
  const deadline = Date.now() + 20_000;
  while (processes.some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  expect(processes.filter(isAlive)).toEqual([]);
  expect(output.text).not.toMatch(/failed|ENOTFOUND|Error:/);
});

/**
 * Runnable commands whose comment says `→ … output below`, each with its line of the JSON block that follows
 * their block (the first such command ↔ the first line, and so on).
 */
function documentedOutputs(): Map<string, unknown> {
  const outputs = new Map<string, unknown>();
  const pattern = /^```bash runnable\n([\s\S]*?)^```\n+```json\n([\s\S]*?)^```$/gm;
  for (let m = pattern.exec(README); m; m = pattern.exec(README)) {
    const commands = m[1]
      .split('\n')
      .filter((l) => /→ (?:\w+ )?output below/.test(l))
      .map((l) => commandsOf(l)[0]);
    const lines = m[2].split('\n').filter((l) => l.trim());
    expect(lines).toHaveLength(commands.length);
    commands.forEach((command, i) => outputs.set(command, JSON.parse(lines[i])));
  }
  return outputs;
}

test('every README command marked `bash runnable` succeeds on the fresh clone, and prints the output the README shows', () => {
  const commands = codeBlocks(README, /^bash runnable$/).flatMap(commandsOf);
  expect(commands.length).toBeGreaterThanOrEqual(5);
  const outputs = documentedOutputs();
  expect(outputs.size).toBeGreaterThanOrEqual(1);
  const env = newcomerEnv();
  const failures: string[] = [];
  for (const command of commands) {
    try {
      const stdout = execFileSync('bash', ['-c', command], {
        cwd: clone.dir,
        env,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 180_000,
      });
      if (outputs.has(command))
        expect({ command, output: JSON.parse(stdout) }).toEqual({ command, output: outputs.get(command) });
    } catch (error) {
      if (outputs.has(command) && (error as { matcherResult?: unknown }).matcherResult) throw error;
      const e = error as { status?: number; stdout?: string; stderr?: string };
      failures.push(
        `${command}\n  exit ${e.status}: ${(e.stderr || e.stdout || '').trim().split('\n').slice(-5).join('\n  ')}`,
      );
    }
  }
  expect(failures).toEqual([]);
});
