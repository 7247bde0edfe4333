/**
 * `purge` and `execute` subcommands of the registry CLI.
 * STUB owned by the purge helper (branch `purge`): add your commands to `purgeCommands`; src/cli/registry.ts
 * already registers everything in this list. Use parseCommandArgs/openRegistry/printJson from
 * ./registry-common.js so options, errors and exit codes (2 = bad arguments) stay consistent.
 */
import type { RegistryCliCommand } from './registry-common.js';

export const purgeCommands: RegistryCliCommand[] = [];
