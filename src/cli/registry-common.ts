/** Shared pieces of the `registry` CLI: command shape, argument parsing, client creation, output. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { RegistryError } from '../registry/errors.js';
import {
  createRegistryClient,
  parseRegistryReference,
  RegistryReferenceError,
  type AnyRegistryClient,
} from '../registry/factory.js';
import type { RegistryManagement } from '../registry/acr/management.js';

/** Bad arguments: exit code 2. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

export interface RegistryCliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Returns the exit code (0 ok, 1 operation failed). Throw CliUsageError for bad arguments. */
  run(argv: string[], io: CliIo): Promise<number>;
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export const COMMON_OPTIONS = {
  registry: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies OptionSpec;

/** parseArgs in strict mode, with its errors turned into CliUsageError. */
export function parseCommandArgs<T extends OptionSpec>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options: { ...COMMON_OPTIONS, ...options }, strict: true, allowPositionals: false });
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
}

export function openRegistry(
  registry: string | undefined,
  io: CliIo,
): { client: AnyRegistryClient; management?: RegistryManagement } {
  const value = registry ?? io.env.CHATOPS_REGISTRY;
  if (!value)
    throw new CliUsageError(
      '--registry is required (a URL such as https://registry.example.com, or acr:NAME); or set CHATOPS_REGISTRY',
    );
  try {
    return createRegistryClient(parseRegistryReference(value, io.env), { env: io.env });
  } catch (error) {
    if (error instanceof RegistryReferenceError || error instanceof RegistryError)
      throw new CliUsageError(error.message);
    throw error;
  }
}

export function printJson(io: CliIo, value: unknown): void {
  io.stdout(JSON.stringify(value, null, 2));
}

/** Fixed-width text table for humans. */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  '))
    .join('\n');
}
