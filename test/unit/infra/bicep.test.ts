import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/index.js';
import { envSchema, SECRET_KEYS } from '../../../src/config/schema.js';
import { AcrRegistryClient } from '../../../src/registry/acr/client.js';
import { ArmRegistryManagement } from '../../../src/registry/acr/management.js';
import { ACR_ACTIONS_BY_OPERATION, OPTIONAL_ACR_OPERATIONS } from '../../../src/registry/acr/permissions.js';
import {
  appSettings,
  appSettingsAsEnvironment,
  bicep,
  PLATFORM_SETTINGS,
  resourceBlock,
  SAMPLE_DEPLOYMENT_VALUES,
} from '../../helpers/bicep.js';

// No Bicep compiler exists offline, so these read the template as text and check its promises.
const read = (...path: string[]) => readFileSync(join(process.cwd(), ...path), 'utf8');
const parameters = JSON.parse(read('infra', 'main.parameters.json')).parameters as Record<string, { value: unknown }>;
const readme = read('README.md');

const declaredParams = [...bicep.matchAll(/^param (\w+) (\w+)( = .*)?$/gm)].map((m) => ({
  name: m[1],
  hasDefault: Boolean(m[3]),
}));

/** The text of `var operatorActions = concat(…)`, the role's action list. */
function operatorActionsBlock(): string {
  const match = /var operatorActions = concat\(([\s\S]*?)\]\)\n/.exec(bicep);
  expect(match).not.toBeNull();
  return match![1];
}
const actionsIn = (text: string) => [...text.matchAll(/'(Microsoft\.[^']+)'/g)].map((m) => m[1]).sort();

/** Every Key Vault reference in `env` replaced by a stand-in value, as App Service resolves them. */
function secretsResolved(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env)
      .filter(([, v]) => v.startsWith('@Microsoft.KeyVault('))
      .map(([k]) => [k, `resolved-secret-for-${k}`]),
  );
}

/** Settings production cannot do without (each one's absence breaks a feature or security). */
const PRODUCTION_SETTINGS = [
  'MicrosoftAppType',
  'MicrosoftAppId',
  'MicrosoftAppTenantId', // Bot Framework auth (the managed identity)
  'AZURE_CLIENT_ID',
  'DATABASE_URL',
  'CHATOPS_DATABASE_AUTH', // PostgreSQL with Entra sign-in, not ./data
  'CHATOPS_REGISTRIES',
  'CHATOPS_AZURE_SUBSCRIPTION_ID',
  'CHATOPS_AZURE_RESOURCE_GROUP', // registry, usage, runs, admin-user watcher
  'CHATOPS_PUBLIC_URL', // report links must name the site, not one instance
  'CHATOPS_FEEDBACK_HASH_KEY',
  'CHATOPS_ALERTS_ACR_SECRET',
  'CHATOPS_ALERTS_EVENTGRID_KEY', // secrets
];

describe('infra/main.bicep: parameters', () => {
  test('the parameters file names only declared parameters and sets every required one', () => {
    const declared = new Set(declaredParams.map((p) => p.name));
    for (const name of Object.keys(parameters)) expect(declared).toContain(name);
    for (const p of declaredParams.filter((d) => !d.hasDefault)) expect(Object.keys(parameters)).toContain(p.name);
  });

  test("no all-zero placeholder ids; the PostgreSQL administrator's principal type is a parameter", () => {
    for (const file of [
      bicep,
      read('infra', 'main.parameters.json'),
      read('m365agents.yml'),
      read('env', '.env.dev'),
    ]) {
      expect(file).not.toContain('00000000-0000-0000-0000-000000000000');
    }
    expect(bicep).toMatch(
      /@allowed\(\[ 'Group', 'User', 'ServicePrincipal' \]\)\nparam postgresAdminPrincipalType string = 'Group'/,
    );
    expect(resourceBlock('postgresAdmin')).toContain('principalType: postgresAdminPrincipalType');
  });

  test('every ${{NAME}} in the parameters file is defined for the Agents Toolkit (env/.env.dev, or .env.dev.user for SECRET_*)', () => {
    const placeholders = [...read('infra', 'main.parameters.json').matchAll(/\$\{\{(\w+)\}\}/g)].map((m) => m[1]);
    expect(placeholders.length).toBeGreaterThan(0);
    const env = read('env', '.env.dev');
    const userSample = read('env', '.env.dev.user.sample');
    for (const name of placeholders)
      expect(name.startsWith('SECRET_') ? userSample : env).toMatch(new RegExp(`^${name}=`, 'm'));
  });
});

