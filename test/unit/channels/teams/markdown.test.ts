import fc from 'fast-check';
import { acrWebhookSchema, acrWebhookToAlert } from '../../../../src/features/alerts/payloads/acr-webhook.js';
import { alertToNeutralReply } from '../../../../src/features/alerts/neutral-reply.js';
import { renderAlert, renderDigest } from '../../../../src/features/alerts/render.js';
import { renderCard } from '../../../../src/channels/teams/cards/render.js';
import { fixture } from '../../../helpers/alerts.js';
import { literal, splitLiterals } from '../../../../src/core/literal-text.js';
import { escapeTeamsMarkdown, renderTeamsMarkdown } from '../../../../src/channels/teams/markdown.js';

/** Undoes CommonMark backslash escapes of ASCII punctuation: what a markdown renderer shows. */
const shown = (markdown: string) => markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');

describe('escapeTeamsMarkdown', () => {
  test.each([
    [
      '[Click to approve](https://evil.example/x) **URGENT**',
      '\\[Click to approve\\](https://evil.example/x) \\*\\*URGENT\\*\\*',
    ],
    ['_x_ `code` ~~gone~~ <at>Bo</at> \\', '\\_x\\_ \\`code\\` \\~\\~gone\\~\\~ \\<at>Bo\\</at> \\\\'],
    [
      '# Heading\n- item\n+ item\n> quote\n12. item\n3) item',
      '\\# Heading\n\\- item\n\\+ item\n\\> quote\n12\\. item\n3\\) item',
    ],
    // Ordinary text stays as it is: versions, IPs, dates, dashes inside words, "> 30d" mid-line.
    [
      'v1.2.3 127.0.0.1 01.06.2025 my-repo --filter a > b (x)',
      'v1.2.3 127.0.0.1 01.06.2025 my-repo --filter a > b (x)',
    ],
  ])('%j → %j', (input, escaped) => {
    expect(escapeTeamsMarkdown(input)).toBe(escaped);
    expect(shown(escapeTeamsMarkdown(input))).toBe(input);
  });

  test('for any string (fixed seed): the reader sees exactly the input, and no markdown syntax is live', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(
            '[',
            ']',
            '(',
            ')',
            '*',
            '_',
            '`',
            '~',
            '<',
            '>',
            '#',
            '-',
            '+',
            '1',
            '.',
            '\\',
            '\n',
            ' ',
            'a',
          ),
        }),
        (s) => {
          const escaped = escapeTeamsMarkdown(s);
          expect(shown(escaped)).toBe(s);
          expect(escaped).not.toMatch(/(?<!\\)(?:\\\\)*[[\]*_`<~]/);
          expect(escaped).not.toMatch(/^\s*(?:[-+#]|\d+[.)])(?:\s|$)/m);
        },
      ),
      { seed: 15, numRuns: 2000 },
    );
  });
});

describe('renderTeamsMarkdown (our markdown with literal parts)', () => {
  test('escapes only what was marked literal, and drops the markers', () => {
    const text = `**Rejected** by ${literal('[Bo](https://evil.example) **x**')}.`;
    expect(renderTeamsMarkdown(text)).toBe('**Rejected** by \\[Bo\\](https://evil.example) \\*\\*x\\*\\*.');
  });

  test('markers inside a value cannot end the literal early', () => {
    const sneaky = `a\uE001**b**`;
    expect(splitLiterals(`x ${literal(sneaky)} y`)).toEqual(['x ', 'a**b**', ' y']);
    expect(renderTeamsMarkdown(`x ${literal(sneaky)} y`)).toBe('x a\\*\\*b\\*\\* y');
  });
});

test('an ACR webhook whose actor.name and repository are hostile renders them literally on the alert card and in a digest', () => {
  const hostile = '[Click to approve](https://evil.example/x) **URGENT**';
  const payload = fixture('acr-push.json') as { actor: object; target: object };
  const event = acrWebhookToAlert(
    acrWebhookSchema.parse({
      ...payload,
      actor: { name: hostile },
      target: { ...payload.target, repository: `_${hostile}_` },
    }),
  )!;
  // The body is markdown; fallbackText (plain text) and button data are not rendered as markdown.
  const card = JSON.stringify(renderCard(alertToNeutralReply(renderAlert(event, 'en'))).body);
  expect(card).toContain(JSON.stringify(escapeTeamsMarkdown(hostile)).slice(1, -1));
  expect(card).not.toContain('[Click to approve](');
  expect(card).not.toContain('**URGENT**');
  const digest = JSON.stringify(
    renderCard(
      alertToNeutralReply(renderDigest(1, 'en', [{ type: 'push', target: hostile, count: 3, severity: 3 }], 5)),
    ).body,
  );
  expect(digest).not.toContain('[Click to approve](');
});
