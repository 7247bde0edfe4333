import { PurgeInputError } from './errors.js';

export const maxAgeInDays = 3650;

const unitInMs = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 } as const;
// Units in descending order, each at most once: 30d, 12h, 1d3h, 15m, 2h30m, 0d.
const durationPattern = /^(?:(\d{1,7})d)?(?:(\d{1,9})h)?(?:(\d{1,11})m)?(?:(\d{1,13})s)?$/;

/** Parses an `ago` value such as `30d`, `12h`, `1d3h`, `15m` into milliseconds. */
export function parseAgeInMs(value: string): number {
  const text = value.trim();
  const match = durationPattern.exec(text);
  if (!match || text === '') throw new PurgeInputError('duration-invalid', { value });
  const [, days, hours, minutes, seconds] = match;
  const total =
    Number(days ?? 0) * unitInMs.d +
    Number(hours ?? 0) * unitInMs.h +
    Number(minutes ?? 0) * unitInMs.m +
    Number(seconds ?? 0) * unitInMs.s;
  // Rejected rather than silently capped: a purge should never run on a window the user did not ask for.
  if (total > maxAgeInDays * unitInMs.d)
    throw new PurgeInputError('duration-too-long', { value, maxDays: maxAgeInDays });
  return total;
}
