// npm run package [-- --out path/to/app.zip]
// Builds the Teams app package (default build/appPackage.zip) from appPackage/, with ids from the
// environment or .env: BOT_ID (or MicrosoftAppId), optional TEAMS_APP_ID, BOT_DOMAIN, APP_VERSION,
// APP_WEBSITE_URL, APP_PRIVACY_URL, APP_TERMS_URL. See README "Teams app package".
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { relative } from 'node:path';
import { buildTeamsAppPackage, TeamsAppPackageError } from './teams-app/package.js';

const { values } = parseArgs({ options: { out: { type: 'string' }, source: { type: 'string' } } });
if (existsSync('.env')) process.loadEnvFile('.env'); // variables already set win

try {
  const result = await buildTeamsAppPackage({ outputPath: values.out, sourceDir: values.source });
  for (const warning of result.warnings) console.warn(`warning: ${warning}`);
  const bot = (result.manifest.bots as { botId: string }[])[0];
  const shownPath = relative(process.cwd(), result.outputPath);
  console.log(`Teams app package: ${shownPath.startsWith('..') ? result.outputPath : shownPath}`);
  console.log(
    `  app id ${String(result.manifest.id)}, bot id ${bot.botId}, version ${String(result.manifest.version)}`,
  );
  console.log(`  files: ${result.files.join(', ')}`);
} catch (error) {
  console.error(
    error instanceof TeamsAppPackageError ? error.message : `Packaging failed: ${(error as Error).message}`,
  );
  process.exitCode = 1;
}
