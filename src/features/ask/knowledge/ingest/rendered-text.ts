/**
 * Parser for FAQ pages rendered to plain text (the Japanese and the German Stack Hub files): no markup,
 * so questions are recognised from the topic map's heading list (plus question-like lines, reported as
 * unmapped), and code is recognised line by line and fenced again.
 */
import { stripArtifacts } from './markup.js';
import type { ParseOptions, RawEntry } from './raw-entry.js';

const CODE_LINE: RegExp[] = [
  /^(?:az|docker)\s+\S+\s+\S+/, // az/docker commands with at least a verb and an argument
  /^(?:curl|sudo|apk|apt-get|grep|chroot|kubectl|helm|dd|notary|xargs)\s+\S+/,
  /^(?:FROM|RUN|COPY|CMD|ENTRYPOINT|WORKDIR)\s+\S/,
  /^\(?(?:Invoke|Get|Set|New|Remove)-[A-Z]/,
  /^[A-Za-z_][A-Za-z0-9_]*=\S/,
  /^[{}[\]],?$/,
  /^[{[]\s*"/,
  /^"[^"]*"\s*[:,\]]/,
  /^"\[/,
  /^<\?xml|^<[A-Z][A-Za-z]*>/,
  /^(?:RequestId|Time):\S/,
  /^Trying to pull /,
  /^unauthorized: /,
  /^\|\s*\S/,
  /^!\S/,
];

/** A Japanese sentence ("docker CLI を使用して…します。") starts like a command but is prose. */
const CJK_SENTENCE = /[ぁ-ヿ一-鿿].*[。．]$/;
/** An alert label ("Note", "重要") the renderer left indented inside a list item, right after its code. */
const LONE_WORD = /^\s*\p{L}+$/u;

export function looksLikeCode(line: string): boolean {
  const t = line.trim();
  return t !== '' && !CJK_SENTENCE.test(t) && CODE_LINE.some((re) => re.test(t));
}

const SENTENCE_END = /[.!?:;。！？：)）」”"]$/;
const QUESTION_LIKE = /^[^\s•\-*].{6,200}[?？]$/;

/**
 * The renderer also dropped the space before inline code (German file: "oderAcrPush", "wirdAcrPull",
 * "aus).Azure CLI"): a function word glued to a CamelCase identifier, or a sentence glued after ").".
 */
const GLUED_CODE =
  /\b(oder|und|wird|werden|die|der|das|den|dem|mit|von|für|als|zu|auf|Sie|or|and|the)(?=[A-Z][a-z]+[A-Z][A-Za-z]*\b)/g;
export function unglueInlineCode(line: string): string {
  return line.replace(GLUED_CODE, '$1 ').replace(/\)\.(?=[A-ZÄÖÜ][a-zäöü])/g, '). ');
}

/** Lines broken around inline code by the renderer (German file) are joined back into sentences. */
function joinBrokenLines(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const prev = out.length > 0 ? out[out.length - 1] : undefined;
    const t = line.trim();
    const continues =
      prev !== undefined &&
      prev.trim() !== '' &&
      t !== '' &&
      !looksLikeCode(prev) &&
      !looksLikeCode(t) &&
      (/^[,.:;)]/.test(t) || (/^[a-zäöüß]/.test(t) && !SENTENCE_END.test(prev.trim())));
    if (continues) out[out.length - 1] = /^[,.:;)]/.test(t) ? prev.trimEnd() + t : `${prev.trimEnd()} ${t}`;
    else out.push(line);
  }
  return out;
}

/** Turns the body lines of one entry into markdown: code fenced, bullets as "-", paragraphs separated. */
export function bodyToMarkdown(lines: string[]): string {
  const blocks: string[] = [];
  let code: string[] = [];
  let para: string[] = [];
  const flushCode = (): void => {
    if (code.length === 0) return;
    const indent = Math.min(...code.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)![0].length));
    blocks.push(
      '```\n' +
        code
          .map((l) => l.slice(indent).trimEnd())
          .join('\n')
          .trim() +
        '\n```',
    );
    code = [];
  };
  const flushPara = (): void => {
    if (para.length > 0) blocks.push(para.join('\n'));
    para = [];
  };
  for (const raw of joinBrokenLines(lines)) {
    const line = raw.replace(/\s+$/, '');
    if (line.trim() === '') {
      // A blank line ends a paragraph; code blocks may contain blank lines until prose resumes.
      flushPara();
      continue;
    }
    if (
      looksLikeCode(line) ||
      (code.length > 0 && /^\s{2,}[^\s•·]/.test(line) && !/[。．]$/.test(line) && !LONE_WORD.test(line))
    ) {
      flushPara();
      code.push(line);
      continue;
    }
    flushCode();
    const prose = unglueInlineCode(line);
    const bullet = /^\s*[•·]\s*(.*)$/.exec(prose) ?? /^\s*-\s+(.*)$/.exec(prose);
    if (bullet) {
      flushPara();
      blocks.push(`- ${bullet[1]!.trim()}`);
      continue;
    }
    const numbered = /^\s*(\d+)\.\s+(.*)$/.exec(prose);
    if (numbered) {
      flushPara();
      blocks.push(`${numbered[1]}. ${numbered[2]!.trim()}`);
      continue;
    }
    para.push(prose.trim());
  }
  flushPara();
  flushCode();
  // Consecutive list items read better without blank lines between them.
  return blocks.join('\n\n').replace(/^(- .*)\n\n(?=- )/gm, '$1\n');
}

export function normalizeHeading(line: string): string {
  return stripArtifacts(line).replace(/\s+/g, ' ').trim();
}

export function parseRenderedText(text: string, options: ParseOptions): RawEntry[] {
  const headings = new Map(Object.entries(options.headings).map(([q, t]) => [normalizeHeading(q), t]));
  const sections = new Set(options.sectionHeadings.map(normalizeHeading));
  const entries: RawEntry[] = [];
  let current: { topic: string | null; question: string; lines: string[] } | null = null;
  const close = (): void => {
    if (current)
      entries.push({ topic: current.topic, question: current.question, answer: bodyToMarkdown(current.lines) });
    current = null;
  };
  for (const rawLine of stripArtifacts(text).split(/\r?\n/)) {
    const heading = normalizeHeading(rawLine);
    const mapped = headings.get(heading);
    if (mapped !== undefined) {
      close();
      current = { topic: mapped, question: heading, lines: [] };
      continue;
    }
    if (sections.has(heading)) {
      close();
      continue;
    }
    const split = options.splits.find((s) => heading.startsWith(normalizeHeading(s.startsWith)));
    if (split) {
      close();
      current = { topic: split.topic, question: split.question, lines: [rawLine] };
      continue;
    }
    // An unlisted question-like line right after a blank line, at the top level, starts an unmapped entry.
    if (
      current &&
      QUESTION_LIKE.test(heading) &&
      !/^\s/.test(rawLine) &&
      heading.length < 160 &&
      !looksLikeCode(heading)
    ) {
      const prevLine = current.lines[current.lines.length - 1];
      if (prevLine === undefined || prevLine.trim() === '') {
        close();
        current = { topic: null, question: heading, lines: [] };
        continue;
      }
    }
    current?.lines.push(rawLine);
  }
  close();
  return entries;
}
