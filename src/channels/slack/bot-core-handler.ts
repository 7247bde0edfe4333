/**
 * Today's BotCore (`handle(request) → reply | null`) as a Slack turn handler: the one reply goes where it
 * says (src/core/turn.ts `deliver`), and the reply learns its message id. Stands in until the core's own
 * turn runner takes `(request, sink)`.
 */
import type { BotCore } from '../../core/bot.js';
import { deliver } from '../../core/turn.js';
import type { SlackTurnHandler } from './app.js';

export function turnHandlerFromBotCore(core: Pick<BotCore, 'handle'>): SlackTurnHandler {
  return {
    async handle(request, sink) {
      const reply = await core.handle(request);
      if (!reply) return;
      const messageId = await deliver(reply, sink, request);
      if (messageId && reply.onPosted) await reply.onPosted(messageId);
    },
  };
}
