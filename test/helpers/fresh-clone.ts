/**
 * What a newcomer has: a fresh clone of this repository's HEAD, a shell environment with none of the
 * bot's settings, and the commands the README shows. node_modules is hard-linked from this checkout (the
 * README's `npm install` then finds the locked tree in place, as after a first install, in seconds).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

export interface FreshClone {
  dir: string;
  remove(): void;
}

export function freshClone(prefix = 'chatops-clone-'): FreshClone {
  const parent = mkdtempSync(join(tmpdir(), prefix));
  const dir = join(parent, 'acr-chatops');
  execFileSync('git', ['clone', '--quiet', '--no-hardlinks', REPO_ROOT, dir]);
  execFileSync('cp', ['-al', join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules')]);
  return { dir, remove: () => rmSync(parent, { recursive: true, force: true }) };
}

/** The caller's environment without anything that configures the bot or npm's current run. */
export function newcomerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      /^(CHATOPS_|DATABASE_URL$|MicrosoftApp|BOT_ID$|BOT_PASSWORD$|npm_|NODE_OPTIONS$|JEST_|TEAMSAPPTESTER_|M365_AGENTS_)/.test(
        key,
      )
    )
      continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

export { freePort } from './registry/ports.js';

/** Code blocks of a markdown document whose info string is exactly `lang` + optional words. */
export function codeBlocks(markdown: string, infoString: RegExp): string[] {
  const blocks: string[] = [];
  const fence = /^```([^\n]*)\n([\s\S]*?)^```$/gm;
  for (let m = fence.exec(markdown); m; m = fence.exec(markdown)) if (infoString.test(m[1].trim())) blocks.push(m[2]);
  return blocks;
}

/** Shell commands of a block: one per line, trailing `# comments` dropped (a `#` inside quotes stays). */
export function commandsOf(block: string): string[] {
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#\s[^'"]*$/, '').trim())
    .filter((line) => line && !line.startsWith('#'));
}

/** All descendants of a process, from /proc (children first found, then theirs). */
export function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // ended while we looked
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const current = queue.shift()!;
    for (const [child, parent] of parentOf) {
      if (parent !== current) continue;
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

export const isAlive = (pid: number) =>
  existsSync(`/proc/${pid}`) && !/^State:\s+Z/m.test(safeRead(`/proc/${pid}/status`));

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Collects a child's stdout+stderr and lets callers wait for a pattern in it. */
export class OutputWatcher {
  text = '';
  constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.text += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.text += chunk.toString()));
  }

  waitFor(pattern: RegExp, timeoutInMs: number): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(this.text);
        if (match) return done(() => resolve(match));
        if (this.child.exitCode !== null || this.child.signalCode !== null)
          done(() =>
            reject(
              new Error(`exited (${this.child.exitCode ?? this.child.signalCode}) before ${pattern}:\n${this.text}`),
            ),
          );
      };
      const timer = setInterval(check, 200);
      const timeout = setTimeout(
        () => done(() => reject(new Error(`no ${pattern} within ${timeoutInMs} ms:\n${this.text}`))),
        timeoutInMs,
      );
      const done = (fn: () => void) => {
        clearInterval(timer);
        clearTimeout(timeout);
        fn();
      };
      check();
    });
  }
}

export function spawnShell(
  command: string,
  options: { cwd: string; env: NodeJS.ProcessEnv; detached?: boolean },
): ChildProcess {
  return spawn('bash', ['-c', command], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
}
