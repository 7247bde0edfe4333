import { parseAgeInMs } from './duration.js';
import { PurgeInputError } from './errors.js';
import { TagFilterSet } from './filters.js';
import type { PurgeParams } from './types.js';

export const maxKeep = 100_000;

/** Parameters after validation, with compiled filters ready for the planner. */
export interface ValidatedPurgeParams {
  params: PurgeParams;
  ageInMs: number;
  filters: TagFilterSet;
  protection: TagFilterSet;
}

export interface PurgeCapabilities {
  /** False for plain OCI registries: they cannot list untagged manifests. */
  canListUntagged: boolean;
}

/** Validates user input (CLI flags, chat dialog) and fills defaults; throws PurgeInputError. */
export function validatePurgeParams(
  input: Partial<PurgeParams>,
  capabilities: PurgeCapabilities,
): ValidatedPurgeParams {
  const filtersRaw = input.filters ?? [];
  if (filtersRaw.length === 0)
    throw new PurgeInputError('filter-syntax', { filter: '', detail: 'at least one filter is required' });
  if (input.ago === undefined) throw new PurgeInputError('duration-invalid', { value: '' });
  const keep = input.keep ?? 0;
  if (!Number.isInteger(keep) || keep < 0 || keep > maxKeep)
    throw new PurgeInputError('keep-invalid', { value: String(keep), max: maxKeep });
  const untagged = input.untagged ?? false;
  const untaggedOnly = input.untaggedOnly ?? false;
  if (untagged && untaggedOnly) throw new PurgeInputError('untagged-conflict');
  if ((untagged || untaggedOnly) && !capabilities.canListUntagged) throw new PurgeInputError('untagged-unsupported');
  const params: PurgeParams = {
    filters: [...filtersRaw],
    ago: input.ago,
    keep,
    untagged,
    untaggedOnly,
    includeLocked: input.includeLocked ?? false,
    protect: [...(input.protect ?? [])],
  };
  return {
    params,
    ageInMs: parseAgeInMs(params.ago),
    filters: TagFilterSet.parse(params.filters),
    protection: TagFilterSet.parseProtection(params.protect),
  };
}
