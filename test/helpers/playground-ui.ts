/**
 * The Agents Playground's web UI in headless Debian Chromium, for end-to-end tests: a free loopback
 * port for the bot, the browser, and the few gestures the tests need (type into the compose box, wait
 * for text).
 */
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A free loopback port (a bot that restarts must come back on the same one). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolvePort(port));
    });
  });
}

/** Starts Chromium with a fresh profile under workDir (start it early: it overlaps with the bot's start). */
export function launchChromium(workDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(join(workDir, 'chromium-profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 1800 },
  });
}

export class PlaygroundUi {
  private constructor(readonly page: Page) {}

  /** Opens the Playground and waits for its compose box. */
  static async open(context: BrowserContext, url: string): Promise<PlaygroundUi> {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url);
    const ui = new PlaygroundUi(page);
    await ui.composer().waitFor({ state: 'visible', timeout: 30_000 });
    return ui;
  }

  composer() {
    return this.page.locator('[data-lexical-editor="true"][role=textbox]');
  }

  /** Types a message as the user and sends it. */
  async say(text: string): Promise<void> {
    await this.composer().click();
    await this.page.keyboard.insertText(text);
    await this.page.keyboard.press('Enter');
  }

  /** How many elements show exactly `text` (card titles repeat in buttons and previews). */
  count(text: string): Promise<number> {
    return this.page.getByText(text, { exact: true }).count();
  }

  /** Waits until at least `count` elements show exactly `text`. */
  async waitForText(text: string, count = 1, timeoutInMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutInMs;
    while ((await this.count(text)) < count) {
      if (Date.now() > deadline) throw new Error(`"${text}" did not appear ${count}× within ${timeoutInMs} ms`);
      await this.page.waitForTimeout(200);
    }
  }
}