describe('infra/main.bicep: app settings are the settings the bot reads', () => {
  const settings = appSettings();

  test("each name is in the config schema (or is App Service's own); PORT is left to the platform", () => {
    const known = new Set([...Object.keys(envSchema.shape), ...PLATFORM_SETTINGS]);
    for (const name of settings.keys()) expect({ name, known: known.has(name) }).toEqual({ name, known: true });
    for (const name of ['PORT', 'CHATOPS_PORT', 'CHATOPS_HOST', 'CHATOPS_DATA_DIR'])
      expect(settings.has(name)).toBe(false);
  });

  test('every setting production needs is set', () => {
    for (const name of PRODUCTION_SETTINGS) expect({ name, set: settings.has(name) }).toEqual({ name, set: true });
  });

  test('secrets are Key Vault references only, and nothing else is', () => {
    for (const [name, value] of settings) {
      // Optional features (Slack) refer to their secret only when switched on: `flag ? '@Microsoft.KeyVault(…)' : ''`.
      const reference =
        value.startsWith("'@Microsoft.KeyVault(") || /^\w+ \? '@Microsoft\.KeyVault\([^']*\)' : ''$/.test(value);
      const secret = (SECRET_KEYS as readonly string[]).includes(name) && name !== 'DATABASE_URL'; // the URL carries no password
      expect({ name, reference }).toEqual({ name, reference: secret });
    }
    expect(bicep).not.toMatch(/administratorLoginPassword|MicrosoftAppPassword/);
  });

  test('as resolved by a deployment, the settings load into a production config (Entra database, registry, Azure scope, alert secrets)', () => {
    const env = appSettingsAsEnvironment({ ...SAMPLE_DEPLOYMENT_VALUES });
    const secrets = Object.fromEntries(
      Object.entries(env)
        .filter(([, v]) => v.startsWith('@Microsoft.KeyVault('))
        .map(([k]) => [k, `resolved-secret-for-${k}`]),
    );
    const config = loadConfig({ env: { ...env, ...secrets, PORT: '8080' }, dotenvPath: null });
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      databaseAuth: 'entra',
      azureClientId: SAMPLE_DEPLOYMENT_VALUES['identity.properties.clientId'],
      metrics: { access: 'off' },
    });
    expect(config.databaseUrl).toBe(
      'postgres://acrops-bot-id@acrops-pg-abc123.postgres.database.azure.com:5432/chatops?sslmode=verify-full',
    );
    expect(config.registries).toEqual([{ name: 'contosoprod', reference: 'acr:ContosoProd' }]);
    expect(config.teams).toMatchObject({ appType: 'UserAssignedMSI', appPassword: undefined });
    expect(config.alerts.acrWebhookSecret).toBe('resolved-secret-for-CHATOPS_ALERTS_ACR_SECRET');
    // Unresolved (App Service could not read the vault): the bot refuses to start.
    expect(() => loadConfig({ env: { ...env, PORT: '8080' }, dotenvPath: null })).toThrow(
      /CHATOPS_ALERTS_ACR_SECRET: is an unresolved Key Vault reference/,
    );
  });

  test('Slack is off unless enableSlack; switched on, its two secrets come from Key Vault and must resolve', () => {
    const off = appSettingsAsEnvironment({ ...SAMPLE_DEPLOYMENT_VALUES });
    expect([off.SLACK_SIGNING_SECRET, off.SLACK_BOT_TOKEN]).toEqual(['', '']);
    const on = appSettingsAsEnvironment({ ...SAMPLE_DEPLOYMENT_VALUES, enableSlack: 'true' });
    expect(on.SLACK_BOT_TOKEN).toBe('@Microsoft.KeyVault(VaultName=acropskvabc12345;SecretName=slack-bot-token)');
    const resolved = Object.fromEntries(
      Object.entries(on).map(([k, v]) => [k, v.startsWith('@Microsoft.KeyVault(') ? `resolved-secret-for-${k}` : v]),
    );
    const config = loadConfig({
      env: { ...resolved, SLACK_BOT_TOKEN: 'xoxb-resolved-token', PORT: '8080' },
      dotenvPath: null,
    });
    expect(config.slack).toMatchObject({ botToken: 'xoxb-resolved-token', apiUrl: 'https://slack.com/api/' });
    expect(
      loadConfig({ env: { ...off, ...secretsResolved(off), PORT: '8080' }, dotenvPath: null }).slack,
    ).toBeUndefined();
    expect(() =>
      loadConfig({ env: { ...resolved, SLACK_BOT_TOKEN: on.SLACK_BOT_TOKEN, PORT: '8080' }, dotenvPath: null }),
    ).toThrow(/SLACK_BOT_TOKEN: is an unresolved Key Vault reference/);
  });

  test('every Key Vault reference names a secret the template creates and the README sets with a command', () => {
    const names = [...bicep.matchAll(/@Microsoft\.KeyVault\(VaultName=\$\{vault\.name\};SecretName=([\w-]+)\)/g)].map(
      (m) => m[1],
    );
    expect(names.sort()).toEqual([
      'acr-webhook-secret',
      'eventgrid-key',
      'feedback-hash-key',
      'slack-bot-token',
      'slack-signing-secret',
    ]);
    const created = /var secretValues = \[([\s\S]*?)\n\]/.exec(bicep)![1];
    for (const name of names) {
      expect(created).toContain(`name: '${name}'`);
      expect(readme).toMatch(new RegExp(`az keyvault secret set --vault-name "\\$KEY_VAULT_NAME" --name ${name} `));
    }
    expect(resourceBlock('appSettings')).toMatch(/dependsOn: \[[^\]]*\bvaultReader\b[^\]]*\bsecrets\b/);
  });
});

