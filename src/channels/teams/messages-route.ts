/**
 * POST /api/messages: the Bot Framework endpoint, as the Teams channel serves it. Unreadable bodies and
 * activities without what botbuilder needs are refused here (400/415) before any authentication or turn; JWT,
 * turn and response are the channel's (TeamsChannel.process).
 */
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { checkJsonRequestHeaders } from '../../core/json-request.js';

/**
 * An id the bot keys state, audit and replies on: no control characters (a NUL cannot be stored) and no
 * unpaired surrogate (it cannot be put in the reply's URL), and no channel sends either, so such an
 * activity is a 400 here rather than a turn that fails later.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const UNUSABLE_IN_ID = /[\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const activityId = (max: number, min = 0) =>
  z
    .string()
    .min(min)
    .max(max)
    .refine((id) => !UNUSABLE_IN_ID.test(id), 'control characters and unpaired surrogates are not allowed');
/** botbuilder sends the conversation id in an HTTP header (x-ms-conversation-id): printable ASCII only, as channels make them. */
const conversationId = z
  .string()
  .min(1)
  .max(1024)
  .regex(/^[\x20-\x7e]+$/, 'only printable ASCII is allowed');

/** The least an activity needs before botbuilder sees it; anything less is a 400, not a crash. */
const activitySchema = z
  .object({
    type: z.string().min(1).max(64),
    id: activityId(1024).optional(),
    channelId: activityId(256).optional(),
    replyToId: activityId(1024).optional(),
    serviceUrl: z.string().url().max(2048).optional(),
    conversation: z.object({ id: conversationId }).passthrough().optional(),
    from: z
      .object({ id: activityId(1024, 1) })
      .passthrough()
      .optional(),
    recipient: z
      .object({ id: activityId(1024) })
      .passthrough()
      .optional(),
    text: z.string().max(28_000).optional(),
  })
  .passthrough()
  .refine(
    (a) => a.type !== 'message' || (a.conversation && a.from && a.serviceUrl),
    'a message needs conversation, from and serviceUrl',
  );

export interface MessagesRouteOptions {
  bodyLimitInBytes: number;
  process(req: Request, res: Response): Promise<void>;
}

export function messagesRouter(options: MessagesRouteOptions): Router {
  const router = Router();
  // Reachability probes: the Agents Playground (and some proxies) send GET/HEAD/OPTIONS to the endpoint
  // with every message; they are not errors, so they are not 404s in /metrics either.
  router.options('/', (_req, res) => {
    res.setHeader('Allow', 'POST, GET, HEAD, OPTIONS');
    res.status(204).end();
  });
  router.get('/', (_req, res) => {
    res.type('text/plain').send('acr-chatops: POST Bot Framework activities here.\n');
  });
  router.post(
    '/',
    rejectUnreadableBodies,
    express.json({ limit: options.bodyLimitInBytes, strict: true }),
    async (req, res) => {
      const parsed = activitySchema.safeParse(req.body);
      if (!parsed.success) {
        res.status(400).json({
          error: 'invalid activity',
          problems: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`),
        });
        return;
      }
      await options.process(req, res);
    },
  );
  return router;
}

/** 400 for a content coding we cannot decode, 415 for a body that is not JSON (see core/json-request). */
const rejectUnreadableBodies: express.RequestHandler = (req, res, next) => {
  const rejection = checkJsonRequestHeaders(req.headers);
  if (!rejection) return next();
  res.status(rejection.status).json({ error: rejection.message });
};
