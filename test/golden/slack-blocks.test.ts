/**
 * Golden files pin the Block Kit messages rendered from the same neutral replies as the Teams cards
 * (fixtures/replies.ts, fixtures/act-replies.ts): one JSON file per message under test/golden/slack/.
 * `UPDATE_GOLDEN=1 npm run test:unit -- test/golden` rewrites them after an intended change.
 */
import { join } from 'node:path';
import { renderMessage } from '../../src/channels/slack/blocks/render.js';
import type { NeutralReply, ReplyAction } from '../../src/core/model.js';
import { blockKitViolations, buttonPayloads } from '../helpers/slack/block-kit-limits.js';
import { actReplyCases } from './fixtures/act-replies.js';
import { replyCases } from './fixtures/replies.js';
import { expectGolden } from './golden-file.js';

const GOLDEN_DIR = join(import.meta.dirname, 'slack');
const cases: Record<string, () => NeutralReply> = { ...replyCases, ...actReplyCases };

const replyButtons = (reply: NeutralReply): ReplyAction[] => [
  ...reply.sections.flatMap((s) => s.actions ?? []),
  ...reply.actions,
];

describe('Slack Block Kit renderer (golden)', () => {
  test('every reply of the Teams goldens has its own Slack golden (no two fixtures share a name)', () => {
    expect(Object.keys(cases)).toHaveLength(Object.keys(replyCases).length + Object.keys(actReplyCases).length);
  });

  test.each(Object.keys(cases))('%s', (name) => {
    expectGolden(GOLDEN_DIR, name, renderMessage(cases[name]()));
  });

  test.each(Object.keys(cases))('%s stays within Block Kit limits', (name) => {
    expect(blockKitViolations(renderMessage(cases[name]()))).toEqual([]);
  });

  test('buttons carry exactly the verb and data of the reply’s actions, in order, and no identity', () => {
    for (const name of Object.keys(cases)) {
      const reply = cases[name]();
      const payloads = buttonPayloads(renderMessage(reply).blocks);
      expect(payloads).toEqual(replyButtons(reply).map((a) => ({ verb: a.verb, data: a.data })));
      // Approval buttons in the approver's view: the request id and plan hash only, as on the Teams card.
      if (name === 'approver-view-de') {
        expect(payloads).toEqual([
          { verb: 'act.approve', data: { requestId: 'req-0001', planHash: 'b'.repeat(64) } },
          { verb: 'act.reject', data: { requestId: 'req-0001', planHash: 'b'.repeat(64) } },
        ]);
      }
      expect(JSON.stringify(payloads)).not.toMatch(/aad:|8:orgid:|slack:|teams:/);
    }
  });

  test('the form renders one input per field with the wizard’s localized messages under the fields', () => {
    const message = renderMessage(cases['form-errors-ja']());
    const inputs = message.blocks.filter((b) => b.type === 'input');
    const fields = cases['form-errors-ja']().sections.flatMap((s) => s.inputs ?? []);
    expect(inputs.map((b) => b.block_id)).toEqual(fields.map((f) => f.id));
    const text = JSON.stringify(message);
    expect(text).toContain('タグのフィルターが有効な正規表現ではありません');
    expect(text).toContain('0 から 10000 までの整数を指定してください');
  });

  test('a code section is one fenced block that keeps its lines and indentation', () => {
    const message = renderMessage({
      kind: 'answer',
      lang: 'en',
      summary: 's',
      badges: [],
      links: [],
      actions: [],
      sections: [{ code: { text: 'a\n  b\n\nc <x>' } }],
    });
    expect(message.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', verbatim: true, text: '```\na\n  b\n\nc &lt;x&gt;\n```' } },
    ]);
  });
});
