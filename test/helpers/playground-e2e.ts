/**
 * The end-to-end fixture shared by the Playground tests: the bot (startBot, PGlite in a temp dir, the
 * test's env) behind its HTTP server, the Microsoft 365 Agents Playground as the Teams client, and its web
 * UI in headless Debian Chromium. `usePlaygroundE2e` starts all of it in beforeAll and tears it down in
 * afterAll: every step runs even when another fails or hangs, so no bot, Playground or browser outlives
 * the file. Screenshots go to test-artifacts/ (kept); everything else lives in the temp dir (removed).
 */
import { afterAll, beforeAll } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { startPlayground, type RunningPlayground } from '../../scripts/lib/playground.js';
import { loadConfig, type AppConfig } from '../../src/config/index.js';
import { startBot, type RunningBot } from '../../src/main.js';
import { launchChromium, PlaygroundUi } from './playground-ui.js';
import { freePort } from './registry/ports.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const artifactsDir = join(repoRoot, 'test-artifacts');
/** One teardown step may take this long before the next one runs anyway. */
const TEARDOWN_STEP_TIMEOUT_IN_MS = 15_000;

export type Cleanup = () => unknown;

export interface PlaygroundE2eSetup {
  workDir: string;
  /** Registers a cleanup for something prepare started; runs after the bot is closed (last registered first). */
  defer(cleanup: Cleanup): void;
}

export interface PlaygroundE2eOptions {
  /** Prefix of the temp work dir (bot data, Chromium profile, Playground log). */
  workDirPrefix: string;
  /**
   * Starts what the bot depends on (a registry, a policy file…) while Chromium starts, and returns the bot's
   * extra env (CHATOPS_*; it may override CHATOPS_LOG_LEVEL, default warn).
   */
  prepare?: (setup: PlaygroundE2eSetup) => Promise<Record<string, string>> | Record<string, string>;
  /** The browser opens the personal chat (default) or the Playground's first group chat. */
  chat?: 'personal' | 'group';
  setupTimeoutInMs?: number;
}

export interface PlaygroundUser {
  id: string;
  name: string;
  aadObjectId?: string;
}

/** What the Playground's `GET /_internal/v1/config` reports (the part the tests use). */
export interface PlaygroundSettings {
  currentUser: PlaygroundUser;
  users: PlaygroundUser[];
  bot: { id: string; name: string };
  groupChats: { id: string; name: string }[];
}

export class PlaygroundE2e {
  private state?: { config: AppConfig; playground: RunningPlayground; settings: PlaygroundSettings; ui: PlaygroundUi };
  private currentBot?: RunningBot;
  private workDir?: string;
  private browser?: Promise<BrowserContext>;
  private playground?: RunningPlayground;
  /** Kills the Playground if the test process exits without afterAll (a crash, --forceExit). */
  private killPlaygroundOnExit?: () => void;
  private readonly deferred: Cleanup[] = [];

  constructor(private readonly options: PlaygroundE2eOptions) {}

  get bot(): RunningBot {
    if (!this.currentBot) throw new Error('the bot is not running');
    return this.currentBot;
  }
  get config(): AppConfig {
    return this.started().config;
  }
  get playgroundUrl(): string {
    return this.started().playground.url;
  }
  get settings(): PlaygroundSettings {
    return this.started().settings;
  }
  get ui(): PlaygroundUi {
    return this.started().ui;
  }

  /** Path of a file in test-artifacts/ (created), for screenshots that outlive the run. */
  artifact(name: string): string {
    mkdirSync(artifactsDir, { recursive: true });
    return join(artifactsDir, name);
  }

  /** Stops the bot and starts it again on the same config (data dir and port). */
  async restartBot(): Promise<RunningBot> {
    const bot = this.bot;
    this.currentBot = undefined;
    await bot.close();
    this.currentBot = await startBot(this.config);
    return this.currentBot;
  }

