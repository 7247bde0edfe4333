import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Spawns the real CLI (node + tsx loader), as the bot's tests and outside evaluation do.
function ask(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/ask.ts', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('ask CLI contract', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ask-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--json prints exactly one JSON object with the contract fields', () => {
    const r = ask('--json', 'Hur tar jag bort otaggade manifest?');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const json = JSON.parse(lines[0]!);
    expect(json).toMatchObject({
      topic: 'delete-untagged-manifests',
      lang: 'sv',
      answerLang: 'sv',
      edition: 'azure',
      title: expect.any(String),
    });
    expect(json.score).toBeGreaterThan(0);
    expect(json.score).toBeLessThanOrEqual(1);
    for (const alt of json.alternatives) expect(Object.keys(alt).sort()).toEqual(['score', 'topic']);
  });

  it('exits 0 with topic null when it abstains', () => {
    const r = ask('--json', 'How do I bake a sourdough bread?');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ topic: null, answerLang: null, title: null, edition: null });
  });

  it('--batch prints one object per input line, in order', () => {
    const file = join(dir, 'batch.jsonl');
    writeFileSync(
      file,
      [
        '{"q":"docker pull ist langsam"}',
        '',
        '{"q":"明日の会議は何時からですか"}',
        '{"q":"is content trust supported"}',
      ].join('\n'),
    );
    const r = ask('--json', '--batch', file);
    expect(r.status).toBe(0);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out.map((o) => o.topic)).toEqual(['slow-pull', null, 'content-trust']);
  });

  it('exits 2 with a message on stderr and nothing on stdout for unreadable input', () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"q": "ok"}\nnot json\n');
    for (const args of [['--json', '--batch', join(dir, 'missing.jsonl')], ['--json', '--batch', bad], ['--json']]) {
      const r = ask(...args);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^ask: /);
    }
  });

  it('prints a readable answer without --json', () => {
    const r = ask('ACR タスクの実行をまとめて取り消したい');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('az acr task cancel-run');
    expect(r.stdout).toContain('https://learn.microsoft.com/ja-jp/azure/container-registry/container-registry-faq');
  });
});
