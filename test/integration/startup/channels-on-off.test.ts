/**
 * Which chat endpoints the bot serves, as startBot composes it from the settings: Teams' /api/messages and
 * Slack's /slack/events. A Slack deployment without a Teams bot registration must not open Teams' local
 * endpoint, where activities carry no JWT (anyone could speak as anyone). Real bot, embedded database; the
 * Slack Web API URL points at nothing (no turn runs here: an unsigned request never reaches Bolt).
 */
import { jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/index.js';
import { startBot } from '../../../src/main.js';
import { FakeMatcher, MemoryLogger } from '../../helpers/bot-fakes.js';

jest.setTimeout(90_000);

const SLACK = { SLACK_SIGNING_SECRET: 'a-signing-secret-0123456789', SLACK_BOT_TOKEN: 'xoxb-0123456789' };

async function endpoints(env: Record<string, string>): Promise<{ teams: number; slack: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'chatops-channels-'));
  const config = loadConfig({
    env: { CHATOPS_PORT: '0', CHATOPS_DATA_DIR: dir, CHATOPS_LOG_LEVEL: 'silent', ...env },
    dotenvPath: null,
  });
  const bot = await startBot(config, { matcher: new FakeMatcher(), logger: new MemoryLogger() });
  try {
    const post = (path: string) =>
      fetch(`${bot.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    return { teams: (await post('/api/messages')).status, slack: (await post('/slack/events')).status };
  } finally {
    await bot.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('Teams only by default: /api/messages checks the activity, /slack/events does not exist', async () => {
  expect(await endpoints({})).toEqual({ teams: 400, slack: 404 });
});

test('Slack without a Teams registration: /slack/events refuses an unsigned request, /api/messages does not exist', async () => {
  expect(await endpoints(SLACK)).toEqual({ teams: 404, slack: 401 });
});

test('both, when asked (CHATOPS_TEAMS=on)', async () => {
  expect(await endpoints({ ...SLACK, CHATOPS_TEAMS: 'on' })).toEqual({ teams: 400, slack: 401 });
});
