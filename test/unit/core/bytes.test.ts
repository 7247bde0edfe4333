import { formatBytes } from '../../../src/core/bytes.js';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [491, '491 B'],
    [1023, '1023 B'],
    [1024, '1 KiB'],
    [2_867, '2.8 KiB'],
    [43_110, '42 KiB'],
    [1_500_000, '1.4 MiB'],
    [18_000_000, '17 MiB'],
    [812 * 1024 ** 2, '812 MiB'],
    [1.5 * 1024 ** 3, '1.5 GiB'],
    [7_516_192_768, '7 GiB'],
    [10_737_418_240, '10 GiB'],
    [2 * 1024 ** 4, '2 TiB'],
    [-1536, '-1.5 KiB'],
  ])('%d bytes → %s', (bytes, expected) => expect(formatBytes(bytes)).toBe(expected));

  it('moves up a unit when rounding reaches 1024 (1023.7 MiB is 1 GiB)', () => {
    expect(formatBytes(1023.7 * 1024 ** 2)).toBe('1 GiB');
    expect(formatBytes(9.97 * 1024 ** 2)).toBe('10 MiB');
  });

  it('says ? for an unknown size', () => {
    expect(formatBytes(undefined)).toBe('?');
    expect(formatBytes(Number.NaN)).toBe('?');
  });
});
