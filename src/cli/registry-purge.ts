/**
 * `registry purge` (plan = dry run) and `registry execute` (consume a plan) subcommands. Thin: flags →
 * the purge engine in src/features/act/purge. Exit codes: 0 done, 1 some items failed or the run was
 * interrupted (resume with the same --checkpoint), 2 bad input.
 *
 *   npm run --silent registry -- purge --registry URL --filter 'repo:regex' [--filter …] --ago 30d
 *       [--keep 5] [--untagged|--untagged-only] [--include-locked] [--protect 'repo[:tag]'] --dry-run [--json] [--out plan.json]
 *   npm run --silent registry -- execute --plan plan.json [--concurrency 8] [--checkpoint FILE] [--json]
 */
import { readFile, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { PurgeInputError } from '../features/act/purge/errors.js';
import { executePurgePlan, validateConcurrency } from '../features/act/purge/executor.js';
import { FileCheckpointStore } from '../features/act/purge/file-checkpoint-store.js';
import { createPurgePlan } from '../features/act/purge/planner.js';
import type { PurgePlan, PurgeProgress, PurgeReport } from '../features/act/purge/types.js';
import { OciRegistryClient } from '../registry/oci/index.js';
import type { RegistryClient } from '../registry/types.js';
import { openRegistry, type RegistryCliCommand } from './registry-common.js';

export interface PurgeCliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Builds the client for a registry URL; default: OCI Distribution client, credentials from env. */
  createClient?: (registryUrl: string) => RegistryClient;
  abortSignal?: AbortSignal;
}

class UsageError extends Error {}

function defaultClient(registryUrl: string): RegistryClient {
  const username = process.env.CHATOPS_REGISTRY_USERNAME;
  const password = process.env.CHATOPS_REGISTRY_PASSWORD;
  return new OciRegistryClient({
    endpoint: registryUrl,
    credentials: username && password ? { username, password } : undefined,
  });
}

type FlagSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;
type FlagValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

function parse(argv: string[], options: FlagSpec): FlagValues {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values as FlagValues;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function integerFlag(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} must be a whole number, got "${value}"`);
  return Number(value);
}

function summarizePlan(plan: PurgePlan): string {
  const kept =
    Object.entries(plan.counts.kept)
      .map(([reason, n]) => `${reason} ${n}`)
      .join(', ') || 'none';
  const lines = [
    `DRY RUN for ${plan.registry}: nothing was deleted.`,
    `Would delete ${plan.counts.items} manifests (${plan.counts.tags} tags, ~${plan.bytesEstimate} bytes) in ${plan.counts.repositoriesScanned} repositories; scanned ${plan.counts.manifestsScanned} manifests.`,
    `Kept: ${kept}.`,
    ...plan.items.slice(0, 50).map((i) => `  ${i.repository}@${i.digest} [${i.tags.join(', ')}] ${i.reason}`),
  ];
  if (plan.items.length > 50) lines.push(`  … and ${plan.items.length - 50} more`);
  lines.push(`Plan hash ${plan.hash}`);
  return lines.join('\n');
}

function summarizeReport(report: PurgeReport): string {
  const t = report.totals;
  const lines = [
    `${report.aborted ? 'INTERRUPTED' : 'Done'} in ${(report.durationInMs / 1000).toFixed(1)} s: deleted ${t.deleted}, already gone ${t.alreadyGone}, skipped ${t.skipped}, failed ${t.failed} of ${t.items} (resumed ${t.resumed}).`,
    `Freed up to ~${report.bytesFreedEstimate} bytes (shared layers are not freed; blobs go at the registry's garbage collection).`,
    ...report.results
      .filter((r) => r.outcome === 'skipped')
      .slice(0, 20)
      .map((r) => `  skipped ${r.repository}@${r.digest}: ${r.reason}`),
    ...report.failures.slice(0, 20).map((r) => `  FAILED ${r.repository}@${r.digest}: ${r.reason}`),
  ];
  return lines.join('\n');
}

export async function runPurgeCommand(argv: string[], io: PurgeCliIo): Promise<number> {
  const flags = parse(argv, {
    registry: { type: 'string' },
    filter: { type: 'string', multiple: true },
    ago: { type: 'string' },
    keep: { type: 'string' },
    untagged: { type: 'boolean' },
    'untagged-only': { type: 'boolean' },
    'include-locked': { type: 'boolean' },
    protect: { type: 'string', multiple: true },
    'dry-run': { type: 'boolean' },
    yes: { type: 'boolean' },
    json: { type: 'boolean' },
    out: { type: 'string' },
    concurrency: { type: 'string' },
    checkpoint: { type: 'string' },
  });
  if (!flags.registry) throw new UsageError('--registry URL is required');
  if (!flags['dry-run'] && !flags.yes) {
    throw new UsageError(
      'purge plans first: add --dry-run (then `execute --plan FILE`), or --yes to plan and execute in one go',
    );
  }
  const concurrency = validateConcurrency(integerFlag(flags.concurrency as string | undefined, 'concurrency'));
  const client = (io.createClient ?? defaultClient)(flags.registry as string);
  const plan = await createPurgePlan(
    client,
    {
      filters: flags.filter as string[] | undefined,
      ago: flags.ago as string | undefined,
      keep: integerFlag(flags.keep as string | undefined, 'keep'),
      untagged: flags.untagged as boolean | undefined,
      untaggedOnly: flags['untagged-only'] as boolean | undefined,
      includeLocked: flags['include-locked'] as boolean | undefined,
      protect: flags.protect as string[] | undefined,
    },
    { abortSignal: io.abortSignal },
  );
  if (flags.out) await writeFile(flags.out as string, `${JSON.stringify(plan, null, 2)}\n`);
  if (flags['dry-run']) {
    io.stdout(flags.json ? JSON.stringify(plan, null, 2) : summarizePlan(plan));
    return 0;
  }
  return execute(
    client,
    plan,
    { json: Boolean(flags.json), concurrency, checkpoint: flags.checkpoint as string | undefined },
    io,
  );
}

