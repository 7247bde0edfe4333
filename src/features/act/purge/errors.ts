/**
 * Bad purge input is a user-facing error: it carries a code and parameters so chat channels can show
 * it in the asker's language (`localize`), while `message` stays English for logs and the CLI. The texts are
 * Act's catalog entries `purge.<code>`.
 */

import { LocalizedError } from '../../../core/errors.js';
import type { Lang } from '../../../core/lang.js';
import { t } from '../messages/index.js';

export type PurgeErrorCode =
  | 'filter-syntax'
  | 'regex-invalid'
  | 'regex-too-long'
  | 'duration-invalid'
  | 'duration-too-long'
  | 'keep-invalid'
  | 'untagged-unsupported'
  | 'untagged-conflict'
  | 'concurrency-invalid'
  | 'plan-invalid'
  | 'plan-hash-mismatch'
  | 'checkpoint-mismatch';

type Params = Record<string, string | number>;

export class PurgeInputError extends LocalizedError {
  override readonly name = 'PurgeInputError';
  constructor(
    readonly code: PurgeErrorCode,
    readonly params: Params = {},
  ) {
    super(t('en', `purge.${code}`, params));
  }

  localize(language: Lang): string {
    return t(language, `purge.${this.code}`, this.params);
  }
}
