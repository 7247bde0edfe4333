import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { entraPassword, EntraTokenError, POSTGRES_ENTRA_SCOPE } from '../../../src/storage/entra-password.js';

/** A credential double on a fake clock: each call issues token-N valid for `lifetimeInMs`. */
function credential(clock: { now: number }, lifetimeInMs: number, extra: Partial<AccessToken> = {}) {
  const calls: string[] = [];
  let fail = false;
  const double: TokenCredential & { calls: string[]; fail(on: boolean): void } = {
    calls,
    fail: (on) => (fail = on),
    async getToken(scopes) {
      calls.push(String(scopes));
      if (fail) throw new Error('endpoint down');
      return { token: `token-${calls.length}`, expiresOnTimestamp: clock.now + lifetimeInMs, ...extra };
    },
  };
  return double;
}

test('asks for the PostgreSQL scope, caches the token, refreshes it inside the margin, and shares one request between concurrent callers', async () => {
  const clock = { now: 1_000_000 };
  const cred = credential(clock, 60 * 60_000);
  const password = entraPassword({ credential: cred, now: () => clock.now });
  expect(await Promise.all([password(), password(), password()])).toEqual(['token-1', 'token-1', 'token-1']);
  expect(cred.calls).toEqual([POSTGRES_ENTRA_SCOPE]);
  clock.now += 54 * 60_000; // 6 minutes left: still outside the 5-minute margin
  expect(await password()).toBe('token-1');
  clock.now += 2 * 60_000; // 4 minutes left: refresh
  expect(await password()).toBe('token-2');
  expect(cred.calls).toHaveLength(2);
});

test('honours refreshAfterTimestamp when the identity library gives one', async () => {
  const clock = { now: 0 };
  const cred = credential(clock, 60 * 60_000, { refreshAfterTimestamp: 30 * 60_000 });
  const password = entraPassword({ credential: cred, now: () => clock.now });
  expect(await password()).toBe('token-1');
  clock.now = 30 * 60_000;
  expect(await password()).toBe('token-2');
});

test('an outage uses the still-valid token, then fails with a clear error that names the scope and no token', async () => {
  const clock = { now: 0 };
  const cred = credential(clock, 10 * 60_000);
  const password = entraPassword({ credential: cred, now: () => clock.now });
  await password();
  cred.fail(true);
  clock.now = 6 * 60_000; // inside the margin, not expired
  expect(await password()).toBe('token-1');
  clock.now = 10 * 60_000; // expired
  const error = await password().then(
    () => undefined,
    (e: Error) => e,
  );
  expect(error).toBeInstanceOf(EntraTokenError);
  expect(error!.message).toBe(`could not get a Microsoft Entra token for ${POSTGRES_ENTRA_SCOPE}: endpoint down`);
  cred.fail(false);
  expect(await password()).toBe('token-4');
});
