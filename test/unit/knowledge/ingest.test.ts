import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEntries } from '../../../src/features/ask/knowledge/ingest/build.js';
import { parseDocfxMarkdown } from '../../../src/features/ask/knowledge/ingest/docfx-markdown.js';
import { mapProse, toSafeMarkdown } from '../../../src/features/ask/knowledge/ingest/markup.js';
import { parseRenderedText } from '../../../src/features/ask/knowledge/ingest/rendered-text.js';
import { loadKnowledgeData } from '../../../src/features/ask/knowledge/manifest.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../../src/features/ask/knowledge/index.js';

const noMap = { headings: {}, anchors: {}, sectionHeadings: [], splits: [] };

describe('rendered-text parser', () => {
  it('splits at mapped headings, drops section titles, fences code and strips <ph> placeholders', () => {
    const text = [
      'Intro that is not an answer',
      '',
      'セクション',
      '',
      'マニフェストを削除するにはどうすればよいですか?',
      '',
      '<ph id="ph1">`az acr`</ph> を使用します:',
      '',
      'az acr manifest list-metadata --name repo --registry reg',
      '',
      '  • 箇条書き',
      'セクション',
    ].join('\n');
    const entries = parseRenderedText(text, {
      ...noMap,
      headings: { 'マニフェストを削除するにはどうすればよいですか?': 'delete-untagged-manifests' },
      sectionHeadings: ['セクション'],
    });
    expect(entries).toHaveLength(1);
    expect(entries[0]!.topic).toBe('delete-untagged-manifests');
    expect(entries[0]!.answer).toContain('```\naz acr manifest list-metadata --name repo --registry reg\n```');
    expect(entries[0]!.answer).toContain('`az acr` を使用します:');
    expect(entries[0]!.answer).toContain('- 箇条書き');
    expect(entries[0]!.answer).not.toMatch(/<ph|セクション|Intro/);
  });

  it('reports question-like lines missing from the topic map as unmapped entries', () => {
    const entries = parseRenderedText('Known question?\n\nAnswer.\n\nSomething nobody mapped yet?\n\nOther answer.', {
      ...noMap,
      headings: { 'Known question?': 'x' },
    });
    expect(entries.map((e) => e.topic)).toEqual(['x', null]);
  });

  it('joins lines the renderer broke around inline code (German file)', () => {
    const entries = parseRenderedText(
      'Frage?\nSie können im Löschbefehl --yes\nhinzufügen, um die Bestätigung zu überspringen.',
      { ...noMap, headings: { 'Frage?': 't' } },
    );
    expect(entries[0]!.answer).toBe('Sie können im Löschbefehl --yes hinzufügen, um die Bestätigung zu überspringen.');
  });

  it('keeps a Japanese sentence that starts like a command, and an alert label after code, out of the code block', () => {
    const text = [
      '質問?',
      'FROM alpine',
      'RUN ls -lh 1GB.bin',
      'docker CLI を使用して、このイメージをプッシュします。',
      'docker push myregistry.azurecr.io/1gb:latest',
      '',
      '編集します:',
      '    {',
      '      "debug": true',
      '    }',
      '    Note',
      '    値は配列です。',
    ].join('\n');
    const answer = parseRenderedText(text, { ...noMap, headings: { '質問?': 't' } })[0]!.answer;
    expect(answer).toContain(
      '```\nFROM alpine\nRUN ls -lh 1GB.bin\n```\n\ndocker CLI を使用して、このイメージをプッシュします。\n\n```\ndocker push',
    );
    expect(answer).toContain('"debug": true\n}\n```\n\nNote');
  });

  it('puts back the space the renderer dropped before inline code (oderAcrPush, ").Azure")', () => {
    const entries = parseRenderedText(
      'Frage?\nWählen Sie die Rolle AcrPull\noderAcrPush\naus).Azure CLI: Beispiel wirdAcrPull\nverwendet.',
      { ...noMap, headings: { 'Frage?': 't' } },
    );
    expect(entries[0]!.answer).toContain('oder AcrPush');
    expect(entries[0]!.answer).toContain('aus). Azure CLI');
    expect(entries[0]!.answer).toContain('wird AcrPull');
    expect(entries[0]!.answer).not.toMatch(/[a-z]Acr/);
  });
});

describe('DocFX markdown parser', () => {
  const doc = [
    '---',
    'title: x',
    'ms.date: 5/13/2019',
    '---',
    '# <a name="faq"></a>FAQ',
    '## <a name="ops"></a>Ops',
    '- [Question?](#q-anchor)',
    '### <a name="q-anchor"></a>Hur gör jag?',
    '> [!IMPORTANT]',
    '> Läs [dokumentationen](https://example.com/doc) först. <<c0> [ Mer](x.md)',
    '',
    '```azurecli',
    '  az acr login -n myRegistry',
    '```',
    '#### <a name="sub"></a>Delsteg',
    'Text <b>fet</b>.',
  ].join('\n');

  it('maps anchors to topics, keeps code, turns alerts and sub-headings into bold text, strips links', () => {
    const entries = parseDocfxMarkdown(doc, { ...noMap, anchors: { 'q-anchor': 'topic-a' } });
    expect(entries).toHaveLength(1);
    const answer = toSafeMarkdown(entries[0]!.answer);
    expect(entries[0]!.question).toBe('Hur gör jag?');
    expect(answer).toContain('**Important**');
    expect(answer).toContain('Läs dokumentationen först.');
    expect(answer).toContain('```azurecli\naz acr login -n myRegistry\n```');
    expect(answer).toContain('**Delsteg**');
    expect(answer).not.toMatch(/<a |<c0>|\]\(|<b>|\[!IMPORTANT\]/);
  });
});

