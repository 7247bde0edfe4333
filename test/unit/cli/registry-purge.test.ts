import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPurgeCli, type PurgeCliIo } from '../../../src/cli/registry-purge.js';
import type { PurgePlan, PurgeReport } from '../../../src/features/act/purge/types.js';
import { fakeDigest, InMemoryRegistry } from '../../helpers/in-memory-registry.js';

function io(registry: InMemoryRegistry): PurgeCliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), createClient: () => registry };
}

function sample(): InMemoryRegistry {
  const registry = new InMemoryRegistry();
  for (let i = 0; i < 3; i++)
    registry.add('web', { digest: fakeDigest(`w${i}`), tags: [`dev-${i}`], lastUpdatedAt: new Date('2020-01-01') });
  registry.add('web', { digest: fakeDigest('rel'), tags: ['v1'], lastUpdatedAt: new Date('2020-01-01') });
  return registry;
}

describe('registry purge / execute CLI', () => {
  test('bad input exits 2 with a clear message and deletes nothing', async () => {
    const registry = sample();
    const cases: [string, string[], RegExp][] = [
      ['purge', ['--registry', 'x', '--filter', 'web', '--ago', '1d', '--dry-run'], /missing ':'/],
      [
        'purge',
        ['--registry', 'x', '--filter', 'web:.*', '--ago', '30 days', '--dry-run'],
        /Age "30 days" is not valid/,
      ],
      ['purge', ['--registry', 'x', '--filter', 'web:.*', '--ago', '1d'], /--dry-run/],
      ['purge', ['--registry', 'x', '--filter', 'web:.*', '--ago', '1d', '--dry-run', '--bogus'], /Unknown option/],
      ['purge', ['--registry', 'x', '--filter', 'web:.*', '--ago', '1d', '--keep', 'many', '--dry-run'], /--keep/],
      ['execute', [], /--plan/],
      ['execute', ['--plan', '/nonexistent/plan.json'], /cannot read/],
      ['wipe', [], /unknown subcommand/],
    ];
    for (const [sub, argv, message] of cases) {
      const cli = io(registry);
      expect(await runPurgeCli(sub, argv, cli)).toBe(2);
      expect(cli.err.join('\n')).toMatch(message);
    }
    expect(registry.calls.deleteManifest).toBe(0);
  });

  test('dry run writes the plan; execute consumes it with a checkpoint', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'purge-cli-'));
    try {
      const registry = sample();
      const planPath = join(dir, 'plan.json');
      const planning = io(registry);
      expect(
        await runPurgeCli(
          'purge',
          [
            '--registry',
            registry.endpoint,
            '--filter',
            'web:^dev-',
            '--ago',
            '30d',
            '--keep',
            '1',
            '--dry-run',
            '--json',
            '--out',
            planPath,
          ],
          planning,
        ),
      ).toBe(0);
      const plan = JSON.parse(await readFile(planPath, 'utf8')) as PurgePlan;
      expect(JSON.parse(planning.out[0])).toEqual(plan);
      expect(plan.items).toHaveLength(2);
      expect(registry.calls.deleteManifest).toBe(0);

      const running = io(registry);
      expect(await runPurgeCli('execute', ['--plan', planPath, '--concurrency', '4', '--json'], running)).toBe(0);
      const report = JSON.parse(running.out[0]) as PurgeReport;
      expect(report.totals.deleted).toBe(2);
      const checkpoint = await readFile(`${planPath}.checkpoint.jsonl`, 'utf8');
      expect(checkpoint.trim().split('\n')).toHaveLength(3);
      expect(registry.has('web', fakeDigest('rel'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
