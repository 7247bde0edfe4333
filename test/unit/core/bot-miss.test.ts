/**
 * The core's miss hook (ChatFeature.decorateMiss): an abstention and a 👎 on an answer are handed to the
 * features with the question as asked and what else it might have meant; a question a feature only asked
 * the FAQ about (Ask's answerOrNull) is not a miss. The matcher is the small FakeMatcher of test/helpers.
 */
import type { ChatFeature, MissContext } from '../../../src/core/feature.js';
import type { AskFeature } from '../../../src/features/ask/feature.js';
import { VERBS, type NeutralReply } from '../../../src/core/model.js';
import type { CommandRouter } from '../../../src/core/router.js';
import { FakeMatcher, MemoryFeedbackStore, MemoryLogger, request, askBotCore } from '../../helpers/bot-fakes.js';

class MissRecorder implements ChatFeature {
  readonly misses: Omit<MissContext, 'request'>[] = [];
  answerFaq?: AskFeature['answerOrNull'];
  register(router: CommandRouter): void {
    // A feature that asks the FAQ and shows nothing when it abstains.
    router.onText(
      (text) => text.startsWith('quietly '),
      async (req, ctx) => (await this.answerFaq!(req.text!.slice(8), req, ctx)) ?? null,
    );
  }
  decorateMiss(reply: NeutralReply, { request: _request, ...miss }: MissContext): NeutralReply {
    this.misses.push(miss);
    return { ...reply, sections: [...reply.sections, { title: 'Which of these did you mean?' }] };
  }
}

function setup() {
  const recorder = new MissRecorder();
  const feedback = new MemoryFeedbackStore();
  const core = askBotCore({
    matcher: new FakeMatcher(),
    feedback,
    logger: new MemoryLogger(),
    defaultLang: 'en',
    features: [recorder],
  });
  recorder.answerFaq = core.ask.answerOrNull;
  return { core, recorder, feedback };
}

test('an abstention is a miss with the runners-up as suggestions, and the feature adds to the reply', async () => {
  const { core, recorder } = setup();
  const reply = await core.reply(request({ text: 'what is the meaning of life' }));
  expect(reply?.kind).toBe('abstain');
  expect(reply?.sections.at(-1)?.title).toBe('Which of these did you mean?');
  expect(recorder.misses).toEqual([
    {
      kind: 'abstain',
      question: 'what is the meaning of life',
      questionLang: 'en',
      suggestions: ['admin-credentials', 'delete-image'],
    },
  ]);
});

test('👎 on an answer carries the question as asked and is a miss without the answered topic; 👍 is not', async () => {
  const { core, recorder, feedback } = setup();
  const answer = await core.reply(request({ text: 'How do I get admin credentials?' }));
  const down = answer!.actions.find((a) => a.data.vote === 'down')!;
  const up = answer!.actions.find((a) => a.data.vote === 'up')!;
  expect(down.data.asked).toBe('How do I get admin credentials?');
  expect(up.data.asked).toBeUndefined();

  await core.reply(request({ action: { verb: VERBS.feedback, data: up.data }, origin: 'button' }));
  expect(recorder.misses).toEqual([]);
  const thanks = await core.reply(request({ action: { verb: VERBS.feedback, data: down.data }, origin: 'button' }));
  expect(thanks?.kind).toBe('feedback');
  expect(thanks?.sections.at(-1)?.title).toBe('Which of these did you mean?');
  expect(recorder.misses).toEqual([
    {
      kind: 'down',
      question: 'How do I get admin credentials?',
      questionLang: 'en',
      suggestions: ['delete-image'],
      answeredTopic: 'admin-credentials',
    },
  ]);
  expect(feedback.records.map((r) => r.vote)).toEqual(['up', 'down']);
});

test('a question a feature only asked the FAQ about is not a miss', async () => {
  const { core, recorder } = setup();
  expect(await core.reply(request({ text: 'quietly what is the meaning of life' }))).toBeNull();
  expect(recorder.misses).toEqual([]);
});
