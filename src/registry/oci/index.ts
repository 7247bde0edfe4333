export { OciRegistryClient, OCI_UNTAGGED_REASON, scopeFor, type OciRegistryClientOptions } from './client.js';
export { OciAuthenticator, type BasicCredentials } from './auth.js';
export { parseLinkHeader, nextPageUrl } from './link-header.js';
export { parseWwwAuthenticate } from './www-authenticate.js';
export * from './media-types.js';
