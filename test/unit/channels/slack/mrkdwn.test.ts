import { escapeMrkdwn, markdownToMrkdwn, mrkdwnCodeBlock, mrkdwnLink } from '../../../../src/channels/slack/mrkdwn.js';
import { literal } from '../../../../src/core/literal-text.js';

const ZWSP = '\u200b';
/** What a reader sees: zero-width spaces are invisible and Slack shows entities as their characters. */
const visible = (mrkdwn: string) =>
  mrkdwn.replaceAll(ZWSP, '').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

/**
 * Slack's formatting rule as its reference describes it: a marker opens after the start, whitespace or
 * punctuation and before a non-space, and closes after a non-space before the end, whitespace or
 * punctuation. A zero-width space is none of these, which is what the escaper relies on.
 */
function formatted(mrkdwn: string): boolean {
  return /(?:^|[\s([{.,;:!?'"-])([*_~`])[^\s*_~`](?:[^\n]*?[^\s])?\1(?=$|[\s)\]}.,;:!?'"-])/mu.test(mrkdwn);
}

const hostile = [
  '<!channel> [Click](https://evil.example) *URGENT*',
  '<https://evil.example|click>',
  '<@U024BE7LH> and <#C024BE7LR|general> and <!here> and <!subteam^S123|admins>',
  '&lt;!channel&gt; already escaped',
  '_italic_ ~strike~ `code` ```fence``` *bold*',
  '<mailto:someone@example.com|mail me> <tel:123|call>',
  '*nested _mix_ of* ~all~',
];

describe('escapeMrkdwn (the one escaper for text we did not write)', () => {
  test.each(hostile)('%s: no control sequence, no formatting, reads the same', (text) => {
    const escaped = escapeMrkdwn(text);
    expect(escaped).not.toMatch(/[<>]/);
    expect(escaped).not.toContain('](');
    expect(formatted(escaped)).toBe(false);
    expect(visible(escaped)).toBe(text);
  });

  test('the formatting check itself sees formatting in the unescaped strings', () => {
    expect(hostile.filter((t) => formatted(t))).toHaveLength(3);
  });

  test('entities: & first, so an escaped mention in the input stays text', () => {
    expect(escapeMrkdwn('a & b <c> &lt;!channel&gt;')).toBe('a &amp; b &lt;c&gt; &amp;lt;!channel&amp;gt;');
  });

  test('markers inside words are left alone (repository names, globs keep their look)', () => {
    expect(escapeMrkdwn('my_repo/app_web:v1_2')).toBe('my_repo/app_web:v1_2');
    expect(escapeMrkdwn('app/*')).toBe(`app/${ZWSP}*`);
    expect(escapeMrkdwn('*URGENT*')).toBe(`${ZWSP}*URGENT*${ZWSP}`);
  });

  test('in code only entities are escaped, and a fence cannot be closed from inside', () => {
    expect(escapeMrkdwn('a_b *c* <!channel>', 'code')).toBe('a_b *c* &lt;!channel&gt;');
    const block = mrkdwnCodeBlock('x\n```\n<!here> *y*');
    expect(block.match(/```/g)).toHaveLength(2);
    expect(visible(block)).toBe('```\nx\n```\n<!here> *y*\n```');
  });
});

describe('markdownToMrkdwn (the reply’s markdown subset)', () => {
  test('bold, italic, code, links, lists and headings', () => {
    expect(markdownToMrkdwn('Use **az acr login** or _docker login_ with `--password-stdin`.')).toBe(
      'Use *az acr login* or _docker login_ with `--password-stdin`.',
    );
    expect(markdownToMrkdwn('See [the docs](https://learn.example/acr?a=1&b=2) or https://x.example/p.')).toBe(
      'See <https://learn.example/acr?a=1&amp;b=2|the docs> or <https://x.example/p|https://x.example/p>.',
    );
    expect(markdownToMrkdwn('- one\n  * two\n## Title')).toBe('• one\n  • two\n*Title*');
  });

  test('text around and inside the constructs goes through the escaper', () => {
    const out = markdownToMrkdwn('<!channel> **<@U1> bold** [<!here>](https://ok.example) `<x>` *URGENT*');
    expect(out).not.toMatch(/<[!@#]/);
    expect(out).toContain('*&lt;@U1&gt; bold*');
    expect(out).toContain('<https://ok.example|&lt;!here&gt;>');
    expect(out).toContain('`&lt;x&gt;`');
    expect(formatted(out.replace('*&lt;@U1&gt; bold*', '').replace('`&lt;x&gt;`', ''))).toBe(false);
  });

  test('only http(s) links become links; a | or > in a URL cannot end the link early', () => {
    expect(markdownToMrkdwn('[x](javascript:alert(1))')).not.toContain('<');
    expect(mrkdwnLink('https://a.example/p|<b>', 'label|more')).toBe('<https://a.example/p%7C&lt;b&gt;|label|more>');
    expect(mrkdwnLink('ftp://a.example', 'label')).toBe('label');
  });
});

test('parts the core marked literal() are escaped, the markdown around them is converted (issue 15 item 4)', () => {
  const hostile = '[Click to approve](https://evil.example/x) **URGENT** <!channel>';
  const out = markdownToMrkdwn(`**Rejected** by ${literal(hostile)}`);
  expect(out.startsWith('*Rejected* by ')).toBe(true);
  expect(out).toContain(escapeMrkdwn(hostile));
  expect(out).not.toContain('<https://evil.example');
  expect(out).not.toContain('<!channel>');
  expect(out).not.toMatch(/[\uE000-\uE003]/);
});
