/**
 * The registries chat actions may use (`CHATOPS_REGISTRIES`, e.g. `myreg=acr:myregistry,local=http://127.0.0.1:5000`),
 * by short name or login server. Clients are built lazily, once per registry. Every configured
 * registry must be allowed by the approval policy: a mismatch stops the bot at start instead of
 * refusing every request later.
 */
import type { RegistryManagement } from '../../registry/acr/management.js';
import type { AnyRegistryClient, RegistryReference } from '../../registry/factory.js';

export interface RegistryEntry {
  /** Short name people type (`myreg`). */
  name: string;
  reference: RegistryReference;
  /** Login server as the policy sees it: host[:port] (`myregistry.azurecr.io`, `127.0.0.1:5000`). */
  host: string;
}

export interface RegistryConnection {
  client: AnyRegistryClient;
  management?: RegistryManagement;
}

export type RegistryConnector = (reference: RegistryReference) => RegistryConnection;

export class RegistryNotConfiguredError extends Error {
  override name = 'RegistryNotConfiguredError';
}

export class RegistryDirectory {
  private readonly connections = new Map<string, RegistryConnection>();

  constructor(
    readonly entries: readonly RegistryEntry[],
    private readonly connect: RegistryConnector,
  ) {}

  static fromReferences(
    list: readonly { name: string; reference: RegistryReference }[],
    connect: RegistryConnector,
  ): RegistryDirectory {
    return new RegistryDirectory(
      list.map((e) => ({
        name: e.name,
        reference: e.reference,
        host: new URL(e.reference.endpoint).host.toLowerCase(),
      })),
      connect,
    );
  }

  get defaultEntry(): RegistryEntry | undefined {
    return this.entries[0];
  }

  /** By short name, login server, ACR name (`myregistry` → myregistry.azurecr.io) or the default when omitted. */
  find(nameOrHost?: string): RegistryEntry | undefined {
    if (!nameOrHost) return this.defaultEntry;
    const wanted = nameOrHost
      .trim()
      .toLowerCase()
      .replace(/^https?:\/\//, '')
      .replace(/\/+$/, '');
    return this.entries.find((e) => e.name === wanted || e.host === wanted || e.reference.name === wanted);
  }

  connection(entry: RegistryEntry): RegistryConnection {
    let connection = this.connections.get(entry.name);
    if (!connection) {
      connection = this.connect(entry.reference);
      this.connections.set(entry.name, connection);
    }
    return connection;
  }

  /** Entries whose login server the policy does not allow (checked at start). */
  notAllowed(isAllowed: (host: string) => boolean): RegistryEntry[] {
    return this.entries.filter((e) => !isAllowed(e.host));
  }
}
