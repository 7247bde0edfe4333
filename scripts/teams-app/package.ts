// Builds the Teams app package (the zip you upload to Teams): fills the ${{NAME}} tokens of
// appPackage/manifest.json from the environment, validates the manifest and the localization files
// against the official JSON schemas bundled in @microsoft/app-manifest (offline), checks the icons,
// and writes manifest.json, the icons and the localization files at the root of a zip.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import JSZip from 'jszip';
import { decodePng, readPngHeader } from './png.js';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const DEFAULT_SOURCE_DIR = join(REPO_ROOT, 'appPackage');
export const DEFAULT_OUTPUT_PATH = join(REPO_ROOT, 'build', 'appPackage.zip');

/** Used when neither BOT_ID nor MicrosoftAppId is set: the zip is valid, but Teams cannot reach a bot with it. */
export const PLACEHOLDER_BOT_ID = '00000000-0000-0000-0000-000000000000';
const PLACEHOLDER_SITE = 'https://example.com/acr-chatops';

const GUID = /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
const HOST_NAME =
  /^(?=.{1,253}$)(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const TOKEN = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export const ICON_SIZES_IN_PX = { color: 192, outline: 32 } as const;

export class TeamsAppPackageError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Teams app package is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'TeamsAppPackageError';
  }
}

export type PackageEnv = Readonly<Record<string, string | undefined>>;

export interface PackageVariables {
  variables: Record<string, string>;
  warnings: string[];
  problems: string[];
}

/**
 * The values for the manifest tokens, from the environment:
 * BOT_ID (or MicrosoftAppId, the Bot Framework name), TEAMS_APP_ID (defaults to the bot id),
 * BOT_DOMAIN (or the host of BOT_ENDPOINT; empty drops it from validDomains), APP_VERSION,
 * APP_WEBSITE_URL / APP_PRIVACY_URL / APP_TERMS_URL.
 */
export function resolvePackageVariables(env: PackageEnv, defaultAppVersion: string): PackageVariables {
  const warnings: string[] = [];
  const problems: string[] = [];
  const read = (name: string) => env[name]?.trim() || undefined;

  let botId = read('BOT_ID') ?? read('MicrosoftAppId');
  if (!botId) {
    botId = PLACEHOLDER_BOT_ID;
    warnings.push(
      `BOT_ID (or MicrosoftAppId) is not set: using the placeholder ${PLACEHOLDER_BOT_ID}. ` +
        'Set it to the Microsoft App ID of your Azure Bot before uploading the zip to Teams.',
    );
  } else if (!GUID.test(botId)) {
    problems.push('BOT_ID / MicrosoftAppId must be a GUID (the Microsoft App ID of the Azure Bot registration)');
  }
  const teamsAppId = read('TEAMS_APP_ID') ?? botId;
  if (read('TEAMS_APP_ID') && !GUID.test(teamsAppId)) problems.push('TEAMS_APP_ID must be a GUID');

  let botDomain = read('BOT_DOMAIN');
  const endpoint = read('BOT_ENDPOINT');
  if (!botDomain && endpoint) {
    try {
      botDomain = new URL(endpoint).hostname;
    } catch {
      problems.push('BOT_ENDPOINT must be a URL such as https://bot.example.com');
    }
  }
  if (botDomain && !HOST_NAME.test(botDomain))
    problems.push('BOT_DOMAIN must be a host name such as bot.example.com (no scheme, no path)');

  const urls: Record<string, string> = {};
  const defaults = {
    APP_WEBSITE_URL: PLACEHOLDER_SITE,
    APP_PRIVACY_URL: `${PLACEHOLDER_SITE}/privacy`,
    APP_TERMS_URL: `${PLACEHOLDER_SITE}/terms`,
  };
  const defaulted: string[] = [];
  for (const [name, fallback] of Object.entries(defaults)) {
    const value = read(name);
    if (value && !/^https:\/\//i.test(value)) problems.push(`${name} must start with https://`);
    if (!value) defaulted.push(name);
    urls[name] = value ?? fallback;
  }
  if (defaulted.length > 0) {
    warnings.push(
      `${defaulted.join(', ')} not set: using ${PLACEHOLDER_SITE} placeholders (fine for sideloading, set them before publishing to your organization).`,
    );
  }

  return {
    variables: {
      BOT_ID: botId,
      TEAMS_APP_ID: teamsAppId,
      BOT_DOMAIN: botDomain ?? '',
      APP_VERSION: read('APP_VERSION') ?? defaultAppVersion,
      ...urls,
    },
    warnings,
    problems,
  };
}

/**
 * Replaces ${{NAME}} tokens in every string of a parsed JSON document (never in the raw text, so a
 * value cannot break the JSON). An array item that is only a token resolving to "" is dropped.
 */
export function substituteTokens(template: unknown, variables: Readonly<Record<string, string>>): unknown {
  const missing = new Set<string>();
  const fill = (value: string) =>
    value.replace(TOKEN, (_, name: string) => {
      if (!(name in variables)) missing.add(name);
      return variables[name] ?? '';
    });
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return fill(node);
    if (Array.isArray(node)) {
      return node
        .filter((item) => !(typeof item === 'string' && /^\$\{\{[^}]+\}\}$/.test(item) && fill(item) === ''))
        .map(walk);
    }
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    return node;
  };
  const result = walk(template);
  if (missing.size > 0)
    throw new TeamsAppPackageError([...missing].map((name) => `unknown token \${{${name}}} in the manifest`));
  return result;
}

