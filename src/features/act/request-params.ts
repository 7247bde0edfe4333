/**
 * What a registry request can say, shared by the request parser, the request wizard and the form card:
 * the same field names from typed commands, natural sentences and the form.
 */
import type { ApprovalAction } from './approvals/actions.js';

/** Commands that run at once (read-only) besides the approval actions. */
export const IMMEDIATE_COMMANDS = ['usage', 'health', 'pending', 'audit', 'help'] as const;
export type ImmediateCommand = (typeof IMMEDIATE_COMMANDS)[number];
export type CommandName = ApprovalAction | ImmediateCommand;

export interface RequestParams {
  /** Registry name or login server (`myregistry`, `myregistry.azurecr.io`, `localhost:5000`). */
  registry?: string;
  /** Repository (or repository filter) such as `hello-world` or `app/web`. */
  repository?: string;
  /** Regular expression that tags must match (RE2 syntax, checked by the wizard). */
  tagRegex?: string;
  /** Canonical duration (`30d`, `1d12h`): only items older than this. */
  olderThan?: string;
  /** Keep this many newest tags whatever their age. */
  keep?: number;
  /** Only untagged manifests. */
  untaggedOnly?: boolean;
  /** Tag or digest for lock / unlock. */
  tag?: string;
  /** How many records `audit` shows. */
  count?: number;
}

export type RequestField = keyof RequestParams;

export { ACR_LOGIN_SERVER, DIGEST, REGISTRY_NAME, REPOSITORY_NAME, TAG_NAME } from '../../registry/names.js';
