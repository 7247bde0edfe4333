/**
 * The Playground e2e fixture's teardown, when set-up fails half way: every step still runs (a failing
 * cleanup does not stop the others), the failures are reported together, Chromium is gone and the temp
 * dir removed. Real Chromium; the bot and the Playground are never reached.
 */
import { jest } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { PlaygroundE2e } from '../../helpers/playground-e2e.js';

jest.setTimeout(60_000);

/** Command lines of running processes that mention `text` (Chromium's carry its --user-data-dir). */
function processesMentioning(text: string): string[] {
  return execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(text));
}

test('a failed set-up is torn down completely, and every cleanup runs even when one throws', async () => {
  let workDir = '';
  const ran: string[] = [];
  const e2e = new PlaygroundE2e({
    workDirPrefix: 'playground-e2e-teardown-',
    prepare: async (setup) => {
      workDir = setup.workDir;
      setup.defer(() => void ran.push('first registered'));
      setup.defer(() => {
        ran.push('second registered');
        throw new Error('cleanup broke');
      });
      // Give Chromium time to come up, so the teardown has a browser to close.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      throw new Error('prepare broke');
    },
  });

  await expect(e2e.start()).rejects.toThrow('prepare broke');
  expect(existsSync(workDir)).toBe(true);
  expect(processesMentioning(workDir).length).toBeGreaterThan(0); // Chromium's profile is in workDir

  await expect(e2e.stop()).rejects.toThrow(/teardown failed:\ncleanup #2 of prepare: cleanup broke$/);
  expect(ran).toEqual(['second registered', 'first registered']);
  expect(existsSync(workDir)).toBe(false);
  expect(processesMentioning(workDir)).toEqual([]);
  expect(() => e2e.ui).toThrow('not started');
});
