/**
 * Limits on every alert field, applied on intake (AlertQueue.enqueue: receivers and watchers alike) so a
 * hostile or broken sender cannot store or render megabytes: a 100 KB repository name is cut to its
 * limit with "…", not kept whole. Real values are far below them (a repository path is at most 256
 * characters in ACR, a digest 71). An over-long id is replaced by a hash of it, so de-duplication
 * still tells different events apart.
 */
import { createHash } from 'node:crypto';
import type { AlertEvent } from './types.js';

export const ALERT_FIELD_LIMITS = {
  id: 256,
  registry: 100,
  repository: 256,
  tag: 128,
  digest: 80,
  mediaType: 128,
  actor: 128,
  title: 256,
  detailKeys: 20,
  detailKey: 64,
  detailValue: 256,
} as const;

/** `value` cut to `max` characters (code points, so no broken surrogate pair), ending in "…" when cut. */
export function truncateText(value: string, max: number): string {
  if (value.length <= max) return value;
  const chars = Array.from(value);
  return chars.length <= max ? value : `${chars.slice(0, max - 1).join('')}…`;
}

function boundId(id: string): string {
  if (id.length <= ALERT_FIELD_LIMITS.id) return id;
  const prefix = id.slice(0, id.indexOf(':') + 1).slice(0, 32);
  return `${prefix}sha256:${createHash('sha256').update(id).digest('hex')}`;
}

/** The event with every field within ALERT_FIELD_LIMITS. */
export function boundAlertEvent(event: AlertEvent): AlertEvent {
  const L = ALERT_FIELD_LIMITS;
  const cut = (value: string | undefined, max: number) => (value === undefined ? undefined : truncateText(value, max));
  const bounded: AlertEvent = { ...event, id: boundId(event.id) };
  for (const [field, max] of [
    ['registry', L.registry],
    ['repository', L.repository],
    ['tag', L.tag],
    ['digest', L.digest],
    ['mediaType', L.mediaType],
    ['actor', L.actor],
    ['title', L.title],
  ] as const) {
    if (event[field] !== undefined) bounded[field] = cut(event[field], max);
  }
  if (event.details) {
    bounded.details = Object.fromEntries(
      Object.entries(event.details)
        .slice(0, L.detailKeys)
        .map(([k, v]) => [truncateText(k, L.detailKey), typeof v === 'string' ? truncateText(v, L.detailValue) : v]),
    );
  }
  return bounded;
}
