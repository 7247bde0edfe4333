/**
 * Parser for DocFX markdown (the 2019 zh-TW and sv translations): YAML front matter, headings with
 * English `<a name>` anchors (the topic map keys), DocFX alerts (`> [!NOTE]`) and fenced code.
 */
import { normalizeHeading } from './rendered-text.js';
import type { ParseOptions, RawEntry } from './raw-entry.js';

const HEADING = /^(#{1,6})\s+(?:<a\s+name="([^"]*)"\s*><\/a>)?\s*(.*?)\s*#*\s*$/;
const ALERT_LABELS: Record<string, string> = {
  NOTE: 'Note',
  IMPORTANT: 'Important',
  WARNING: 'Warning',
  TIP: 'Tip',
  CAUTION: 'Caution',
};

/** Body lines → card-friendly markdown: alerts become bold labels, sub-headings become bold lines. */
function bodyToMarkdown(lines: string[]): string {
  const out: string[] = [];
  let inFence = false;
  for (const line of lines) {
    const fence = /^(\s*)(```|~~~)/.exec(line);
    if (fence) {
      inFence = !inFence;
      out.push(inFence ? line.trim().replace(/^(```|~~~)\s*(\S*).*$/, '```$2') : '```');
      continue;
    }
    if (inFence) {
      out.push(line);
      continue;
    }
    const alert = /^>\s*\[!([A-Z]+)\]\s*$/.exec(line);
    if (alert) {
      out.push(`**${ALERT_LABELS[alert[1]!] ?? alert[1]}**`, '');
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      out.push(`**${heading[3]}**`, '');
      continue;
    }
    out.push(line.replace(/^>\s?/, '').replace(/^(\s*)\*\s+/, '$1- '));
  }
  if (inFence) out.push('```');
  // Fenced code keeps its content but not the list indentation the translation added around it.
  return dedentFences(out.join('\n'));
}

function dedentFences(markdown: string): string {
  return markdown.replace(/```(\w*)\n([\s\S]*?)\n```/g, (_m, lang: string, body: string) => {
    const lines = body.split('\n');
    const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)![0].length), 80);
    return (
      '```' +
      lang +
      '\n' +
      lines
        .map((l) => l.slice(indent).trimEnd())
        .join('\n')
        .trim() +
      '\n```'
    );
  });
}

export function parseDocfxMarkdown(text: string, options: ParseOptions): RawEntry[] {
  const body = text.replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, '');
  const entries: RawEntry[] = [];
  let current: { topic: string | null; question: string; lines: string[] } | null = null;
  let inFence = false;
  const close = (): void => {
    if (current)
      entries.push({ topic: current.topic, question: current.question, answer: bodyToMarkdown(current.lines) });
    current = null;
  };
  for (const line of body.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const heading = inFence ? null : HEADING.exec(line);
    if (heading) {
      const level = heading[1]!.length;
      const anchor = heading[2];
      const title = normalizeHeading(heading[3]!);
      const topic = anchor !== undefined ? options.anchors[anchor] : undefined;
      if (topic !== undefined) {
        close();
        current = { topic, question: title, lines: [] };
        continue;
      }
      if (level <= 2) {
        // Section headings (and the link lists under them) are navigation, not answers.
        close();
        continue;
      }
      if (/[?？]\s*$/.test(title) && level === 3) {
        close();
        current = { topic: null, question: title, lines: [] };
        continue;
      }
    }
    const split = inFence
      ? undefined
      : options.splits.find((s) => normalizeHeading(line).startsWith(normalizeHeading(s.startsWith)));
    if (split) {
      close();
      current = { topic: split.topic, question: split.question, lines: [line] };
      continue;
    }
    current?.lines.push(line);
  }
  close();
  return entries;
}
