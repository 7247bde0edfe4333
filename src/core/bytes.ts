/**
 * Sizes as people read them on a card or in a terminal. Binary units with IEC names, because ACR states its
 * limits that way (Basic includes 10 GiB, and the usage API's quota is 10737418240 bytes: "10 GiB", not "10.7 GB").
 * Hand-written: Intl.NumberFormat knows only decimal byte units, and no direct dependency offers IEC names.
 */

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/**
 * `0 B`, `491 B`, `2.8 KiB`, `17 MiB`, `812 MiB`, `10 GiB`: one decimal below 10 and whole numbers from 10 up
 * (as `du -h` rounds), no trailing `.0`; `?` when the size is unknown.
 */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '?';
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  let rounded = Number(value.toFixed(unit === 0 || value >= 10 ? 0 : 1));
  // 1023.7 MiB rounds to 1024 MiB: say 1 GiB instead.
  if (rounded >= 1024 && unit < UNITS.length - 1) {
    rounded = 1;
    unit++;
  }
  return `${sign}${rounded} ${UNITS[unit]}`;
}
