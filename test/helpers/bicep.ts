/**
 * Reads infra/main.bicep as text (no Bicep compiler exists offline): resource blocks, the Web App's
 * app settings, and those settings turned into the environment App Service would give the bot.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const bicep = readFileSync(join(process.cwd(), 'infra', 'main.bicep'), 'utf8');

/** The text of one top-level `resource NAME '…' = …` (or `module NAME …`) block, up to its closing brace at column 0. */
export function resourceBlock(name: string, text = bicep): string {
  const start = text.search(new RegExp(`^(resource|module) ${name} '`, 'm'));
  if (start < 0) throw new Error(`no resource or module ${name} in the template`);
  const end = text.indexOf('\n}', start);
  return text.slice(start, end + 2);
}

/** The `properties` of the Web App's `appsettings` config resource: name → Bicep expression (quoted strings kept quoted). */
export function appSettings(): Map<string, string> {
  const block = resourceBlock('appSettings');
  expect(block).toMatch(/'Microsoft\.Web\/sites\/config@[\d-]+'/);
  expect(block).toMatch(/name: 'appsettings'/);
  const properties = /\n {2}properties: \{\n([\s\S]*?)\n {2}\}/.exec(block);
  if (!properties) throw new Error('appSettings has no properties block');
  const settings = new Map<string, string>();
  for (const line of properties[1].split('\n')) {
    const match = /^ {4}(\w+): (.+)$/.exec(line);
    if (!match) throw new Error(`unexpected line in appSettings: ${line}`);
    settings.set(match[1], match[2]);
  }
  return settings;
}

/**
 * Evaluates the settings' Bicep expressions: string literals with `${…}` interpolation and bare
 * references, each looked up in `values` (an unknown expression is an error, so a new one cannot slip by).
 */
export function appSettingsAsEnvironment(values: Record<string, string>): Record<string, string> {
  const lookup = (expression: string): string => {
    const value = values[expression.trim()];
    if (value === undefined)
      throw new Error(`no value for the Bicep expression ${expression} (add it to the test's values)`);
    return value;
  };
  const evaluate = (expression: string): string => {
    // `flag ? 'a' : 'b'` with a bool parameter (e.g. enableSlack): the chosen string.
    const choice = /^(\w+) \? ('.*') : ('.*')$/.exec(expression);
    if (choice) return evaluate(lookup(choice[1]) === 'true' ? choice[2] : choice[3]);
    return /^'.*'$/.test(expression)
      ? expression.slice(1, -1).replace(/\$\{([^}]+)\}/g, (_, inner: string) => lookup(inner))
      : lookup(expression);
  };
  const env: Record<string, string> = {};
  for (const [name, expression] of appSettings()) env[name] = evaluate(expression);
  return env;
}

/** Plausible values for every expression the settings use, as a deployment would resolve them. */
export const SAMPLE_DEPLOYMENT_VALUES: Record<string, string> = {
  'identity.properties.clientId': '5f0b2a4e-8c1d-4e2f-9a3b-7c6d5e4f3a2b',
  'identity.name': 'acrops-bot-id',
  'subscription().tenantId': '72f988bf-86f1-41af-91ab-2d7cd011db47',
  'subscription().subscriptionId': '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9',
  'resourceGroup().name': 'rg-chatops',
  'app.properties.defaultHostName': 'acrops-bot-abc123.azurewebsites.net',
  registryShortName: 'contosoprod',
  registryName: 'ContosoProd',
  'postgres.properties.fullyQualifiedDomainName': 'acrops-pg-abc123.postgres.database.azure.com',
  'database.name': 'chatops',
  'vault.name': 'acropskvabc12345',
  enableSlack: 'false',
};

/** Settings App Service itself reads (not the bot). */
export const PLATFORM_SETTINGS = ['WEBSITE_RUN_FROM_PACKAGE', 'SCM_DO_BUILD_DURING_DEPLOYMENT'];
