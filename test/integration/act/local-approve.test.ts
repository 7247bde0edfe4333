/**
 * The second person on a local run: `npm run local -- approve` plays another user of the Playground's mock
 * tenant in its Group Chat. Real parts only: the bot (real PGlite), a REAL docker-registry, the real Agents
 * Playground started the way `npm start` starts it (its mock tenant in the data folder, its guard process).
 * Also: the Playground keeps its conversation ids across restarts, refuses a port that is taken, and dies
 * with the process that started it, even on SIGKILL.
 */
import { jest } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePlaygroundConfig } from '../../../scripts/lib/playground-config.js';
import { startPlayground, type RunningPlayground } from '../../../scripts/lib/playground.js';
import { loadConfig } from '../../../src/config/index.js';
import { startBot, type RunningBot } from '../../../src/main.js';
import { OciRegistryClient } from '../../../src/registry/oci/index.js';
import { pushActImages } from '../../helpers/act-bot.js';
import { FakeMatcher, MemoryLogger } from '../../helpers/bot-fakes.js';
import { descendants, freePort, isAlive, REPO_ROOT } from '../../helpers/fresh-clone.js';
import { startLocalRegistry, type LocalRegistry } from '../../helpers/registry/local-registry.js';

jest.setTimeout(120_000);

let dir: string;
let registry: LocalRegistry;
let bot: RunningBot;
let playground: RunningPlayground;
let playgroundPort: number;
let configPath: string;

interface Settings {
  currentUser: { id: string };
  bot: { id: string; name: string };
  groupChats: { id: string }[];
  personalChat: { id: string };
}
const settings = async (): Promise<Settings> =>
  ((await (await fetch(`${playground.url}/_internal/v1/config`)).json()) as { config: Settings }).config;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'local-approve-'));
  registry = await startLocalRegistry();
  await pushActImages(registry.url, 4);
  const config = loadConfig({
    env: {
      CHATOPS_PORT: '0',
      CHATOPS_DATA_DIR: join(dir, 'data'),
      CHATOPS_LOG_LEVEL: 'silent',
      CHATOPS_REGISTRIES: `local=${registry.url}`,
    }, // the default policy
    dotenvPath: null,
  });
  bot = await startBot(config, { matcher: new FakeMatcher(), logger: new MemoryLogger() });
  playgroundPort = await freePort();
  configPath = ensurePlaygroundConfig(join(dir, 'data', 'playground.yml'));
  playground = await startPlayground({
    botEndpoint: `http://localhost:${bot.port}/api/messages`,
    port: playgroundPort,
    repoRoot: REPO_ROOT,
    configPath,
    logFile: join(dir, 'playground.log'),
  });
}, 90_000);

