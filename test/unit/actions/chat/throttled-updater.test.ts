import { jest } from '@jest/globals';
import { ThrottledUpdater } from '../../../../src/features/act/execution/throttled-updater.js';

afterEach(() => jest.useRealTimers());

test('at most one update per interval, newest state wins, the final update always goes out last', async () => {
  jest.useFakeTimers({ now: 0 });
  const sent: { value: number; at: number }[] = [];
  const updater = new ThrottledUpdater<number>({
    intervalInMs: 2000,
    send: async (value) => void sent.push({ value, at: Date.now() }),
  });
  for (let i = 1; i <= 5; i++) updater.push(i); // a burst is coalesced into one update with the newest state
  await jest.advanceTimersByTimeAsync(0);
  expect(sent).toEqual([{ value: 5, at: 0 }]);
  updater.push(6);
  updater.push(7);
  await jest.advanceTimersByTimeAsync(1999);
  expect(sent).toHaveLength(1);
  await jest.advanceTimersByTimeAsync(1);
  expect(sent.at(-1)).toEqual({ value: 7, at: 2000 });
  updater.push(8); // superseded by the final card
  const final = updater.final(99);
  await jest.advanceTimersByTimeAsync(2000);
  await final;
  expect(sent.map((s) => s.value)).toEqual([5, 7, 99]);
  expect(sent.at(-1)!.at).toBe(4000);
  for (let i = 1; i < sent.length; i++) expect(sent[i].at - sent[i - 1].at).toBeGreaterThanOrEqual(2000);
});
