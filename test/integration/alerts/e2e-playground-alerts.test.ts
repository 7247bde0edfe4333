/**
 * Alerts end to end with real parts only: the bot (npm start:bot's startBot, PGlite in a temp dir, the
 * real OCI client for CHATOPS_REGISTRIES) behind its HTTP server, a real Distribution registry
 * (Debian docker-registry), the Microsoft 365 Agents Playground as the Teams client, its web UI in
 * headless Debian Chromium. A chat subscribes by typing; ACR webhooks POSTed to the bot appear as alert
 * cards (proactive messages through the Playground's connector); "Show tags" lists the real registry's
 * tags; the subscription survives a bot restart. Saves test-artifacts/alert-card*.png.
 */
import { jest } from '@jest/globals';
import { fixture } from '../../helpers/alerts.js';
import { usePlaygroundE2e } from '../../helpers/playground-e2e.js';
import { ImagePusher } from '../../helpers/registry/image-pusher.js';
import { startLocalRegistry } from '../../helpers/registry/local-registry.js';

jest.setTimeout(110_000);

const SECRET = 'e2e-webhook-secret-0123456789';

const e2e = usePlaygroundE2e({
  workDirPrefix: 'chatops-alerts-e2e-',
  prepare: async ({ defer }) => {
    const registry = await startLocalRegistry();
    defer(() => registry.stop());
    const pusher = new ImagePusher({ url: registry.url });
    try {
      await pusher.pushImage({
        repository: 'app/web',
        tags: ['v1'],
        createdAt: new Date(Date.now() - 3 * 86_400_000),
        label: 'one',
      });
      await pusher.pushImage({
        repository: 'app/web',
        tags: ['v2', 'latest'],
        createdAt: new Date(Date.now() - 86_400_000),
        label: 'two',
      });
    } finally {
      pusher.close();
    }
    return {
      CHATOPS_LOG_LEVEL: 'error',
      CHATOPS_ALERTS_ACR_SECRET: SECRET,
      CHATOPS_REGISTRIES: `myregistry=${registry.url}`,
    };
  },
});

function postWebhook(body: string, secret: string | null = SECRET): Promise<Response> {
  return fetch(`${e2e.bot.url}/api/alerts/acr`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret ? { 'x-acr-webhook-secret': secret } : {}) },
    body,
  });
}

function pushPayload(id: string, tag: string): string {
  const push = fixture<{ id: string; target: Record<string, unknown> }>('acr-push.json');
  return JSON.stringify({ ...push, id, timestamp: new Date().toISOString(), target: { ...push.target, tag } });
}

test('a chat subscribes by message; webhooks arrive as alert cards; Show tags reads the registry; the subscription survives a restart', async () => {
  const ui = e2e.ui;
  await ui.waitForText('Hi, I answer questions about Azure Container Registry');

  await ui.say('subscribe this channel to pushes in myregistry for app/*');
  await ui.waitForText('Subscribed this conversation to pushes, chart pushes — myregistry/app/* (#1).');

  // Receivers: wrong or missing secret 401, malformed 400 — and nothing of that reaches the chat.
  expect((await postWebhook(pushPayload('e2e-bad-secret', 'nope'), 'wrong-secret-wrong-secret')).status).toBe(401);
  expect((await postWebhook(pushPayload('e2e-no-secret', 'nope'), null)).status).toBe(401);
  expect((await postWebhook('{"action": "push", "target": ')).status).toBe(400);
  expect((await postWebhook(JSON.stringify({ action: 'push', target: { repository: 42 } }))).status).toBe(400);

  const accepted = await postWebhook(pushPayload('e2e-push-1', 'v1'));
  expect(accepted.status).toBe(202);
  await ui.waitForText('Image pushed: app/web:v1');
  const card = ui.card('Image pushed: app/web:v1');
  await card.getByText('Sev3 · Informational', { exact: true }).waitFor();
  await card.getByText('sha256:80f0d5c8786b', { exact: true }).waitFor();
  await card.screenshot({ path: e2e.artifact('alert-card.png') });
  expect(await ui.count('Image pushed: app/web:nope')).toBe(0);

  // The card's button lists the tags of the real registry (CHATOPS_REGISTRIES), newest first.
  await card.getByRole('button', { name: 'Show tags' }).click();
  await ui.waitForText('Tags of myregistry/app/web');
  const tags = ui.card('Tags of myregistry/app/web');
  for (const tag of ['v1', 'v2', 'latest']) await tags.getByText(tag, { exact: true }).waitFor();
  await tags.screenshot({ path: e2e.artifact('alert-card-tags.png') });

  // Restart on the same data dir and port: the subscription is still there and the next push arrives.
  await e2e.restartBot();
  expect((await postWebhook(pushPayload('e2e-push-2', 'v2'))).status).toBe(202);
  await ui.waitForText('Image pushed: app/web:v2');
  // A repeated delivery of the same webhook (same id) is not shown twice.
  expect((await postWebhook(pushPayload('e2e-push-2', 'v2'))).status).toBe(202);
  await ui.page.waitForTimeout(1500);
  expect(await ui.count('Image pushed: app/web:v2')).toBe(1);
});
