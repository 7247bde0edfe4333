import type { KnownBlock, SectionBlock } from '@slack/types';
import { parseButtonValue, renderButton } from '../../../../src/channels/slack/blocks/buttons.js';
import { fitText, splitText } from '../../../../src/channels/slack/blocks/limits.js';
import { renderMessage } from '../../../../src/channels/slack/blocks/render.js';
import type { NeutralReply, ReplyAction, ReplySection } from '../../../../src/core/model.js';
import { blockKitViolations } from '../../../helpers/slack/block-kit-limits.js';

const DOCS = 'https://learn.microsoft.com/azure/container-registry/container-registry-faq';
const reply = (sections: ReplySection[], extra: Partial<NeutralReply> = {}): NeutralReply => ({
  kind: 'answer',
  lang: 'en',
  title: 'Question',
  summary: 'Question',
  badges: [],
  sections,
  links: [{ label: 'Open the official documentation', url: DOCS }],
  actions: [],
  ...extra,
});
const sectionTexts = (blocks: KnownBlock[]) =>
  blocks.filter((b): b is SectionBlock => b.type === 'section' && !!b.text).map((b) => b.text!.text);
const paragraph = (i: number, length: number) =>
  `Paragraph ${i}: ${'word '.repeat(length / 5)}`.slice(0, length).trim();

describe('Block Kit limits: long content is split or cut cleanly', () => {
  test('a long answer is cut at a paragraph boundary with a read-more link to the documentation', () => {
    const paragraphs = Array.from({ length: 80 }, (_, i) => paragraph(i, 2900));
    const message = renderMessage(reply([{ text: paragraphs.join('\n\n') }]));
    expect(blockKitViolations(message)).toEqual([]);
    expect(message.blocks).toHaveLength(50);
    const texts = sectionTexts(message.blocks);
    // Every kept block is one whole paragraph, in order, and the first ones are all there.
    expect(texts).toEqual(paragraphs.slice(0, texts.length));
    const readMore = message.blocks[message.blocks.length - 2];
    expect(readMore).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', verbatim: true, text: `… <${DOCS}|Open the official documentation>` }],
    });
  });

  test('a long code section becomes several closed fences split between lines, nothing lost', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `  line ${i} <tag> & ${'x'.repeat(i % 50)}`);
    const message = renderMessage(
      reply([{ text: 'Before.' }, { code: { text: lines.join('\n') } }, { text: 'After.' }]),
    );
    expect(blockKitViolations(message)).toEqual([]);
    const fences = sectionTexts(message.blocks).filter((t) => t.startsWith('```'));
    expect(fences.length).toBeGreaterThan(1);
    for (const fence of fences) expect(fence).toMatch(/^```\n[^`]*\n```$/);
    const kept = fences.flatMap((f) => f.slice(4, -4).split('\n'));
    expect(kept).toEqual(lines.map((l) => l.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')));
    expect(sectionTexts(message.blocks).at(-1)).toBe('After.');
  });

  test('when the cut falls inside a long code section every kept fence is still closed', () => {
    const code = Array.from({ length: 3000 }, (_, i) => `echo ${i} ${'y'.repeat(60)}`).join('\n');
    const message = renderMessage(reply([{ text: 'Run this:' }, { code: { text: code } }]));
    expect(blockKitViolations(message)).toEqual([]);
    for (const text of sectionTexts(message.blocks).filter((t) => t.includes('```')))
      expect(text.match(/```/g)).toHaveLength(2);
    expect(JSON.stringify(message.blocks.at(-2))).toContain(DOCS);
  });

  test('text that grows when escaped (& → &amp;) is split on what is sent, not on the source', () => {
    const message = renderMessage(reply([{ text: 'a & b & '.repeat(1000) }]));
    expect(blockKitViolations(message)).toEqual([]);
    expect(sectionTexts(message.blocks).length).toBeGreaterThan(5);
  });

  test('a title longer than a header stays whole as bold text; a short one is a header', () => {
    const long = 'Why '.repeat(60).trim() + '?';
    expect(renderMessage(reply([], { title: long })).blocks[0]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', verbatim: true, text: `*${long}*` },
    });
    expect(renderMessage(reply([])).blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Question', emoji: true },
    });
  });

  test('worst case: every field at its maximum and hostile text stays within every limit', () => {
    const huge = (n: number) =>
      `<!channel> *URGENT* [Click](https://evil.example) <https://evil.example|click> & ${'長い文字列 '.repeat(n)}`;
    const actions = (n: number, verb: string): ReplyAction[] =>
      Array.from({ length: n }, (_, i) => ({
        verb,
        label: huge(40),
        data: { topic: `t${i}`, question: '質'.repeat(300) },
        style: 'danger',
      }));
    const worst: NeutralReply = {
      kind: 'answer',
      lang: 'ja',
      title: huge(2000),
      summary: huge(20_000),
      badges: Array.from({ length: 20 }, () => ({ text: huge(1000), tone: 'attention' as const })),
      // Each kind of content at its maximum, the lot twice: more than 50 blocks' worth.
      sections: [1, 2].flatMap(() => [
        { title: huge(1000), facts: Array.from({ length: 25 }, () => ({ label: huge(1000), value: huge(2000) })) },
        {
          inputs: Array.from({ length: 3 }, (_, i) => ({
            id: `f${i}`,
            label: huge(1000),
            type: 'text' as const,
            placeholder: huge(100),
            required: true,
            error: huge(1000),
            value: 'v',
          })),
        },
        { code: { text: `${'z'.repeat(10_000)}\n\`\`\`\n${huge(2000)}` } },
        { actions: actions(30, 'faq.topic') },
        { text: `${huge(3000)}\n\n${'x'.repeat(10_000)}\n${'- item & <b>\n'.repeat(500)}` },
      ]),
      links: Array.from({ length: 3 }, () => ({ label: huge(100), url: DOCS })),
      actions: actions(30, 'faq.feedback'),
    };
    const message = renderMessage(worst);
    expect(blockKitViolations(message)).toEqual([]);
    expect(message.blocks).toHaveLength(50);
    // mrkdwn is where Slack reads control sequences; plain_text (headers, buttons, labels) is shown as is.
    const fieldsAndContext = message.blocks
      .flatMap((b) => (b.type === 'context' ? b.elements : b.type === 'section' ? (b.fields ?? []) : []))
      .map((e) => (e as { text: string }).text);
    const all = [message.text, ...fieldsAndContext, ...sectionTexts(message.blocks)];
    expect(fieldsAndContext.length).toBeGreaterThan(20);
    expect(all.filter((t) => /<!channel>|<https:\/\/evil\.example\|click>/.test(t))).toEqual([]);
    // Facts, badges, errors and the notification text are not markdown: no link at all. (Section text is the
    // core's markdown, where a [label](url) is a link on Teams and Slack alike.)
    expect([message.text, ...fieldsAndContext].filter((t) => t.includes('<https://evil'))).toEqual([]);
  });
});

