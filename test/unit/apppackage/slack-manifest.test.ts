import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { APP_PACKAGE_DIR } from './helpers.js';

interface SlackManifest {
  display_information: { name: string; long_description: string };
  features: { bot_user: { display_name: string }; slash_commands: { command: string; url: string }[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { request_url: string; bot_events: string[] }; interactivity: { is_enabled: boolean; request_url: string } };
}

describe('Slack app manifest (appPackage/slack/manifest.yaml)', () => {
  const manifest = parse(readFileSync(join(APP_PACKAGE_DIR, 'slack', 'manifest.yaml'), 'utf8'), { strict: true, uniqueKeys: true }) as SlackManifest;

  it('declares a bot user and the /acr slash command', () => {
    expect(manifest.features.bot_user.display_name).toBe('acr-chatops');
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(['/acr']);
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['commands', 'chat:write', 'app_mentions:read', 'im:history']));
  });

  it('subscribes to mentions and direct messages, with interactivity on', () => {
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(['app_mention', 'message.im']);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('sends every request to /slack/events on the bot host', () => {
    const urls = [manifest.settings.event_subscriptions.request_url, manifest.settings.interactivity.request_url, ...manifest.features.slash_commands.map((c) => c.url)];
    for (const url of urls) expect(url).toBe('https://<your-host>/slack/events');
  });

  it('has a long description Slack accepts (174–4000 characters)', () => {
    expect(manifest.display_information.long_description.length).toBeGreaterThanOrEqual(174);
    expect(manifest.display_information.long_description.length).toBeLessThanOrEqual(4000);
  });
});