describe('infra/main.bicep: least privilege', () => {
  const operations = ACR_ACTIONS_BY_OPERATION as Record<string, readonly string[]>;
  const union = (names: string[]) => [...new Set(names.flatMap((n) => operations[n]))].sort();

  test('the operator role grants exactly the actions of the operations the code performs', () => {
    const [always, optional] = operatorActionsBlock().split('allowDisableAdminUser ?');
    const required = Object.keys(operations).filter((n) => !OPTIONAL_ACR_OPERATIONS.includes(n as never));
    expect(actionsIn(always)).toEqual(union(required));
    expect(actionsIn(optional)).toEqual(union([...OPTIONAL_ACR_OPERATIONS]));
    expect(actionsIn(always)).toContain('Microsoft.ContainerRegistry/registries/metadata/write'); // locking images
    expect(bicep).toMatch(/param allowDisableAdminUser bool = false/);
  });

  test('every operation of the ACR clients has its actions listed (a new one cannot ship without a permission)', () => {
    const internal = new Set(['constructor', 'toInfo', 'content', 'registryPath', 'send']); // private helpers of the listed operations
    const methods = [AcrRegistryClient, ArmRegistryManagement]
      .flatMap((c) => Object.getOwnPropertyNames(c.prototype))
      .filter((m) => !internal.has(m));
    for (const method of methods) expect({ method, listed: method in operations }).toEqual({ method, listed: true });
  });

  test('no wildcards, no credential access, no broad built-in roles; the role name is unique per tenant', () => {
    for (const action of actionsIn(operatorActionsBlock()))
      expect(action).not.toMatch(/\*|listCredentials|regenerateCredential|roleAssignments/);
    for (const id of [
      '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
      'b24988ac-6180-42a0-ab88-20f7382dd24c',
      '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
    ])
      expect(bicep).not.toContain(id);
    expect(resourceBlock('operatorRole')).toMatch(
      /roleName: '[^']*\$\{resourceGroup\(\)\.name\}[^']*\$\{registryName\}/,
    );
  });
});

