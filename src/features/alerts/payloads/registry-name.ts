/** Registry names as users type them: the short, lower-case name ("myregistry"). */

/** "myregistry.azurecr.io" → "myregistry"; "MyRegistry" → "myregistry". */
export function registryFromHost(host: string | undefined): string | undefined {
  const name = host?.trim().toLowerCase().split(':')[0]?.split('.')[0];
  return name || undefined;
}

const REGISTRY_RESOURCE = /\/providers\/microsoft\.containerregistry\/registries\/([^/]+)/i;

/** "/subscriptions/…/providers/Microsoft.ContainerRegistry/registries/MyRegistry" → "myregistry". */
export function registryFromResourceId(resourceId: string | undefined): string | undefined {
  const match = resourceId ? REGISTRY_RESOURCE.exec(resourceId) : null;
  return match ? match[1].toLowerCase() : undefined;
}

/** A user agent like "docker/24.0.7 go/go1.20 …" shortened to its first product token. */
export function shortUserAgent(userAgent: string | undefined): string | undefined {
  const first = userAgent?.trim().split(/\s+/)[0];
  return first || undefined;
}
