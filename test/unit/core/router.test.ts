import { CommandRouter, type RouteContext } from '../../../src/core/router.js';
import type { NeutralReply } from '../../../src/core/model.js';
import { request } from '../../helpers/bot-fakes.js';

/** A route context without features to decorate answers (the core passes its decorators). */
const context: RouteContext = {
  lang: 'en',
  decorateAnswer: async (reply) => reply,
  decorateMiss: async (reply) => reply,
};

const reply = (summary: string): NeutralReply => ({
  kind: 'answer',
  lang: 'en',
  summary,
  badges: [],
  sections: [],
  links: [],
  actions: [],
});

describe('CommandRouter', () => {
  test('a parsed text route parses each message once and hands the result to its handler', async () => {
    const parses: string[] = [];
    const router = new CommandRouter()
      .onParsed(
        (text) => (parses.push(text), /^purge (\S+)$/.exec(text)?.[1]),
        async (_req, _ctx, repository) => reply(`purge of ${repository}`),
      )
      .fallback(async () => reply('faq'));
    const handler = router.resolve(request({ text: 'purge app' }))!;
    expect(parses).toEqual(['purge app']);
    expect((await handler(request({ text: 'purge app' }), context))?.summary).toBe('purge of app');
    expect(parses).toEqual(['purge app']); // the handler did not parse again
    expect((await router.resolve(request({ text: 'how do I purge?' }))!(request(), context))?.summary).toBe('faq');
  });

  test('text routes are tried in order; buttons go by verb, unknown verbs to the unknown-action handler', async () => {
    const router = new CommandRouter()
      .onText(
        (text) => text === 'help',
        async () => reply('help'),
      )
      .onParsed(
        (text) => (text.startsWith('h') ? text : null),
        async () => reply('h-words'),
      )
      .onAction('act.approve', async () => reply('approve'))
      .onUnknownAction(async () => reply('unknown'));
    const run = async (req: ReturnType<typeof request>) => (await router.resolve(req)!(req, context))?.summary;
    expect(await run(request({ text: 'help' }))).toBe('help');
    expect(await run(request({ text: 'hello' }))).toBe('h-words');
    expect(await run(request({ action: { verb: 'act.approve', data: {} }, origin: 'button' }))).toBe('approve');
    expect(await run(request({ action: { verb: 'nope', data: {} }, origin: 'button' }))).toBe('unknown');
    expect(router.resolve(request({ text: 'other' }))).toBeUndefined();
  });
});