afterAll(async () => {
  await playground?.stop();
  await bot?.close();
  await registry?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI without blocking this process: the bot under test lives in it and must keep answering. */
function runLocal(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(
    join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
    [join(REPO_ROOT, 'scripts', 'local.ts'), ...args],
    {
      env: { ...process.env, NODE_OPTIONS: '', TEAMSAPPTESTER_PORT: String(playgroundPort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (status) => resolve({ status, stdout, stderr })));
}

async function devTags(): Promise<string[]> {
  const tags: string[] = [];
  for await (const tag of new OciRegistryClient({ endpoint: registry.url }).listTags('app'))
    if (tag.startsWith('dev-')) tags.push(tag);
  return tags;
}

test('you request a purge in the Group Chat; `npm run local -- approve` approves it as Megan; the plan runs', async () => {
  const { bot: botAccount, currentUser, groupChats } = await settings();
  const mention = `<at>${botAccount.name}</at>`;
  const res = await fetch(
    `${playground.url}/_conversation/v1/conversations/${encodeURIComponent(groupChats[0].id)}/messages`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'text',
        text: `${mention} purge app --ago 30d`,
        textFormat: 'plain',
        from: { id: currentUser.id },
        mentions: [{ mentioned: { id: botAccount.id }, text: mention }],
      }),
    },
  );
  expect(res.status).toBeLessThan(300);
  const deadline = Date.now() + 30_000;
  while (
    (await bot.db.query("SELECT 1 FROM approval_requests WHERE state = 'pending'")).rows.length === 0 &&
    Date.now() < deadline
  )
    await new Promise((r) => setTimeout(r, 200));
  const { rows } = await bot.db.query<{ id: string }>("SELECT id FROM approval_requests WHERE state = 'pending'");
  expect(rows).toHaveLength(1);
  expect(await devTags()).toHaveLength(4);

  const approved = await runLocal('approve', rows[0].id.slice(0, 8));
  expect(approved.stderr).toBe('');
  expect(approved.status).toBe(0);
  expect(approved.stdout).toContain(`Megan Bowen clicked Approve on request ${rows[0].id}`);
  expect(approved.stdout).toContain('Approved');
  await bot.act.runner.idle();
  expect(await devTags()).toEqual([]);

  const nothing = await runLocal('approve');
  expect({ status: nothing.status, stdout: nothing.stdout }).toEqual({ status: 1, stdout: '' });
  expect(nothing.stderr).toContain('No pending request');
});

test('the Playground keeps its conversation ids across restarts, and a taken port is a clear error', async () => {
  const before = await settings();
  await expect(
    startPlayground({
      botEndpoint: `http://localhost:${bot.port}/api/messages`,
      port: playgroundPort,
      repoRoot: REPO_ROOT,
      configPath,
    }),
  ).rejects.toThrow(`port ${playgroundPort} is in use`);
  await playground.stop();
  playground = await startPlayground({
    botEndpoint: `http://localhost:${bot.port}/api/messages`,
    port: playgroundPort,
    repoRoot: REPO_ROOT,
    configPath: ensurePlaygroundConfig(configPath),
  });
  const after = await settings();
  expect(after.personalChat.id).toBe(before.personalChat.id);
  expect(after.groupChats[0].id).toBe(before.groupChats[0].id);
});

test('a SIGKILLed starter takes its Playground with it', async () => {
  const port = await freePort();
  const script = join(dir, 'starter.mts');
  writeFileSync(
    script,
    `import { startPlayground } from ${JSON.stringify(join(REPO_ROOT, 'scripts', 'lib', 'playground.ts'))};
await startPlayground({ botEndpoint: 'http://localhost:${bot.port}/api/messages', port: ${port}, repoRoot: ${JSON.stringify(REPO_ROOT)}, cwd: ${JSON.stringify(dir)} });
process.stdout.write('up\\n');
setInterval(() => {}, 1000);
`,
  );
  const starter = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    starter.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('up') && resolve());
    starter.once('exit', (code) => reject(new Error(`starter exited (${code})`)));
  });
  const children = descendants(starter.pid!);
  expect(children.length).toBeGreaterThanOrEqual(2); // the guard and the Playground
  starter.kill('SIGKILL');
  const deadline = Date.now() + 15_000;
  while (children.some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  expect(children.filter(isAlive)).toEqual([]);
});

test('`npm run local -- registry` serves sample images of several ages from the data folder until Ctrl-C', async () => {
  const port = await freePort();
  const child = spawn(
    join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
    [join(REPO_ROOT, 'scripts', 'local.ts'), 'registry', '--port', String(port)],
    {
      env: { ...process.env, NODE_OPTIONS: '', CHATOPS_DATA_DIR: join(dir, 'tour-data') },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()).includes('Ctrl-C stops it') && resolve());
    child.once('exit', (code) => reject(new Error(`registry command exited (${code}): ${out}`)));
  });
  expect(out).toContain(`CHATOPS_REGISTRIES=local=http://127.0.0.1:${port} npm start`);
  const client = new OciRegistryClient({ endpoint: `http://127.0.0.1:${port}` });
  const tags: string[] = [];
  for await (const tag of client.listTags('hello-world')) tags.push(tag);
  expect(tags.sort()).toEqual(['latest', 'v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8']);
  const registryProcesses = descendants(child.pid!);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  await exited;
  const deadline = Date.now() + 10_000;
  while (registryProcesses.some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  expect(registryProcesses.filter(isAlive)).toEqual([]);
});

test('kill() takes the guard and the Playground down together (the last resort of the e2e fixture)', async () => {
  const extra = await startPlayground({
    botEndpoint: `http://localhost:${bot.port}/api/messages`,
    port: await freePort(),
    repoRoot: REPO_ROOT,
    cwd: dir,
  });
  const processes = [extra.process.pid!, ...descendants(extra.process.pid!)];
  expect(processes.length).toBeGreaterThanOrEqual(2);
  extra.kill();
  const deadline = Date.now() + 10_000;
  while (processes.some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  expect(processes.filter(isAlive)).toEqual([]);
});