describe('the real knowledge base', () => {
  const data = loadKnowledgeData(DEFAULT_KNOWLEDGE_DIR);
  const { entries, warnings } = buildEntries(data);

  it('maps every entry of every source to a topic, and every topic has an entry', () => {
    expect(
      warnings.filter((w) =>
        /maps to no topic|not in topics\.tsv|no entry in any source|cannot read|no entries found/.test(w),
      ),
    ).toEqual([]);
    for (const topic of data.topics.keys()) expect(entries.some((e) => e.topic === topic)).toBe(true);
  });

  it('merges the two Japanese versions, preferring the newer text (000)', () => {
    const ja = entries.filter((e) => e.lang === 'ja');
    expect(new Set(ja.map((e) => e.source))).toEqual(new Set(['000_a27645e72802f0f0.txt']));
    const untagged = ja.find((e) => e.topic === 'delete-untagged-manifests')!;
    expect(untagged.answer).toContain('az acr manifest list-metadata');
    expect(untagged.answer).not.toContain('show-manifests');
    // Topics only the newer version has are present; the topic list covers both versions.
    expect(ja.some((e) => e.topic === 'agent-pool-timeout')).toBe(true);
  });

  it('flags the German document as the Azure Stack Hub edition, with its own answers', () => {
    const de = entries.filter((e) => e.lang === 'de');
    expect(de.length).toBeGreaterThan(20);
    expect(de.every((e) => e.edition === 'azure-stack-hub')).toBe(true);
    expect(de.find((e) => e.topic === 'content-trust')!.answer).toMatch(/^Nein/);
    // Our English translation follows the Azure edition; only what it translated from the German file is Stack Hub.
    expect(
      entries.filter((e) => e.lang !== 'de' && e.translatedFrom !== 'de').every((e) => e.edition === 'azure'),
    ).toBe(true);
  });

  it('strips artifacts, keeps code blocks and tables, and lets no raw HTML through outside code', () => {
    for (const e of entries) {
      expect(e.answer).not.toMatch(/<ph\b|<a name|<<c\d>|\]\(/);
      expect((e.answer.match(/```/g) ?? []).length % 2).toBe(0);
      mapProse(e.answer, (prose) => {
        expect(prose).not.toMatch(/<\/?[A-Za-z][^>]*>/);
        return prose;
      });
      expect(e.question).not.toMatch(/<|\]\(/);
    }
    const xml = entries.find((e) => e.lang === 'ja' && e.topic === 'rest-api-invalid-authentication-info')!;
    expect(xml.answer).toMatch(/```\n<\?xml[\s\S]*InvalidAuthenticationInfo[\s\S]*```/);
    const gitServices = entries.find((e) => e.lang === 'ja' && e.topic === 'supported-git-services')!;
    expect(gitServices.answer).toContain('GitLab https://gitlab.com/user/myapp-repo.git#mybranch:myfolder はい いいえ');
  });

  it('gives heading-less entries (home replication) their curated question', () => {
    const home = entries.filter((e) => e.topic === 'home-replication-delete');
    expect(home.map((e) => e.lang).sort()).toEqual(['en', 'ja', 'sv', 'zh-TW']);
    expect(home.every((e) => e.answer.includes('"condition": false'))).toBe(true);
    const permissions = entries.find((e) => e.lang === 'ja' && e.topic === 'new-permissions-delay')!;
    expect(permissions.answer).not.toContain('ホーム レプリケーション');
  });
});

describe('adding a source document without code changes', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kb-'));
    cpSync(DEFAULT_KNOWLEDGE_DIR, dir, { recursive: true });
    writeFileSync(
      join(dir, 'sources', 'en.txt'),
      'How do I cancel all runs at once?\n\nUse az acr task cancel-run.\n\nWhat is a brand new question?\n\nUnmapped answer.\n',
    );
    const manifest = readFileSync(join(dir, 'sources.yaml'), 'utf8');
    // Newer than our English translation, so its one answer replaces the translated one (merge by docDate).
    writeFileSync(
      join(dir, 'sources.yaml'),
      `${manifest}\n  - file: en.txt\n    lang: en\n    format: rendered-text\n    edition: azure\n    docDate: "2030-01-01"\n`,
    );
    const map = readFileSync(join(dir, 'topic-map.yaml'), 'utf8').replace(
      /^headings:\n/m,
      'headings:\n  en:\n    "How do I cancel all runs at once?": batch-cancel-runs\n',
    );
    writeFileSync(join(dir, 'topic-map.yaml'), map);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ingests a new file listed in sources.yaml and warns about its unmapped question', () => {
    const { entries, warnings } = buildEntries(loadKnowledgeData(dir));
    const en = entries.filter((e) => e.source === 'en.txt');
    expect(en.map((e) => e.topic)).toEqual(['batch-cancel-runs']);
    expect(entries.filter((e) => e.lang === 'en' && e.topic === 'batch-cancel-runs')).toEqual(en);
    expect(warnings.some((w) => w.includes('en.txt') && w.includes('What is a brand new question?'))).toBe(true);
  });
});
