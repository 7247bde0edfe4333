import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Constant-time secret comparison. Both sides are hashed first so the compared buffers always have
 * the same length (timingSafeEqual requires it) and the secret's length does not leak either.
 */
export function secretMatches(provided: string | undefined, expected: string): boolean {
  if (typeof provided !== 'string' || provided.length === 0) return false;
  const a = createHash('sha256').update(provided, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}
