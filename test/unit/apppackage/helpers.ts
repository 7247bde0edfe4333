import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SOURCE_DIR } from '../../../scripts/teams-app/package.js';

export const APP_PACKAGE_DIR = DEFAULT_SOURCE_DIR;
export const LANGUAGE_FILES = ['ja.json', 'zh-tw.json', 'de.json', 'sv.json'];
export const COMMANDS = ['ask', 'purge', 'usage', 'health', 'pending', 'audit', 'subscribe', 'help'];
export const BOT_GUID = '1f2e3d4c-5b6a-4789-8abc-def012345678';

export function readAppPackageJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(APP_PACKAGE_DIR, file), 'utf8')) as Record<string, unknown>;
}

export interface ManifestForTests {
  $schema: string;
  manifestVersion: string;
  id: string;
  icons: { color: string; outline: string };
  localizationInfo: { defaultLanguageTag: string; additionalLanguages: { languageTag: string; file: string }[] };
  bots: { botId: string; scopes: string[]; supportsFiles: boolean; commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[] }[];
  validDomains?: string[];
}
