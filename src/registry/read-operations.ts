/** Read-only registry operations shared by the CLI and chat: repositories, tags with age/size, usage. */
import type { ListOptions, ManifestInfo, RegistryClient, RegistryClientExtras, RegistryUsage } from './types.js';

export interface TagRow {
  tag: string | null;
  digest: string;
  mediaType: string;
  createdAt?: string;
  ageInDays?: number;
  sizeInBytes?: number;
  locked: boolean;
  subject?: string;
  children?: number;
}

export interface ListTagRowsOptions extends ListOptions {
  now?: Date;
}

export async function listRepositoryNames(client: RegistryClient, options: ListOptions = {}): Promise<string[]> {
  const names: string[] = [];
  for await (const name of client.listRepositories(options)) names.push(name);
  return names.sort();
}

/**
 * One row per tag (and one per untagged manifest where the registry can list them), newest first.
 */
export async function listTagRows(
  client: RegistryClient,
  repository: string,
  options: ListTagRowsOptions = {},
): Promise<TagRow[]> {
  const now = (options.now ?? new Date()).getTime();
  const rows: TagRow[] = [];
  for await (const m of client.listManifests(repository, options)) {
    const base = toRow(m, now);
    if (m.tags.length === 0) rows.push({ ...base, tag: null });
    for (const tag of m.tags) rows.push({ ...base, tag });
  }
  return rows.sort(
    (a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? '') || (a.tag ?? '').localeCompare(b.tag ?? ''),
  );
}

function toRow(m: ManifestInfo, now: number): Omit<TagRow, 'tag'> {
  return {
    digest: m.digest,
    mediaType: m.mediaType,
    createdAt: m.createdAt?.toISOString(),
    ageInDays: m.createdAt ? Math.floor(((now - m.createdAt.getTime()) / 86_400_000) * 10) / 10 : undefined,
    sizeInBytes: m.sizeInBytes,
    locked: m.lock ? !m.lock.deleteEnabled || !m.lock.writeEnabled : false,
    subject: m.subject,
    children: m.children?.length,
  };
}

export type UsageResult =
  { available: true; usage: RegistryUsage; percentUsed?: number } | { available: false; reason: string };

export async function getRegistryUsage(
  client: RegistryClient & RegistryClientExtras,
  options: ListOptions = {},
): Promise<UsageResult> {
  const usage = client.getUsage ? await client.getUsage(options) : null;
  if (!usage) {
    return {
      available: false,
      reason:
        client.kind === 'oci'
          ? 'The OCI Distribution API has no storage usage or quota call; ask the registry operator (or its own admin API).'
          : 'Usage needs the management plane: set CHATOPS_AZURE_SUBSCRIPTION_ID and CHATOPS_AZURE_RESOURCE_GROUP.',
    };
  }
  const percentUsed = usage.quotaInBytes ? Math.round((usage.usedInBytes / usage.quotaInBytes) * 1000) / 10 : undefined;
  return { available: true, usage, percentUsed };
}