const SCHEMA_URL = /\/json-schemas\/teams\/(v[0-9.]+|vDevPreview)\/(MicrosoftTeams(?:\.Localization)?\.schema\.json)$/;

/**
 * Loads the schema a document names in `$schema` from the copy bundled in @microsoft/app-manifest,
 * never from the network: a schema that is not bundled is an error.
 */
export async function loadBundledSchema(schemaUrl: unknown): Promise<object> {
  const match = typeof schemaUrl === 'string' ? SCHEMA_URL.exec(schemaUrl) : null;
  if (!match)
    throw new TeamsAppPackageError([`$schema must be an official Teams schema URL, got ${JSON.stringify(schemaUrl)}`]);
  const packageDir = dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json'));
  const path = join(packageDir, 'build', 'json-schemas', 'teams', match[1], match[2]);
  if (!existsSync(path))
    throw new TeamsAppPackageError([`schema ${match[1]}/${match[2]} is not bundled in @microsoft/app-manifest`]);
  // Some schema files carry JSON-invalid "\a" / "\v" escapes; the package's own loader rewrites them the same way.
  const schema = JSON.parse((await readFile(path, 'utf8')).replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b')) as {
    patternProperties?: Record<string, unknown>;
  };
  if (schema.patternProperties) {
    // The localization schemas contain patterns like `\[\b(…)\b]`: a lone "]" is a literal in plain
    // JavaScript regexes but a syntax error with the `u` flag ajv compiles with. "\]" means the same.
    schema.patternProperties = Object.fromEntries(
      Object.entries(schema.patternProperties).map(([pattern, rule]) => [pattern.replace(/\\b\]/g, '\\b\\]'), rule]),
    );
  }
  return schema;
}

/** Schema errors of a Teams manifest or localization file (empty when valid). */
export async function validateAgainstBundledSchema(document: object): Promise<string[]> {
  const schema = await loadBundledSchema((document as { $schema?: unknown }).$schema);
  return AppManifestUtils.validateAgainstSchema(
    document as AppManifest,
    schema as Parameters<typeof AppManifestUtils.validateAgainstSchema>[1],
  );
}

interface ManifestShape {
  $schema?: string;
  icons?: { color?: string; outline?: string };
  localizationInfo?: { additionalLanguages?: { languageTag: string; file: string }[] };
  bots?: { commandLists?: { commands: { title: string }[] }[] }[];
}

/**
 * The keys every localization file must translate: app name and descriptions and every bot command
 * description. Command titles are deliberately not localized: Teams sends the title as the message
 * text, so it must stay the command word the bot parses.
 */
export function expectedLocalizationKeys(manifest: ManifestShape): string[] {
  const keys = ['name.short', 'name.full', 'description.short', 'description.full'];
  manifest.bots?.[0]?.commandLists?.forEach((list, i) =>
    list.commands.forEach((_, j) => keys.push(`bots[0].commandLists[${i}].commands[${j}].description`)),
  );
  return keys;
}

export function localizationProblems(
  file: string,
  localization: Record<string, unknown>,
  expectedKeys: readonly string[],
): string[] {
  const actual = Object.keys(localization).filter((key) => key !== '$schema');
  return [
    ...expectedKeys.filter((key) => !actual.includes(key)).map((key) => `${file}: missing translation for "${key}"`),
    ...actual.filter((key) => !expectedKeys.includes(key)).map((key) => `${file}: unexpected key "${key}"`),
  ];
}