  async start(): Promise<void> {
    const workDir = mkdtempSync(join(tmpdir(), this.options.workDirPrefix));
    this.workDir = workDir;
    // Chromium starts while the bot's dependencies and database come up (initdb is the slow part).
    this.browser = launchChromium(workDir);
    this.browser.catch(() => undefined); // awaited below; a failed launch must not go unhandled meanwhile
    const [botPort, playgroundPort] = await Promise.all([freePort(), freePort()]);
    const env = (await this.options.prepare?.({ workDir, defer: (cleanup) => this.deferred.push(cleanup) })) ?? {};
    const config = loadConfig({
      env: {
        CHATOPS_PORT: String(botPort),
        CHATOPS_DATA_DIR: join(workDir, 'data'),
        CHATOPS_LOG_LEVEL: 'warn',
        ...env,
      },
      dotenvPath: null,
    });
    this.currentBot = await startBot(config);
    this.playground = await startPlayground({
      botEndpoint: `http://localhost:${botPort}/api/messages`,
      port: playgroundPort,
      repoRoot,
      cwd: workDir,
    });
    const playground = this.playground;
    this.killPlaygroundOnExit = () => playground.kill();
    process.once('exit', this.killPlaygroundOnExit);
    const response = await fetch(`${this.playground.url}/_internal/v1/config`, { signal: AbortSignal.timeout(10_000) });
    const { config: settings } = (await response.json()) as { config: PlaygroundSettings };
    const context = await this.browser;
    const chatName = this.options.chat === 'group' ? settings.groupChats[0].name : undefined;
    const ui = await PlaygroundUi.open(context, this.playground.url, { chatName });
    this.state = { config, playground: this.playground, settings, ui };
  }

  /** Closes the browser, the Playground, the bot, what prepare started, and removes the temp dir; then reports what failed. */
  async stop(): Promise<void> {
    const { browser, playground, currentBot: bot, workDir, killPlaygroundOnExit } = this;
    const deferred = this.deferred.splice(0).reverse();
    this.state =
      this.browser =
      this.playground =
      this.currentBot =
      this.workDir =
      this.killPlaygroundOnExit =
        undefined;
    const steps: [string, Cleanup][] = [
      ['close Chromium', async () => (await browser?.catch(() => undefined))?.close()],
      ['stop the Agents Playground', () => playground?.stop()],
      ['close the bot', () => bot?.close()],
      ...deferred.map((cleanup, i): [string, Cleanup] => [`cleanup #${deferred.length - i} of prepare`, cleanup]),
      ['remove the work dir', () => workDir && rmSync(workDir, { recursive: true, force: true })],
    ];
    const failures: string[] = [];
    for (const [name, step] of steps) {
      try {
        await withTimeout(Promise.resolve().then(step), TEARDOWN_STEP_TIMEOUT_IN_MS, name);
      } catch (error) {
        failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    // A Playground whose stop timed out is killed rather than left behind.
    if (playground && playground.process.exitCode === null && playground.process.signalCode === null) playground.kill();
    if (killPlaygroundOnExit) process.off('exit', killPlaygroundOnExit);
    if (failures.length > 0) throw new Error(`teardown failed:\n${failures.join('\n')}`);
  }

  private started(): NonNullable<PlaygroundE2e['state']> {
    if (!this.state) throw new Error('the Playground e2e fixture is not started (use it inside tests)');
    return this.state;
  }
}

async function withTimeout<T>(promise: Promise<T>, timeoutInMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${timeoutInMs} ms`)), timeoutInMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Starts the fixture in beforeAll and stops it in afterAll of the calling test file. */
export function usePlaygroundE2e(options: PlaygroundE2eOptions): PlaygroundE2e {
  const e2e = new PlaygroundE2e(options);
  beforeAll(() => e2e.start(), options.setupTimeoutInMs ?? 100_000);
  afterAll(() => e2e.stop(), 120_000);
  return e2e;
}
