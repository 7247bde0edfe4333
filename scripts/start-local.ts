/**
 * `npm start`: the bot on embedded defaults (PGlite under ./data, knowledge/ of this checkout, no Azure)
 * plus the Microsoft 365 Agents Playground as a local Teams client. Ctrl-C stops both.
 */
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from '../src/config/index.js';
import { startBot } from '../src/main.js';
import { ensurePlaygroundConfig } from './lib/playground-config.js';
import { startPlayground } from './lib/playground.js';

const repoRoot = resolve(import.meta.dirname, '..');

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
  if (config.teams) {
    process.stderr.write(
      'Note: Bot Framework credentials are set; the Playground is started without them and its requests will get 401.\n',
    );
  }
  const bot = await startBot(config);
  const playgroundPort = Number(process.env.TEAMSAPPTESTER_PORT ?? 56150);
  let playground;
  try {
    playground = await startPlayground({
      botEndpoint: `http://localhost:${bot.port}/api/messages`,
      port: playgroundPort,
      repoRoot,
      configPath: ensurePlaygroundConfig(resolve(config.dataDir, 'playground.yml')),
      logFile: resolve(config.dataDir, 'playground.log'),
    });
  } catch (err) {
    await bot.close();
    throw err;
  }

  process.stdout.write(
    [
      '',
      `  Bot:        ${bot.url}/api/messages   (health: ${bot.url}/healthz, metrics: ${bot.url}/metrics)`,
      `  Playground: ${playground.url}`,
      '',
      `  Open ${playground.url} in your browser and ask, e.g. "How do I get admin credentials?"`,
      '  or "レジストリの管理者資格情報を取得するには?". Ctrl-C stops both.',
      '',
    ].join('\n') + '\n',
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await Promise.allSettled([playground.stop(), bot.close()]);
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  playground.process.once('exit', (code) => {
    if (!stopping) {
      process.stderr.write(`Agents Playground exited (${code}); stopping the bot.\n`);
      void stop();
    }
  });
}

main().catch((err) => {
  process.stderr.write(`npm start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