/** Size, format and (for the outline icon) colour rules Teams applies to app icons. */
export function iconProblems(kind: keyof typeof ICON_SIZES_IN_PX, file: string, png: Buffer): string[] {
  const expected = ICON_SIZES_IN_PX[kind];
  let header;
  try {
    header = readPngHeader(png);
  } catch (error) {
    return [`${file}: ${(error as Error).message}`];
  }
  if (header.widthInPx !== expected || header.heightInPx !== expected) {
    return [`${file}: must be ${expected}×${expected} px, is ${header.widthInPx}×${header.heightInPx}`];
  }
  if (kind !== 'outline') return [];
  const { pixels } = decodePng(png);
  for (let i = 0; i < pixels.length; i += 4) {
    if (pixels[i + 3] !== 0 && (pixels[i] !== 255 || pixels[i + 1] !== 255 || pixels[i + 2] !== 255)) {
      return [`${file}: the outline icon may use only white and transparency (pixel ${i / 4} is not)`];
    }
  }
  return [];
}

export interface TeamsAppPackageOptions {
  /** Folder with manifest.json, icons and localization files; default appPackage/. */
  sourceDir?: string;
  /** Where the zip goes; default build/appPackage.zip. */
  outputPath?: string;
  /** Source of BOT_ID & co.; default process.env. */
  env?: PackageEnv;
  /** APP_VERSION when the env has none; default the version in package.json. */
  defaultAppVersion?: string;
}

export interface TeamsAppPackageResult {
  outputPath: string;
  /** Names of the files at the root of the zip. */
  files: string[];
  manifest: Record<string, unknown>;
  warnings: string[];
}

/** Validates everything first and writes the zip only when nothing is wrong (atomically: temp file + rename). */
export async function buildTeamsAppPackage(options: TeamsAppPackageOptions = {}): Promise<TeamsAppPackageResult> {
  const sourceDir = options.sourceDir ?? DEFAULT_SOURCE_DIR;
  const outputPath = resolve(options.outputPath ?? DEFAULT_OUTPUT_PATH);
  const defaultAppVersion =
    options.defaultAppVersion ??
    (JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const readJson = async (file: string) =>
    JSON.parse(await readFile(join(sourceDir, file), 'utf8')) as Record<string, unknown>;

  const { variables, warnings, problems } = resolvePackageVariables(options.env ?? process.env, defaultAppVersion);
  if (problems.length > 0) throw new TeamsAppPackageError(problems);

  const manifest = substituteTokens(await readJson('manifest.json'), variables) as Record<string, unknown> &
    ManifestShape;
  problems.push(...(await validateAgainstBundledSchema(manifest)).map((error) => `manifest.json${error}`));

  const entries = new Map<string, Buffer>([['manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`)]]);
  for (const kind of ['color', 'outline'] as const) {
    const file = manifest.icons?.[kind];
    if (!file) continue; // the schema check above already reports a missing icon
    const png = await readFile(join(sourceDir, file));
    problems.push(...iconProblems(kind, file, png));
    entries.set(file, png);
  }
  const expectedKeys = expectedLocalizationKeys(manifest);
  for (const { file } of manifest.localizationInfo?.additionalLanguages ?? []) {
    const localization = await readJson(file);
    problems.push(...(await validateAgainstBundledSchema(localization)).map((error) => `${file}${error}`));
    problems.push(...localizationProblems(file, localization, expectedKeys));
    entries.set(file, await readFile(join(sourceDir, file)));
  }
  if (problems.length > 0) throw new TeamsAppPackageError(problems);

  const zip = new JSZip();
  // A fixed timestamp makes the zip reproducible: same inputs, same bytes.
  for (const [name, content] of entries) zip.file(name, content, { date: new Date(2000, 0, 1) });
  const bytes = await zip.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    compressionOptions: { level: 9 },
  });
  await mkdir(dirname(outputPath), { recursive: true });
  const temporaryPath = `${outputPath}.${process.pid}.tmp`;
  await writeFile(temporaryPath, bytes);
  await rename(temporaryPath, outputPath);
  return { outputPath, files: [...entries.keys()], manifest, warnings };
}
