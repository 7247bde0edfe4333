/**
 * The Agents Playground's web UI in headless Debian Chromium, for end-to-end tests: the browser and the
 * few gestures the tests need (type into the compose box, wait for text, find a card).
 */
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts Chromium with a fresh profile under workDir (start it early: it overlaps with the bot's start). */
export function launchChromium(workDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(join(workDir, 'chromium-profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    // Tall, so a whole request card (preview → report) fits on screen.
    viewport: { width: 1280, height: 2000 },
  });
}

export interface OpenPlaygroundOptions {
  /** Name of a conversation in the chat list to open first (default: the personal chat the Playground shows). */
  chatName?: string;
}

export interface WaitForTextOptions {
  /** At least this many elements (card titles repeat in buttons and previews); default 1. */
  count?: number;
  /** Whole-text match (default) or substring. */
  exact?: boolean;
  timeoutInMs?: number;
}

export class PlaygroundUi {
  private constructor(readonly page: Page) {}

  /** Opens the Playground (and a chat) and waits for the compose box. */
  static async open(context: BrowserContext, url: string, options: OpenPlaygroundOptions = {}): Promise<PlaygroundUi> {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url);
    if (options.chatName) await page.getByText(options.chatName, { exact: true }).first().click();
    const ui = new PlaygroundUi(page);
    await ui.composer().waitFor({ state: 'visible', timeout: 30_000 });
    return ui;
  }

  composer(): Locator {
    return this.page.locator('[data-lexical-editor="true"][role=textbox]');
  }

  /** Types a message as the user and sends it. */
  async say(text: string): Promise<void> {
    await this.composer().click();
    await this.page.keyboard.insertText(text);
    await this.page.keyboard.press('Enter');
  }

  /** The newest Adaptive Card (that shows `hasText`). */
  card(hasText?: string): Locator {
    return this.page.locator('.ac-adaptiveCard', hasText === undefined ? {} : { hasText }).last();
  }

  /** How many elements show `text` (exactly, unless `exact: false`). */
  count(text: string, exact = true): Promise<number> {
    return this.page.getByText(text, { exact }).count();
  }

  /** Waits until enough elements show `text`. */
  async waitForText(text: string, options: WaitForTextOptions = {}): Promise<void> {
    const { count = 1, exact = true, timeoutInMs = 20_000 } = options;
    const deadline = Date.now() + timeoutInMs;
    while ((await this.count(text, exact)) < count) {
      if (Date.now() > deadline) throw new Error(`"${text}" did not appear ${count}× within ${timeoutInMs} ms`);
      await this.page.waitForTimeout(200);
    }
  }
}
