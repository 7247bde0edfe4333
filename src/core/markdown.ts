import type { ReplySection } from './model.js';

/**
 * Splits FAQ answer markdown into reply sections: prose stays markdown, fenced code becomes a `code`
 * section and tables become facts (two columns) or preformatted text. Chat cards (Adaptive Cards,
 * Block Kit) render only a small markdown subset, so these must be separate blocks.
 */
export function markdownToSections(markdown: string): ReplySection[] {
  const sections: ReplySection[] = [];
  const prose: string[] = [];
  const flushProse = () => {
    const text = prose
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
    if (text) sections.push({ text });
    prose.length = 0;
  };
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = /^\s*(```+|~~~+)\s*([\w+#.-]*)\s*$/.exec(line);
    if (fence) {
      const body: string[] = [];
      let j = i + 1;
      while (j < lines.length && !lines[j].trim().startsWith(fence[1])) body.push(lines[j++]);
      flushProse();
      sections.push({ code: { language: fence[2] || undefined, text: dedent(body).join('\n') } });
      i = j;
      continue;
    }
    if (/^\s*\|.*\|\s*$/.test(line)) {
      const rows: string[] = [];
      let j = i;
      while (j < lines.length && /^\s*\|.*\|\s*$/.test(lines[j])) rows.push(lines[j++]);
      flushProse();
      sections.push(tableSection(rows));
      i = j - 1;
      continue;
    }
    prose.push(line);
  }
  flushProse();
  return sections;
}

function tableSection(rows: string[]): ReplySection {
  const cells = rows
    .filter((r) => !/^\s*\|[\s:|-]+\|\s*$/.test(r))
    .map((r) =>
      r
        .trim()
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((c) => c.trim()),
    );
  if (cells.length > 0 && cells.every((c) => c.length === 2)) {
    return { facts: cells.map(([label, value]) => ({ label, value })) };
  }
  return { code: { text: cells.map((c) => c.join(' | ')).join('\n') } };
}

function dedent(lines: string[]): string[] {
  const indents = lines.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut));
}
