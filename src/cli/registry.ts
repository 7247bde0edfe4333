/**
 * `npm run --silent registry -- <command> [options]`: registry operations for operators and tests.
 * Commands come from a table: read-only ones here, purge/execute from ./registry-purge.ts.
 * Exit codes: 0 ok, 1 the operation failed (registry error, unhealthy), 2 bad arguments.
 */
import { pathToFileURL } from 'node:url';
import { RegistryError } from '../registry/errors.js';
import { CliUsageError, type CliIo, type RegistryCliCommand } from './registry-common.js';
import { purgeCommands } from './registry-purge.js';
import { readOnlyCommands } from './registry-readonly.js';

export const commands: RegistryCliCommand[] = [...readOnlyCommands, ...purgeCommands];

function help(): string {
  return [
    'usage: npm run --silent registry -- <command> [options]',
    '',
    ...commands.map((c) => `  ${c.usage.padEnd(62)} ${c.summary}`),
    '',
    'Registry: --registry https://host[:port] (any OCI registry) or --registry acr:NAME (Azure Container Registry).',
    'Credentials: CHATOPS_REGISTRY_USERNAME / CHATOPS_REGISTRY_PASSWORD (OCI); Azure sign-in (DefaultAzureCredential) for acr:.',
  ].join('\n');
}

export async function runRegistryCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(help());
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`usage: npm run --silent registry -- ${command.usage}`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.stderr(`error: ${error.message}\nusage: npm run --silent registry -- ${command.usage}`);
      return 2;
    }
    if (error instanceof RegistryError) {
      io.stderr(`error: ${error.message}${error.code ? ` [${error.code}]` : ''}`);
      return 1;
    }
    // Unexpected: message only (no stack with request details), still a failure.
    io.stderr(`error: ${(error as Error).message ?? String(error)}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const io: CliIo = { stdout: (t) => console.log(t), stderr: (t) => console.error(t), env: process.env };
  runRegistryCli(process.argv.slice(2), io).then((code) => (process.exitCode = code));
}
