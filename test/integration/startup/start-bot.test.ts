import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The local production start path (`npm run start:bot`; the Web App runs the same dist/ with node, see
// test/integration/deploy/): build with tsc, then run the compiled bot. It must compile every folder the bot imports (src/, dialogs/) and
// find its data files (migrations, default policy, knowledge/) from dist/.
const nodeFlags: string[] = JSON.parse(readFileSync('package.json', 'utf8'))
  .config.nodeFlags.split(' ')
  .filter(Boolean);

/** Command lines of the running processes that mention `text`. */
function processesMentioning(text: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmdline.includes(text)) found.push(cmdline);
    } catch {
      // ended while we looked
    }
  }
  return found;
}

test('the compiled bot builds, starts on embedded defaults (with its V8 flags), reports ready, and stops cleanly with its database process', async () => {
  const build = spawnSync('npm', ['run', '--silent', 'build'], { encoding: 'utf8' });
  expect(build.stderr.replace(/^npm warn .*$/gm, '').trim()).toBe('');
  expect(build.status).toBe(0);

  const dataDir = mkdtempSync(join(tmpdir(), 'chatops-start-'));
  const bot = spawn(process.execPath, [...nodeFlags, 'dist/src/main.js'], {
    env: { ...process.env, CHATOPS_PORT: '0', CHATOPS_DATA_DIR: dataDir, CHATOPS_LOG_LEVEL: 'info', NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      bot.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /"msg":"listening"/.test(out) && /"url":"(http:\/\/[^"]+)"/.exec(out);
        if (match) resolve(match[1]);
      });
      bot.once('exit', (code) => reject(new Error(`bot exited with ${code}: ${out}`)));
    });
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'ready',
      checks: { knowledge: { ok: true }, database: { ok: true } },
    });
    // The embedded database runs in a child process of the bot, on the bot's data directory.
    expect(
      processesMentioning(join(dataDir, 'pglite')).filter((cmd) => cmd.includes('pglite-server-process')),
    ).toHaveLength(1);
    const exited = new Promise<number | null>((resolve) => bot.once('exit', resolve));
    bot.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(processesMentioning(join(dataDir, 'pglite'))).toEqual([]);
  } finally {
    if (bot.exitCode === null) bot.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 120_000);
