/** The grammar of registry, repository, tag and digest names (OCI distribution spec, ACR login servers). */

/** OCI distribution-spec repository name (lower case, path components). */
export const REPOSITORY_NAME = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
/** OCI tag. */
export const TAG_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
export const DIGEST = /^sha256:[a-f0-9]{64}$/;
/** Registry name or login server, optionally with a port. */
export const REGISTRY_NAME =
  /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::\d{1,5})?$/;
export const ACR_LOGIN_SERVER = /^[a-z0-9-]+\.azurecr\.(?:io|cn|us)$/;
