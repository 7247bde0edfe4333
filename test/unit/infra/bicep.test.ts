import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// No Bicep compiler exists offline, so these read the template as text and check its security promises.
const bicep = readFileSync(join(process.cwd(), 'infra', 'main.bicep'), 'utf8');
const parameters = JSON.parse(readFileSync(join(process.cwd(), 'infra', 'main.parameters.json'), 'utf8')).parameters as Record<string, unknown>;

const declaredParams = [...bicep.matchAll(/^param (\w+) (\w+)( = .*)?$/gm)].map((m) => ({ name: m[1], hasDefault: Boolean(m[3]) }));

/** The text of `var operatorActions = concat(…)`, the role's action list. */
function operatorActionsBlock(): string {
  const match = /var operatorActions = concat\(([\s\S]*?)\]\)\n/.exec(bicep);
  expect(match).not.toBeNull();
  return match![1];
}

describe('infra/main.bicep', () => {
  test('parameters file names only declared parameters and sets every required one', () => {
    const declared = new Set(declaredParams.map((p) => p.name));
    for (const name of Object.keys(parameters)) expect(declared).toContain(name);
    for (const p of declaredParams.filter((d) => !d.hasDefault)) expect(Object.keys(parameters)).toContain(p.name);
  });

  test('the operator role lists exact actions: no wildcards, no credential access', () => {
    const actions = [...operatorActionsBlock().matchAll(/'(Microsoft\.[^']+)'/g)].map((m) => m[1]);
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) {
      expect(action).not.toContain('*');
      expect(action).not.toMatch(/listCredentials|regenerateCredential|roleAssignments/);
    }
  });

  test('registry write is granted only when disabling the admin user is allowed', () => {
    const [always, optional] = operatorActionsBlock().split('allowDisableAdminUser ?');
    expect(always).not.toContain("registries/write'");
    expect(optional).toContain("'Microsoft.ContainerRegistry/registries/write'");
    expect(bicep).toMatch(/param allowDisableAdminUser bool = false/);
  });

  test('no broad built-in roles (Owner, Contributor, User Access Administrator)', () => {
    for (const id of ['8e3af657-a8ff-443c-a75c-2fe8c4bcb635', 'b24988ac-6180-42a0-ab88-20f7382dd24c', '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9']) {
      expect(bicep).not.toContain(id);
    }
  });

  test('databases and bots use Entra identities only; secrets come from Key Vault references', () => {
    expect(bicep).toMatch(/passwordAuth: 'Disabled'/);
    expect(bicep).toMatch(/disableLocalAuth: true/);
    expect(bicep).toMatch(/msaAppType: 'UserAssignedMSI'/);
    const settings = [...bicep.matchAll(/\{ name: '(\w+)', value: '([^']*)' \}/g)];
    for (const [, name, value] of settings) {
      if (/SECRET|KEY|PASSWORD/i.test(name)) expect(value).toMatch(/^@Microsoft\.KeyVault\(/);
    }
    expect(bicep).not.toMatch(/administratorLoginPassword|MicrosoftAppPassword/);
  });

  test('the web app only speaks HTTPS with TLS 1.2 and reports health', () => {
    expect(bicep).toMatch(/httpsOnly: true/);
    expect(bicep).toMatch(/minTlsVersion: '1\.2'/);
    expect(bicep).toMatch(/healthCheckPath: '\/healthz'/);
  });
});
