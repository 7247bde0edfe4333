/**
 * Durations as people type them in chat and config: `30d`, `24h`, `90m`, `2w`, `1d12h` (acr-cli's `--ago`
 * style). Kept integer-only on purpose: "1.5d" is rejected rather than guessed.
 */

const UNIT_IN_MS = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 } as const;
type Unit = keyof typeof UNIT_IN_MS;

const DURATION = /^(?:\d+[wdhms])+$/;
const PART = /(\d+)([wdhms])/g;

/** Milliseconds of a duration such as `30d` or `1d12h`, or null when the text is not a duration. */
export function parseDurationInMs(text: string): number | null {
  const compact = text.trim().toLowerCase();
  if (!DURATION.test(compact)) return null;
  let total = 0;
  for (const [, amount, unit] of compact.matchAll(PART)) total += Number(amount) * UNIT_IN_MS[unit as Unit];
  return Number.isSafeInteger(total) ? total : null;
}

/** The shortest canonical spelling of a duration in ms, largest units first (`1d12h`, `30d`, `14d`). */
export function formatDuration(durationInMs: number): string {
  if (durationInMs <= 0) return '0s';
  let rest = durationInMs;
  let out = '';
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const amount = Math.floor(rest / UNIT_IN_MS[unit]);
    if (amount > 0) {
      out += `${amount}${unit}`;
      rest -= amount * UNIT_IN_MS[unit];
    }
  }
  return out || '0s';
}
