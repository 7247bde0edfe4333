/**
 * One bot replica as the chaos suite and the soak benchmark run it: `node --import tsx` on this file,
 * configured by the same environment as `npm run start:bot` (loadConfig). The only difference from
 * src/main.ts: the alert dispatcher's rate limits are lifted (CHAOS_UNLIMITED_ALERTS=1), so every alert
 * goes out as its own message and a duplicate or a loss shows as such at the connector; and a claim
 * holds 10 deliveries for 10 s (instead of 100 for 60 s), so what a killed replica held is taken over
 * quickly while a 'sent' record can still be retried (until 80 % of the lease) through a short outage.
 */
import { loadConfig } from '../../../src/config/index.js';
import { startBot } from '../../../src/main.js';

const unlimited = { capacity: 100_000, refillPerSecond: 100_000 };
const config = loadConfig();
const bot = await startBot(config, {
  alerts: {
    ...(process.env.CHAOS_INSTANCE_ID ? { instanceId: process.env.CHAOS_INSTANCE_ID } : {}),
    ...(process.env.CHAOS_UNLIMITED_ALERTS === '1'
      ? {
          dispatcher: {
            perConversation: unlimited,
            global: unlimited,
            pollIntervalInMs: 200,
            leaseInMs: 10_000,
            batchSize: 10,
          },
        }
      : {}),
  },
});
const stop = () => {
  bot.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