describe('infra/main.bicep: network, ordering, hosting', () => {
  test('PostgreSQL: Entra only, in a delegated subnet with a private DNS zone, no public access and no firewall rule', () => {
    const postgres = resourceBlock('postgres');
    expect(postgres).toMatch(/passwordAuth: 'Disabled'/);
    expect(postgres).toMatch(/delegatedSubnetResourceId: postgresSubnetId/);
    expect(postgres).toMatch(/privateDnsZoneArmResourceId: postgresDns\.id/);
    expect(postgres).toMatch(/publicNetworkAccess: 'Disabled'/);
    expect(postgres).toMatch(/dependsOn: \[ postgresDnsLink \]/);
    expect(resourceBlock('postgresDns')).toMatch(/name: '\$\{postgresName\}\.private\.postgres\.database\.azure\.com'/);
    expect(resourceBlock('vnet')).toContain("serviceName: 'Microsoft.DBforPostgreSQL/flexibleServers'");
    // The subnet ids come from the deployed network (in its order: app, postgres), so users wait for it.
    expect(bicep).toMatch(
      /var appSubnetId = vnet\.properties\.subnets\[0\]\.id\nvar postgresSubnetId = vnet\.properties\.subnets\[1\]\.id/,
    );
    expect([...resourceBlock('vnet').matchAll(/name: '(\w+)'\n {8}properties/g)].map((m) => m[1])).toEqual([
      'app',
      'postgres',
    ]);
    expect(bicep).not.toMatch(/firewallRules|0\.0\.0\.0/);
  });

  test('the server gets one change at a time (no ServerBusy): administrator, then the bot principal, then the database', () => {
    const botPrincipal = resourceBlock('postgresBotPrincipal');
    expect(botPrincipal).toMatch(/^module postgresBotPrincipal 'modules\/postgres-administrator\.bicep'/);
    expect(botPrincipal).toMatch(/dependsOn: \[ postgresAdmin \]/);
    expect(botPrincipal).toMatch(/principalObjectId: identity\.properties\.principalId/);
    expect(botPrincipal).toMatch(/principalName: identity\.name/);
    expect(botPrincipal).toMatch(/principalType: 'ServicePrincipal'/);
    expect(resourceBlock('database')).toMatch(/dependsOn: \[ postgresBotPrincipal \]/);
    const children = [
      ...bicep.matchAll(
        /^resource (\w+) 'Microsoft\.DBforPostgreSQL\/flexibleServers\/\w+@[^']+' = \{\n {2}parent: postgres\n/gm,
      ),
    ].map((m) => m[1]);
    expect(children.sort()).toEqual(['database', 'postgresAdmin']);
    // The module's administrator: named by the (deployment-time) object id, under the given server.
    const administrator = resourceBlock('administrator', read('infra', 'modules', 'postgres-administrator.bicep'));
    expect(administrator).toMatch(/parent: server\n {2}name: principalObjectId\n/);
  });

  test('resource names are known at the start of the deployment (no runtime properties such as principalId in a name)', () => {
    for (const file of [bicep, read('infra', 'modules', 'postgres-administrator.bicep')]) {
      for (const match of file.matchAll(/^ {2}name: (.+)$/gm)) expect(match[1]).not.toMatch(/\.properties\./);
    }
  });

  test("Key Vault denies by default: only the bot's subnet and listed IPs; the app routes all traffic through the virtual network", () => {
    const vault = resourceBlock('vault');
    expect(vault).toMatch(/defaultAction: 'Deny'/);
    expect(vault).toMatch(/virtualNetworkRules: \[ \{ id: appSubnetId/);
    expect(vault).toMatch(/ipRules: \[for range in keyVaultAllowedIpRanges/);
    expect(resourceBlock('vnet')).toContain("serviceEndpoints: [ { service: 'Microsoft.KeyVault' } ]");
    const app = resourceBlock('app');
    expect(app).toMatch(/virtualNetworkSubnetId: appSubnetId/);
    expect(app).toMatch(/vnetRouteAllEnabled: true/);
    // Routing everything into the network needs a way out of it: the app subnet has a NAT gateway.
    expect(resourceBlock('vnet')).toMatch(/name: 'app'[\s\S]*natGateway: \{ id: nat\.id \}[\s\S]*name: 'postgres'/);
    expect(resourceBlock('nat')).toMatch(/publicIpAddresses: \[ \{ id: natIp\.id \} \]/);
  });

  test('the web app: HTTPS, TLS 1.2, health check, always on, no basic-auth publishing, starts the shipped dist/ with node', () => {
    const app = resourceBlock('app');
    expect(app).toMatch(/httpsOnly: true/);
    expect(app).toMatch(/minTlsVersion: '1\.2'/);
    expect(app).toMatch(/healthCheckPath: '\/healthz'/);
    expect(app).toMatch(/alwaysOn: true/);
    for (const name of ['ftpBasicAuth', 'scmBasicAuth'])
      expect(resourceBlock(name)).toMatch(/basicPublishingCredentialsPolicies@[\s\S]*properties: \{ allow: false \}/);
    const nodeFlags = JSON.parse(read('package.json')).config.nodeFlags as string;
    expect(app).toContain(`appCommandLine: 'node ${nodeFlags} dist/src/main.js'`);
    expect(appSettings().get('SCM_DO_BUILD_DURING_DEPLOYMENT')).toBe("'false'");
  });

  test('scale-out: two replicas by default, an autoscale rule on the plan, a SKU that supports it, no sticky sessions', () => {
    expect(bicep).toMatch(/^param instanceCount int = [2-9]$/m);
    expect(parameters.instanceCount.value).toBeGreaterThanOrEqual(2);
    expect(resourceBlock('plan')).toMatch(/capacity: instanceCount/);
    const autoscale = resourceBlock('autoscale');
    expect(autoscale).toMatch(/targetResourceUri: plan\.id/);
    expect(autoscale).toMatch(/minimum: string\(instanceCount\)/);
    expect(autoscale).toMatch(/direction: 'Increase'/);
    expect(autoscale).toMatch(/direction: 'Decrease'/);
    expect(/@allowed\(\[([^\]]*)\]\)\nparam appServiceSku/.exec(bicep)![1]).not.toMatch(/'[FBD]\d/); // Free/Basic/Shared: no autoscale
    expect(resourceBlock('app')).toMatch(/clientAffinityEnabled: false/);
  });

  test('bot registration: managed identity only, no local auth', () => {
    expect(resourceBlock('bot')).toMatch(/msaAppType: 'UserAssignedMSI'/);
    expect(resourceBlock('bot')).toMatch(/disableLocalAuth: true/);
  });
});
