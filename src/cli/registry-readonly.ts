/** Read-only subcommands: repos, tags, usage, health. */
import { checkRegistryHealth } from '../registry/health.js';
import { parseRegistryReference } from '../registry/factory.js';
import { formatBytes } from '../core/bytes.js';
import { getRegistryUsage, listRepositoryNames, listTagRows } from '../registry/read-operations.js';
import {
  CliUsageError,
  openRegistry,
  parseCommandArgs,
  printJson,
  table,
  type RegistryCliCommand,
} from './registry-common.js';

const repos: RegistryCliCommand = {
  name: 'repos',
  summary: 'list repositories',
  usage: 'repos --registry URL|acr:NAME [--json]',
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {});
    const { client } = openRegistry(values.registry, io);
    const names = await listRepositoryNames(client);
    if (values.json) printJson(io, { registry: client.endpoint, repositories: names });
    else io.stdout(names.length ? names.join('\n') : '(no repositories)');
    return 0;
  },
};

const tags: RegistryCliCommand = {
  name: 'tags',
  summary: 'list tags of a repository with age and size',
  usage: 'tags --registry URL|acr:NAME --repo REPOSITORY [--json]',
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { repo: { type: 'string' } });
    if (!values.repo) throw new CliUsageError('--repo is required');
    const { client } = openRegistry(values.registry, io);
    const rows = await listTagRows(client, String(values.repo));
    if (values.json) {
      printJson(io, {
        registry: client.endpoint,
        repository: values.repo,
        canListUntagged: client.canListUntagged,
        untaggedUnsupportedReason: client.untaggedUnsupportedReason,
        tags: rows,
      });
      return 0;
    }
    if (!rows.length) io.stdout('(no tags)');
    else {
      io.stdout(
        table([
          ['TAG', 'DIGEST', 'AGE (d)', 'SIZE', 'TYPE'],
          ...rows.map((r) => [
            r.tag ?? '<untagged>',
            r.digest.slice(0, 19),
            r.ageInDays === undefined ? '?' : String(r.ageInDays),
            formatBytes(r.sizeInBytes),
            (r.children ? 'index' : r.subject ? 'referrer' : 'image') + (r.locked ? ' (locked)' : ''),
          ]),
        ]),
      );
    }
    if (!client.canListUntagged && client.untaggedUnsupportedReason)
      io.stderr(`note: ${client.untaggedUnsupportedReason}`);
    return 0;
  },
};

const usage: RegistryCliCommand = {
  name: 'usage',
  summary: 'storage used vs quota (ACR only)',
  usage: 'usage --registry URL|acr:NAME [--json]',
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {});
    const { client } = openRegistry(values.registry, io);
    const result = await getRegistryUsage(client);
    if (values.json) printJson(io, { registry: client.endpoint, ...result });
    else if (!result.available) io.stdout(`usage not available: ${result.reason}`);
    else {
      const { usage: u, percentUsed } = result;
      io.stdout(
        `storage: ${formatBytes(u.usedInBytes)} of ${formatBytes(u.quotaInBytes)}${percentUsed === undefined ? '' : ` (${percentUsed} %)`}`,
      );
      for (const o of u.other ?? [])
        io.stdout(`${o.name}: ${o.current}${o.limit === undefined ? '' : ` of ${o.limit}`}`);
    }
    return result.available ? 0 : 1;
  },
};

const health: RegistryCliCommand = {
  name: 'health',
  summary: 'check DNS, TLS, /v2/, auth challenge and token exchange',
  usage: 'health --registry URL|acr:NAME [--json]',
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {});
    const value = values.registry ?? io.env.CHATOPS_REGISTRY;
    if (!value) throw new CliUsageError('--registry is required');
    let endpoint: string;
    try {
      endpoint = parseRegistryReference(value, io.env).endpoint;
    } catch (error) {
      throw new CliUsageError((error as Error).message);
    }
    const username = io.env.CHATOPS_REGISTRY_USERNAME;
    const password = io.env.CHATOPS_REGISTRY_PASSWORD;
    const report = await checkRegistryHealth({
      endpoint,
      credentials: username && password ? { username, password } : undefined,
    });
    if (values.json) printJson(io, report);
    else {
      io.stdout(`health of ${report.endpoint}: ${report.healthy ? 'healthy' : 'UNHEALTHY'}`);
      io.stdout(
        table(
          report.steps.map((s) => [
            s.status.toUpperCase(),
            s.name,
            `${s.durationInMs} ms`,
            s.detail + (s.hint ? `\n      hint: ${s.hint}` : ''),
          ]),
        ),
      );
    }
    return report.healthy ? 0 : 1;
  },
};

export const readOnlyCommands: RegistryCliCommand[] = [repos, tags, usage, health];
