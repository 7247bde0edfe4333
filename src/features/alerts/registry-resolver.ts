/**
 * Which configured registry an incoming event is about. Subscriptions name registries as configured
 * (`CHATOPS_REGISTRIES=local=http://127.0.0.1:5000` → "local"), while payloads name them by login server
 * (`request.host` of a webhook: "127.0.0.1:5000", "myregistry.azurecr.io") or by Azure resource name.
 */
import type { AlertEvent } from './types.js';

export interface KnownRegistry {
  /** The configured short name ("local", "prod"). */
  name: string;
  /** Its endpoint's host[:port] ("127.0.0.1:5000", "myregistry.azurecr.io"), when known. */
  loginServer?: string;
}

export type RegistryResolution = { event: AlertEvent; matched: boolean };

/** "HTTPS://Host:443/" and "host" are one login server; a non-default port stays part of it. */
export function normalizeLoginServer(value: string): string {
  const trimmed = value.trim().toLowerCase().replace(/\/+$/, '');
  const withScheme = /^[a-z]+:\/\//.test(trimmed) ? trimmed : `https://${trimmed}`;
  try {
    return new URL(withScheme).host; // URL drops the scheme's default port
  } catch {
    return trimmed;
  }
}

const ACR_SUFFIX = /\.azurecr\.[a-z.]+$/;

export function createRegistryResolver(known: readonly KnownRegistry[]): (event: AlertEvent) => RegistryResolution {
  const byLoginServer = new Map<string, string>();
  const byAcrName = new Map<string, string>();
  const names = new Set(known.map((r) => r.name));
  for (const r of known) {
    if (!r.loginServer) continue;
    const server = normalizeLoginServer(r.loginServer);
    byLoginServer.set(server, r.name);
    if (ACR_SUFFIX.test(server)) byAcrName.set(server.split('.')[0], r.name);
  }
  return (event) => {
    const viaServer = event.loginServer ? byLoginServer.get(normalizeLoginServer(event.loginServer)) : undefined;
    // Event Grid and Azure Monitor give the ACR resource name, which is the login server's first label.
    const viaAcrName = event.registry ? byAcrName.get(event.registry) : undefined;
    const registry =
      viaServer ?? viaAcrName ?? (event.registry && names.has(event.registry) ? event.registry : undefined);
    if (registry) return { event: registry === event.registry ? event : { ...event, registry }, matched: true };
    return { event, matched: false };
  };
}
