import {
  resolvePackageVariables,
  substituteTokens,
  TeamsAppPackageError,
  validateAgainstBundledSchema,
} from '../../../scripts/teams-app/package.js';
import { BOT_GUID, COMMANDS, readAppPackageJson, type ManifestForTests } from './helpers.js';

function renderManifest(env: Record<string, string> = { BOT_ID: BOT_GUID }): ManifestForTests {
  const { variables, problems } = resolvePackageVariables(env, '1.2.3');
  expect(problems).toEqual([]);
  return substituteTokens(readAppPackageJson('manifest.json'), variables) as ManifestForTests;
}

describe('Teams manifest (appPackage/manifest.json)', () => {
  it('uses a current schema that @microsoft/app-manifest bundles', () => {
    const manifest = readAppPackageJson('manifest.json') as unknown as ManifestForTests;
    expect(manifest.manifestVersion).toBe('1.22');
    expect(manifest.$schema).toBe('https://developer.microsoft.com/json-schemas/teams/v1.22/MicrosoftTeams.schema.json');
  });

  it('is valid against the bundled official schema once the ids are filled in', async () => {
    expect(await validateAgainstBundledSchema(renderManifest({ BOT_ID: BOT_GUID, BOT_DOMAIN: 'bot.contoso.com' }))).toEqual([]);
    expect(await validateAgainstBundledSchema(renderManifest({}))).toEqual([]); // placeholder ids, no domain
  });

  it('the schema check rejects what Teams would reject', async () => {
    const manifest = renderManifest() as unknown as Record<string, unknown>;
    const noBotId = structuredClone(manifest) as unknown as ManifestForTests;
    noBotId.bots[0].botId = 'not-a-guid';
    expect((await validateAgainstBundledSchema(noBotId)).join('\n')).toMatch(/\/bots\/0\/botId must match pattern/);
    const { accentColor: _accentColor, ...noAccent } = manifest;
    expect((await validateAgainstBundledSchema(noAccent)).join('\n')).toMatch(/accentColor/);
  });

  it('declares a conversational bot for personal, team and group chat, without files', () => {
    const [bot] = renderManifest().bots;
    expect(bot.botId).toBe(BOT_GUID);
    expect([...bot.scopes].sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(bot.supportsFiles).toBe(false);
  });

  it('has one command list per scope, each with every command and a description', () => {
    const { commandLists } = renderManifest().bots[0];
    expect(commandLists.map((list) => list.scopes)).toEqual([['personal'], ['team'], ['groupChat']]);
    for (const list of commandLists) {
      expect(list.commands.map((c) => c.title)).toEqual(COMMANDS);
      for (const command of list.commands) expect(command.description.length).toBeGreaterThan(10);
    }
  });

  it('takes the app id from TEAMS_APP_ID, else the bot id; the domain from BOT_DOMAIN or BOT_ENDPOINT', () => {
    const teamsAppId = '0a0b0c0d-1111-4222-8333-444455556666';
    expect(renderManifest({ BOT_ID: BOT_GUID }).id).toBe(BOT_GUID);
    expect(renderManifest({ MicrosoftAppId: BOT_GUID, TEAMS_APP_ID: teamsAppId }).id).toBe(teamsAppId);
    expect(renderManifest({ BOT_ID: BOT_GUID, BOT_ENDPOINT: 'https://bot.contoso.com/api/messages' }).validDomains).toEqual(['bot.contoso.com']);
    expect(renderManifest({ BOT_ID: BOT_GUID }).validDomains).toEqual([]);
  });

  it('reports bad ids and unknown tokens instead of writing them into the manifest', () => {
    expect(resolvePackageVariables({ BOT_ID: 'my-bot' }, '1.0.0').problems.join()).toMatch(/BOT_ID .* must be a GUID/);
    expect(resolvePackageVariables({ BOT_DOMAIN: 'https://bot.contoso.com/x' }, '1.0.0').problems.join()).toMatch(/host name/);
    expect(resolvePackageVariables({ APP_PRIVACY_URL: 'http://contoso.com' }, '1.0.0').problems.join()).toMatch(/APP_PRIVACY_URL must start with https/);
    expect(() => substituteTokens({ id: '${{NOT_DEFINED}}' }, {})).toThrow(TeamsAppPackageError);
  });

  it('warns when it falls back to the placeholder bot id', () => {
    const { variables, warnings } = resolvePackageVariables({}, '1.0.0');
    expect(variables.BOT_ID).toBe('00000000-0000-0000-0000-000000000000');
    expect(warnings.join('\n')).toMatch(/BOT_ID .*not set/);
  });

  it('keeps the manifest template free of real ids (only ${{TOKENS}})', () => {
    const text = JSON.stringify(readAppPackageJson('manifest.json'));
    expect(text.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi)).toBeNull();
  });
});