export async function runExecuteCommand(argv: string[], io: PurgeCliIo): Promise<number> {
  const flags = parse(argv, {
    plan: { type: 'string' },
    registry: { type: 'string' },
    concurrency: { type: 'string' },
    checkpoint: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (!flags.plan) throw new UsageError('--plan FILE is required');
  const concurrency = validateConcurrency(integerFlag(flags.concurrency as string | undefined, 'concurrency'));
  let plan: PurgePlan;
  try {
    plan = JSON.parse(await readFile(flags.plan as string, 'utf8')) as PurgePlan;
  } catch (error) {
    throw new PurgeInputError('plan-invalid', {
      detail: `cannot read ${String(flags.plan)}: ${(error as Error).message}`,
    });
  }
  if (plan?.version !== 1 || !Array.isArray(plan.items) || typeof plan.registry !== 'string') {
    throw new PurgeInputError('plan-invalid', { detail: 'not a version 1 purge plan' });
  }
  const client = (io.createClient ?? defaultClient)((flags.registry as string | undefined) ?? plan.registry);
  const checkpoint = (flags.checkpoint as string | undefined) ?? `${flags.plan as string}.checkpoint.jsonl`;
  return execute(client, plan, { json: Boolean(flags.json), concurrency, checkpoint }, io);
}

async function execute(
  client: RegistryClient,
  plan: PurgePlan,
  settings: { json: boolean; concurrency: number; checkpoint?: string },
  io: PurgeCliIo,
): Promise<number> {
  const store = settings.checkpoint ? new FileCheckpointStore(settings.checkpoint) : undefined;
  let lastProgressAt = 0;
  const onProgress = (p: PurgeProgress) => {
    const now = Date.now();
    if (now - lastProgressAt < 1000 && p.done < p.total) return;
    lastProgressAt = now;
    io.stderr(
      `progress ${p.done}/${p.total} deleted ${p.deleted} gone ${p.alreadyGone} skipped ${p.skipped} failed ${p.failed} concurrency ${p.concurrency}`,
    );
  };
  try {
    const report = await executePurgePlan(client, plan, {
      concurrency: settings.concurrency,
      checkpoint: store,
      onProgress,
      abortSignal: io.abortSignal,
    });
    io.stdout(settings.json ? JSON.stringify(report, null, 2) : summarizeReport(report));
    return report.failures.length > 0 || report.aborted ? 1 : 0;
  } finally {
    await store?.close();
  }
}

export const purgeSubcommands: Record<string, (argv: string[], io: PurgeCliIo) => Promise<number>> = {
  purge: runPurgeCommand,
  execute: runExecuteCommand,
};

/** Runs one subcommand and maps errors to exit codes; bad input is exit 2 with a clear message. */
export async function runPurgeCli(subcommand: string, argv: string[], io: PurgeCliIo): Promise<number> {
  const handler = purgeSubcommands[subcommand];
  if (!handler) {
    io.stderr(`unknown subcommand "${subcommand}": use purge or execute`);
    return 2;
  }
  try {
    return await handler(argv, io);
  } catch (error) {
    if (
      error instanceof UsageError ||
      error instanceof PurgeInputError ||
      (error instanceof Error && error.name === 'CliUsageError')
    ) {
      io.stderr(`error: ${error.message}`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`error: ${message}`);
    return 1;
  }
}

/** The commands src/cli/registry.ts registers; clients come from the shared factory (URL or acr:NAME). */
export const purgeCommands: RegistryCliCommand[] = [
  {
    name: 'purge',
    summary: 'plan a purge (dry run) of old tags / untagged manifests; --yes also executes it',
    usage:
      "purge --registry URL --filter 'repo:regex' [--filter …] --ago 30d [--keep N] [--untagged|--untagged-only] [--include-locked] [--protect PATTERN] --dry-run [--json] [--out plan.json]",
    run: (argv, io) =>
      runPurgeCli('purge', argv, {
        stdout: io.stdout,
        stderr: io.stderr,
        createClient: (url) => openRegistry(url, io).client,
      }),
  },
  {
    name: 'execute',
    summary: 'execute a purge plan file (resumable with --checkpoint)',
    usage: 'execute --plan FILE [--registry URL] [--concurrency N] [--checkpoint FILE] [--json]',
    run: (argv, io) =>
      runPurgeCli('execute', argv, {
        stdout: io.stdout,
        stderr: io.stderr,
        createClient: (url) => openRegistry(url, io).client,
      }),
  },
];

/** Stand-alone entry (`npx tsx src/cli/registry-purge.ts execute …`) until src/cli/registry.ts wires it. */
async function main(): Promise<void> {
  const controller = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => controller.abort());
  const [subcommand = '', ...rest] = process.argv.slice(2);
  process.exitCode = await runPurgeCli(subcommand, rest, {
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
    abortSignal: controller.signal,
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
