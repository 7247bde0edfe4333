import {
  expectedLocalizationKeys,
  localizationProblems,
  validateAgainstBundledSchema,
} from '../../../scripts/teams-app/package.js';
import { LANGUAGE_FILES, readAppPackageJson, type ManifestForTests } from './helpers.js';

const manifest = readAppPackageJson('manifest.json') as unknown as ManifestForTests;
const localizations = Object.fromEntries(LANGUAGE_FILES.map((file) => [file, readAppPackageJson(file)]));

describe('Teams localization files (appPackage/{ja,zh-tw,de,sv}.json)', () => {
  it('are declared in the manifest with en-us as the default language', () => {
    expect(manifest.localizationInfo.defaultLanguageTag).toBe('en-us');
    expect(manifest.localizationInfo.additionalLanguages).toEqual([
      { languageTag: 'ja', file: 'ja.json' },
      { languageTag: 'zh-tw', file: 'zh-tw.json' },
      { languageTag: 'de', file: 'de.json' },
      { languageTag: 'sv', file: 'sv.json' },
    ]);
  });

  it.each(LANGUAGE_FILES)('%s is valid against the bundled localization schema', async (file) => {
    expect(await validateAgainstBundledSchema(localizations[file])).toEqual([]);
  });

  it('the localization schema check rejects unknown keys and over-long texts', async () => {
    const broken = { ...localizations['de.json'], 'bots[0].commandList[0].title': 'typo', 'description.short': 'x'.repeat(81) };
    const errors = (await validateAgainstBundledSchema(broken)).join('\n');
    expect(errors).toMatch(/must NOT have additional properties.*commandList\[0\]/);
    expect(errors).toMatch(/description.short must NOT have more than 80 characters/);
  });

  it('all four translate the same keys: name, descriptions and every command description', () => {
    const expected = expectedLocalizationKeys(manifest);
    expect(expected).toHaveLength(4 + 3 * 8);
    for (const [file, localization] of Object.entries(localizations)) {
      expect(localizationProblems(file, localization, expected)).toEqual([]);
      expect(Object.keys(localization).filter((k) => k !== '$schema').sort()).toEqual([...expected].sort());
    }
  });

  it('reports a missing or stray translation', () => {
    const { 'name.full': _nameFull, ...incomplete } = localizations['sv.json'];
    expect(localizationProblems('sv.json', { ...incomplete, 'bots[0].commandLists[0].commands[0].title': 'fråga' }, expectedLocalizationKeys(manifest)))
      .toEqual(['sv.json: missing translation for "name.full"', 'sv.json: unexpected key "bots[0].commandLists[0].commands[0].title"']);
  });

  it('translates rather than copies the English texts', () => {
    const english: Record<string, string> = { 'description.short': (readAppPackageJson('manifest.json').description as { short: string }).short };
    manifest.bots[0].commandLists.forEach((list, i) =>
      list.commands.forEach((command, j) => (english[`bots[0].commandLists[${i}].commands[${j}].description`] = command.description)),
    );
    for (const localization of Object.values(localizations)) {
      for (const [key, text] of Object.entries(english)) expect(localization[key]).not.toBe(text);
    }
    expect(localizations['ja.json']['description.short']).toMatch(/[\u3040-\u30ff]/); // kana
    expect(localizations['zh-tw.json']['description.full']).toMatch(/登錄庫/); // Traditional, not 登录库
    expect(localizations['de.json']['description.full']).toMatch(/genehmigt/);
    expect(localizations['sv.json']['description.full']).toMatch(/godkänns/);
  });

  it('leaves command titles to the manifest, so the text Teams sends is the command word the bot parses', () => {
    for (const localization of Object.values(localizations)) {
      expect(Object.keys(localization).filter((key) => key.endsWith('.title'))).toEqual([]);
    }
  });
});
