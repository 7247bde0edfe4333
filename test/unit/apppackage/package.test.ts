import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { buildTeamsAppPackage, TeamsAppPackageError } from '../../../scripts/teams-app/package.js';
import { APP_PACKAGE_DIR, BOT_GUID } from './helpers.js';

const REPO_ROOT = join(APP_PACKAGE_DIR, '..');
const EXPECTED_FILES = ['color.png', 'de.json', 'ja.json', 'manifest.json', 'outline.png', 'sv.json', 'zh-tw.json'];
let workDir: string;

beforeEach(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'apppackage-'));
});
afterEach(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function openZip(path: string) {
  const zip = await JSZip.loadAsync(await readFile(path));
  const manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as { id: string; version: string; bots: { botId: string }[]; validDomains: string[] };
  return { names: Object.keys(zip.files).sort(), manifest, zip };
}

describe('Teams app package (npm run package)', () => {
  it('zips exactly the manifest, icons and localization files at the root, with the ids filled in', async () => {
    const outputPath = join(workDir, 'app.zip');
    const result = await buildTeamsAppPackage({
      outputPath,
      env: { MicrosoftAppId: BOT_GUID, BOT_DOMAIN: 'bot.contoso.com', APP_WEBSITE_URL: 'https://contoso.com', APP_PRIVACY_URL: 'https://contoso.com/p', APP_TERMS_URL: 'https://contoso.com/t' },
      defaultAppVersion: '2.3.4',
    });
    expect(result.warnings).toEqual([]);
    const { names, manifest, zip } = await openZip(outputPath);
    expect(names).toEqual(EXPECTED_FILES);
    expect(manifest.id).toBe(BOT_GUID);
    expect(manifest.bots[0].botId).toBe(BOT_GUID);
    expect(manifest.version).toBe('2.3.4');
    expect(manifest.validDomains).toEqual(['bot.contoso.com']);
    expect(JSON.stringify(manifest)).not.toContain('${{');
    // Icons and translations are copied byte for byte.
    expect((await zip.file('outline.png')!.async('nodebuffer')).equals(await readFile(join(APP_PACKAGE_DIR, 'outline.png')))).toBe(true);
    expect(await zip.file('ja.json')!.async('string')).toBe(await readFile(join(APP_PACKAGE_DIR, 'ja.json'), 'utf8'));
  });

  it('is reproducible: the same inputs give the same bytes', async () => {
    const env = { BOT_ID: BOT_GUID };
    await buildTeamsAppPackage({ outputPath: join(workDir, 'a.zip'), env });
    await buildTeamsAppPackage({ outputPath: join(workDir, 'b.zip'), env });
    expect((await readFile(join(workDir, 'a.zip'))).equals(await readFile(join(workDir, 'b.zip')))).toBe(true);
  });

  it('writes nothing when a file is invalid, and names every problem', async () => {
    const sourceDir = join(workDir, 'src');
    await cp(APP_PACKAGE_DIR, sourceDir, { recursive: true });
    const sv = JSON.parse(await readFile(join(sourceDir, 'sv.json'), 'utf8')) as Record<string, string>;
    delete sv['description.full'];
    await writeFile(join(sourceDir, 'sv.json'), JSON.stringify(sv));
    await cp(join(sourceDir, 'color.png'), join(sourceDir, 'outline.png'));
    const outputPath = join(workDir, 'app.zip');
    const error = await buildTeamsAppPackage({ sourceDir, outputPath, env: { BOT_ID: BOT_GUID } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TeamsAppPackageError);
    expect((error as TeamsAppPackageError).problems).toEqual([
      'outline.png: must be 32×32 px, is 192×192',
      `sv.json must have required property 'description.full'. Details: {"missingProperty":"description.full"}`,
      'sv.json: missing translation for "description.full"',
    ]);
    await expect(stat(outputPath)).rejects.toThrow(/ENOENT/);
  });

  it('the npm script writes the zip to --out, warns about the placeholder id and fails with exit code 1 on a bad id', async () => {
    const outputPath = join(workDir, 'cli.zip');
    // Run from the temp dir so a developer's .env cannot change the result.
    const run = (env: Record<string, string>) =>
      promisify(execFile)(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), [join(REPO_ROOT, 'scripts', 'package-teams-app.ts'), '--out', outputPath], {
        cwd: workDir,
        env: { PATH: process.env.PATH ?? '', ...env },
      });
    const { stdout, stderr } = await run({});
    expect(stderr).toMatch(/warning: BOT_ID \(or MicrosoftAppId\) is not set/);
    expect(stdout).toMatch(/bot id 00000000-0000-0000-0000-000000000000/);
    expect((await openZip(outputPath)).names).toEqual(EXPECTED_FILES);

    const failure = (await run({ BOT_ID: 'my-bot' }).catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(failure.code).toBe(1);
    expect(failure.stderr).toMatch(/BOT_ID \/ MicrosoftAppId must be a GUID/);

    // A .env in the working directory is read (Node's own loader); variables already set win over it.
    await writeFile(join(workDir, '.env'), `BOT_ID=${BOT_GUID}\nAPP_VERSION=2.3.4\n`);
    const fromFile = await run({});
    expect(fromFile.stderr).not.toMatch(/BOT_ID/);
    expect(fromFile.stdout).toContain(`bot id ${BOT_GUID}, version 2.3.4`);
    expect((await run({ APP_VERSION: '5.6.7' })).stdout).toContain(`bot id ${BOT_GUID}, version 5.6.7`);
  }, 60_000);
});
