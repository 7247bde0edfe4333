/**
 * End to end with real parts only: the bot (real knowledge base, real PGlite in a temp dir) behind
 * its HTTP server, the Microsoft 365 Agents Playground as the Teams client, and its web UI driven in
 * headless Debian Chromium. Asks in Japanese, German and English, clicks "Did you mean" and 👍,
 * restarts the bot and finds the vote in the database. Saves test-artifacts/bot-answer-card*.png.
 */
import { jest } from '@jest/globals';
import { usePlaygroundE2e } from '../../helpers/playground-e2e.js';

jest.setTimeout(110_000);

const e2e = usePlaygroundE2e({ workDirPrefix: 'chatops-e2e-' });

const ask = (question: string) => e2e.ui.say(question);
const waitForText = (text: string, count?: number) => e2e.ui.waitForText(text, { count });
const countText = (text: string) => e2e.ui.count(text);
const page = () => e2e.ui.page;

test('asks in Japanese, German and English, follows "Did you mean", votes 👍, and the vote survives a restart', async () => {
  // Welcome card when the Playground adds the bot to the conversation.
  await waitForText('Hi, I answer questions about Azure Container Registry');

  // Japanese: the Japanese answer, with Japanese labels and the code block intact.
  const jaTitle = 'コンテナー レジストリの管理者の資格情報を取得するにはどうすればよいですか?';
  await ask('管理者の資格情報を取得するにはどうすればよいですか?');
  await waitForText(jaTitle);
  await waitForText('az acr credential show -n myRegistry');
  await page().getByRole('button', { name: '👍 役に立った' }).last().waitFor();
  await e2e.ui.card(jaTitle).screenshot({ path: e2e.artifact('bot-answer-card.png') });

  // German: German answer and a German "Did you mean" for the ARM-template variant.
  await ask('Wie erhalte ich die Administratoranmeldeinformationen für meine Registrierung?');
  await waitForText('Wie erhalte ich Administratoranmeldeinformationen für eine Containerregistrierung?');
  await waitForText('Meinten Sie');
  const alternative = 'Wie erhalte ich Administratoranmeldeinformationen in einer Resource Manager-Vorlage?';
  const before = await countText(alternative);
  await page().getByRole('button', { name: alternative }).last().click();
  await waitForText(alternative, before + 1); // the new answer card's title

  // 👍 on that answer: thanked in German.
  await page().getByRole('button', { name: '👍 Hilfreich' }).last().click();
  await waitForText('Danke für Ihr Feedback! Schön, dass es geholfen hat.');

  // English: answered in English from our translation, and the card says what it was translated from.
  await ask('Why does my registry quota not go down after deleting images?');
  await waitForText('Why does the registry quota usage not reduce after deleting images?');
  await waitForText('Translated by us from the 日本語 FAQ');

  // German, a topic the (Stack Hub) German FAQ lacks: the card says which language it shows instead.
  await ask('Unterstützen Tasks GitLab als Quelltrigger?');
  await waitForText('Does Tasks support GitLab for Source triggers?');
  await waitForText('Antwort auf English — auf Deutsch nicht verfügbar');

  await e2e.ui.card().screenshot({ path: e2e.artifact('bot-answer-card-fallback.png') });

  // Restart the bot on the same data dir: the vote is still there.
  const bot = await e2e.restartBot();
  const { rows } = await bot.db.query<{ topic: string; vote: string; locale: string; answer_lang: string }>(
    'SELECT topic, vote, locale, answer_lang FROM feedback',
  );
  expect(rows).toEqual([{ topic: 'admin-credentials-in-arm-template', vote: 'up', locale: 'de', answer_lang: 'de' }]);

  // …and answers again after the restart.
  await ask('Wie lösche ich alle Manifeste ohne Tag?');
  await waitForText('Wie lösche ich alle Manifeste, auf die kein Tag in einem Repository verweist?');
});
