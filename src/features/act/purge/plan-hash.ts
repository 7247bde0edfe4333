import { createHash } from 'node:crypto';
import type { PurgePlan } from './types.js';

/** JSON with object keys sorted at every level, so equal data always gives equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The content hash covers what execution acts on: target registry, parameters and the exact items. */
export function computePlanHash(plan: Pick<PurgePlan, 'version' | 'registry' | 'params' | 'items'>): string {
  const hash = createHash('sha256');
  hash.update(canonicalJson({ version: plan.version, registry: plan.registry, params: plan.params }));
  // Items are hashed one by one so a 10k-item plan never builds one giant string.
  for (const item of plan.items) hash.update(`\n${canonicalJson(item)}`);
  return hash.digest('hex');
}

export function verifyPlanHash(plan: PurgePlan): boolean {
  return typeof plan.hash === 'string' && computePlanHash(plan) === plan.hash;
}
