/**
 * Turns a registry reference (`acr:NAME` or a URL) plus environment settings into a RegistryClient.
 * Settings (all optional): CHATOPS_REGISTRY_USERNAME / CHATOPS_REGISTRY_PASSWORD (OCI basic / token
 * realm), CHATOPS_ACR_LOGIN_SUFFIX (default azurecr.io), CHATOPS_AZURE_AUTHORITY_HOST,
 * CHATOPS_ACR_AUDIENCE, CHATOPS_ARM_ENDPOINT, CHATOPS_ARM_AUDIENCE, CHATOPS_AZURE_SUBSCRIPTION_ID,
 * CHATOPS_AZURE_RESOURCE_GROUP (the last two enable usage/quota through Resource Manager).
 */
import type { TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential } from '@azure/identity';
import { AcrRegistryClient } from './acr/client.js';
import { ArmRegistryManagement, type RegistryManagement } from './acr/management.js';
import { OciRegistryClient } from './oci/client.js';
import type { RegistryClient, RegistryClientExtras } from './types.js';

export type AnyRegistryClient = RegistryClient & RegistryClientExtras;

export interface RegistryReference {
  kind: 'acr' | 'oci';
  endpoint: string;
  /** ACR registry name (acr: references only). */
  name?: string;
}

export class RegistryReferenceError extends Error {
  override name = 'RegistryReferenceError';
}

export function parseRegistryReference(value: string, env: NodeJS.ProcessEnv = process.env): RegistryReference {
  const trimmed = value.trim();
  const acr = /^acr:([a-zA-Z0-9]{5,50})$/.exec(trimmed);
  if (acr) {
    const suffix = env.CHATOPS_ACR_LOGIN_SUFFIX ?? 'azurecr.io';
    return { kind: 'acr', name: acr[1].toLowerCase(), endpoint: `https://${acr[1].toLowerCase()}.${suffix}` };
  }
  if (trimmed.startsWith('acr:'))
    throw new RegistryReferenceError(`"${trimmed}": an ACR name has 5–50 letters or digits (acr:myregistry)`);
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    throw new RegistryReferenceError(`"${trimmed}" is neither acr:NAME nor a registry URL`);
  }
  if (!['http:', 'https:'].includes(url.protocol))
    throw new RegistryReferenceError(`"${trimmed}": only http(s) registry URLs are supported`);
  if (url.username || url.password)
    throw new RegistryReferenceError(
      'do not put credentials in the registry URL; use CHATOPS_REGISTRY_USERNAME / CHATOPS_REGISTRY_PASSWORD',
    );
  return { kind: 'oci', endpoint: url.origin };
}

export interface CreateRegistryClientOptions {
  env?: NodeJS.ProcessEnv;
  /** Azure credential for acr: references (default DefaultAzureCredential). */
  credential?: TokenCredential;
}

export function createRegistryClient(
  reference: RegistryReference,
  options: CreateRegistryClientOptions = {},
): { client: AnyRegistryClient; management?: RegistryManagement } {
  const env = options.env ?? process.env;
  if (reference.kind === 'oci') {
    const username = env.CHATOPS_REGISTRY_USERNAME;
    const password = env.CHATOPS_REGISTRY_PASSWORD;
    return {
      client: new OciRegistryClient({
        endpoint: reference.endpoint,
        credentials: username && password ? { username, password } : undefined,
      }),
    };
  }
  const authorityHost = env.CHATOPS_AZURE_AUTHORITY_HOST;
  const credential = options.credential ?? new DefaultAzureCredential(authorityHost ? { authorityHost } : {});
  const management =
    env.CHATOPS_AZURE_SUBSCRIPTION_ID && env.CHATOPS_AZURE_RESOURCE_GROUP && reference.name
      ? new ArmRegistryManagement({
          credential,
          subscriptionId: env.CHATOPS_AZURE_SUBSCRIPTION_ID,
          resourceGroup: env.CHATOPS_AZURE_RESOURCE_GROUP,
          registryName: reference.name,
          armEndpoint: env.CHATOPS_ARM_ENDPOINT,
          armAudience: env.CHATOPS_ARM_AUDIENCE,
        })
      : undefined;
  const client = new AcrRegistryClient({
    endpoint: reference.endpoint,
    credential,
    audience: env.CHATOPS_ACR_AUDIENCE,
    management,
  });
  return { client, management };
}