test('the independent limit check reports what Block Kit would refuse', () => {
  const tooMany = Array.from({ length: 51 }, () => ({ type: 'divider' as const }));
  expect(blockKitViolations({ text: 't', blocks: tooMany })).toContain('51 blocks > 50');
  const long = { type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'x'.repeat(3001) } };
  expect(blockKitViolations({ text: 't', blocks: [long] })).toEqual(['block 0 (section): 3001 characters > 3000']);
  const header = { type: 'header' as const, text: { type: 'plain_text' as const, text: 'h'.repeat(151) } };
  expect(blockKitViolations({ text: 't', blocks: [header] })).toEqual(['block 0 (header): 151 characters > 150']);
});

describe('buttons', () => {
  test('the value round-trips to the verb and data, and anything else is refused', () => {
    const button = renderButton(
      { verb: 'act.approve', label: 'Approve', data: { requestId: 'req-1', planHash: 'ab' }, style: 'primary' },
      3,
    );
    expect(button).toMatchObject({ action_id: 'act.approve:3', style: 'primary' });
    expect(parseButtonValue(button.value)).toEqual({
      verb: 'act.approve',
      data: { requestId: 'req-1', planHash: 'ab' },
    });
    for (const bad of [
      undefined,
      '',
      'not json',
      '{}',
      '[]',
      '{"verb":"x"}',
      '{"verb":"x","data":[]}',
      '{"verb":"x","data":{"a":{"b":1}}}',
      '{"verb":1,"data":{}}',
      `{"verb":"x","data":{"a":"${'a'.repeat(2000)}"}}`,
    ]) {
      expect(parseButtonValue(bad)).toBeNull();
    }
  });

  test('a value too large for Block Kit is a bug in the reply builder and fails loudly', () => {
    expect(() =>
      renderButton({ verb: 'x', label: 'X', data: { blob: 'b'.repeat(2000) }, style: 'default' }, 0),
    ).toThrow(/2000/);
  });
});

describe('fitText and splitText', () => {
  test('fitText cuts at a word where one is near and never splits a surrogate pair', () => {
    expect(fitText('alpha beta gamma', 12)).toBe('alpha beta…');
    expect(fitText('😀😀😀', 4)).toBe('😀…');
  });

  test('splitText prefers paragraphs, then lines, then words, and loses no word', () => {
    expect(splitText('aaa\n\nbbb\nccc', 8, (t) => t)).toEqual(['aaa', 'bbb\nccc']);
    expect(splitText('aaaa bbbb cccc', 9, (t) => t)).toEqual(['aaaa bbbb', 'cccc']);
    expect(splitText('abcdefghij', 4, (t) => t)).toEqual(['abcd', 'efgh', 'ij']);
  });
});
