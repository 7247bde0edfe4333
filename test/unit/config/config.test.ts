import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { ConfigError, describeConfig, loadConfig } from '../../../src/config/index.js';
import { createLogger } from '../../../src/config/logger.js';

const SECRET = 'Sup3r~Secret-Value_123';

const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function load(env: Record<string, string>, dotenv?: string) {
  let dotenvPath: string | null = null;
  if (dotenv !== undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'chatops-config-'));
    tempDirs.push(dir);
    dotenvPath = join(dir, '.env');
    writeFileSync(dotenvPath, dotenv);
  }
  return loadConfig({ env, dotenvPath });
}

function problemsOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  test('defaults: port 3978, loopback, PGlite under ./data, no credentials, fallback order', () => {
    const config = load({});
    expect(config).toMatchObject({
      port: 3978,
      host: '127.0.0.1',
      logLevel: 'info',
      dataDir: './data',
      defaultLang: 'en',
      bodyLimitInBytes: 262144,
    });
    expect(config.fallbackLangs).toBeUndefined();
    expect(config.knowledgeDir).toBeUndefined();
    expect(config.databaseUrl).toBeUndefined();
    expect(config.teams).toBeUndefined();
  });

  test('the config is deeply frozen', () => {
    const config = load({ CHATOPS_FALLBACK_LANGS: 'sv, de' });
    expect(config.fallbackLangs).toEqual(['sv', 'de']);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.fallbackLangs)).toBe(true);
    expect(() => (config.fallbackLangs as string[]).push('en')).toThrow();
  });

  test('reads .env, and real environment variables win over it', () => {
    const config = load({ CHATOPS_PORT: '4000' }, 'CHATOPS_PORT=5000\nCHATOPS_LOG_LEVEL=debug\n');
    expect(config.port).toBe(4000);
    expect(config.logLevel).toBe('debug');
  });

  test('Bot Framework credentials under their usual names, and the BOT_ID/BOT_PASSWORD aliases', () => {
    expect(load({ MicrosoftAppId: 'app', MicrosoftAppPassword: SECRET }).teams).toEqual({
      appId: 'app',
      appPassword: SECRET,
      appType: 'MultiTenant',
      tenantId: undefined,
    });
    expect(load({ BOT_ID: 'app2', BOT_PASSWORD: SECRET }).teams?.appId).toBe('app2');
    expect(
      load({ MicrosoftAppId: 'a', MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: 't' }).teams?.appPassword,
    ).toBeUndefined();
    expect(load({ MicrosoftAppId: '', MicrosoftAppPassword: '' }).teams).toBeUndefined();
  });

  test('invalid values fail with every bad key listed and without echoing values', () => {
    const err = problemsOf(() =>
      load({
        CHATOPS_PORT: 'eighty',
        CHATOPS_LOG_LEVEL: SECRET,
        CHATOPS_FALLBACK_LANGS: 'en,fr',
        DATABASE_URL: `mysql://u:${SECRET}@h/db`,
        MicrosoftAppType: SECRET,
      }),
    );
    expect(err.problems.map((p) => p.key).sort()).toEqual([
      'CHATOPS_FALLBACK_LANGS',
      'CHATOPS_LOG_LEVEL',
      'CHATOPS_PORT',
      'DATABASE_URL',
      'MicrosoftAppType',
    ]);
    expect(err.message).toMatch(/^Invalid configuration:\n {2}- /);
    expect(err.message).toContain('CHATOPS_LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent');
    expect(err.message).not.toContain(SECRET);
    expect(err.message).not.toContain('eighty');
  });

  test('credential combinations are checked', () => {
    expect(problemsOf(() => load({ MicrosoftAppPassword: SECRET })).problems).toEqual([
      { key: 'MicrosoftAppId', problem: 'required when MicrosoftAppPassword is set' },
    ]);
    expect(problemsOf(() => load({ MicrosoftAppId: 'a' })).problems).toEqual([
      { key: 'MicrosoftAppPassword', problem: 'required when MicrosoftAppType is MultiTenant' },
    ]);
    expect(
      problemsOf(() =>
        load({ MicrosoftAppId: 'a', MicrosoftAppPassword: SECRET, MicrosoftAppType: 'SingleTenant' }),
      ).problems.map((p) => p.key),
    ).toEqual(['MicrosoftAppTenantId']);
  });

  test('describeConfig hides secrets', () => {
    const text = JSON.stringify(
      describeConfig(
        load({ MicrosoftAppId: 'app', MicrosoftAppPassword: SECRET, DATABASE_URL: `postgres://u:${SECRET}@h/db` }),
      ),
    );
    expect(text).not.toContain(SECRET);
    expect(text).toContain('"appId":"app"');
  });
});

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  test('writes JSON records and redacts secrets by path and by value', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ destination, level: 'info', secretValues: [SECRET] });
    logger.info(
      {
        req: { headers: { authorization: 'Bearer abc.def' } },
        config: { MicrosoftAppPassword: SECRET },
        password: 'p4ss',
      },
      'hello',
    );
    logger.error({ err: new Error(`connect failed: postgres://u:${SECRET}@db`) }, 'db down');
    const text = lines.join('');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('abc.def');
    expect(text).not.toContain('p4ss');
    const first = JSON.parse(lines[0]);
    expect(first).toMatchObject({
      msg: 'hello',
      level: 30,
      service: 'acr-chatops',
      password: '[redacted]',
      config: { MicrosoftAppPassword: '[redacted]' },
    });
    expect(JSON.parse(lines[1]).err.message).toBe('connect failed: postgres://u:[redacted]@db');
  });

  test('respects the level', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ destination, level: 'warn' });
    logger.info({}, 'quiet');
    logger.warn({}, 'loud');
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['loud']);
  });
});

describe('alerts and registries config', () => {
  test('CHATOPS_REGISTRIES and the alert receiver secrets; unset secrets leave their endpoint off', () => {
    const config = load({
      CHATOPS_REGISTRIES: 'prod=acr:ContosoProd, lab = http://127.0.0.1:5000',
      CHATOPS_ALERTS_ACR_SECRET: SECRET,
    });
    expect(config.registries).toEqual([
      { name: 'prod', reference: 'acr:ContosoProd' },
      { name: 'lab', reference: 'http://127.0.0.1:5000' },
    ]);
    expect(config.alerts).toEqual({
      acrWebhookSecret: SECRET,
      acrSecretHeader: 'x-acr-webhook-secret',
      eventGridKey: undefined,
      monitorToken: undefined,
      maxQueuedEvents: 10_000,
      watchIntervalInMs: 300_000,
    });
    expect(load({}).registries).toEqual([]);
  });

  test('bad registries and short secrets are rejected without echoing the secret; describeConfig redacts', () => {
    const error = problemsOf(() =>
      load({ CHATOPS_REGISTRIES: 'prod=ftp://x', CHATOPS_ALERTS_EVENTGRID_KEY: 'short-secret' }),
    );
    expect(error.problems.map((p) => p.key).sort()).toEqual(['CHATOPS_ALERTS_EVENTGRID_KEY', 'CHATOPS_REGISTRIES']);
    expect(error.message).not.toContain('short-secret');
    expect(problemsOf(() => load({ CHATOPS_REGISTRIES: 'ab=acr:abcdef,ab=acr:ghijkl' })).message).toContain(
      'listed twice',
    );
    expect(problemsOf(() => load({ CHATOPS_REGISTRIES: 'xy=https://user:pw@host' })).message).not.toContain('pw@');
    expect(problemsOf(() => load({ CHATOPS_REGISTRIES: 'https://user:pw@host' })).message).not.toContain('pw@');
    const described = JSON.stringify(
      describeConfig(load({ CHATOPS_ALERTS_ACR_SECRET: SECRET, CHATOPS_ALERTS_MONITOR_TOKEN: `${SECRET}-m` })),
    );
    expect(described).not.toContain(SECRET);
    expect(described).toContain('"acrWebhookSecret":"[redacted]"');
  });
});

describe('hosting settings (App Service)', () => {
  test('PORT from the platform is honoured and bound on all interfaces with bot credentials; CHATOPS_PORT / CHATOPS_HOST still win', () => {
    const msi = { MicrosoftAppId: 'a', MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: 't' };
    expect(load({ ...msi, PORT: '8080' })).toMatchObject({ port: 8080, host: '0.0.0.0' });
    expect(load({ ...msi, PORT: '8080', CHATOPS_HOST: '127.0.0.1' })).toMatchObject({ port: 8080, host: '127.0.0.1' });
    expect(load({ ...msi, PORT: '8080', CHATOPS_PORT: '4000' })).toMatchObject({ port: 4000, host: '127.0.0.1' });
    // Local mode (no credentials, no auth): a PORT in the shell moves the port, never off loopback.
    expect(load({ PORT: '8080' })).toMatchObject({ port: 8080, host: '127.0.0.1' });
    expect(load({ PORT: '' })).toMatchObject({ port: 3978, host: '127.0.0.1' });
    expect(problemsOf(() => load({ PORT: 'http' })).problems.map((p) => p.key)).toEqual(['PORT']);
  });

  test('an unresolved Key Vault reference is refused, naming the key and never the value', () => {
    const reference = '@Microsoft.KeyVault(VaultName=acropskv1;SecretName=acr-webhook-secret)';
    const error = problemsOf(() =>
      load({
        CHATOPS_ALERTS_ACR_SECRET: reference,
        CHATOPS_FEEDBACK_HASH_KEY: ` ${reference.toLowerCase()}`,
        CHATOPS_ALERTS_EVENTGRID_KEY: SECRET,
      }),
    );
    expect(error.problems.map((p) => p.key).sort()).toEqual(['CHATOPS_ALERTS_ACR_SECRET', 'CHATOPS_FEEDBACK_HASH_KEY']);
    expect(error.message).toContain('CHATOPS_ALERTS_ACR_SECRET: is an unresolved Key Vault reference');
    expect(error.message).not.toMatch(/acropskv1|acr-webhook-secret|SecretName/i);
    // A resolved secret that merely contains the text elsewhere is a value like any other.
    expect(load({ CHATOPS_ALERTS_ACR_SECRET: `x${reference}` }).alerts.acrWebhookSecret).toBe(`x${reference}`);
  });

  test('Entra database sign-in needs DATABASE_URL; the Azure settings the registry factory reads are validated', () => {
    expect(
      load({
        CHATOPS_DATABASE_AUTH: 'entra',
        DATABASE_URL: 'postgres://bot-id@db.example:5432/chatops?sslmode=require',
        AZURE_CLIENT_ID: 'c1',
      }),
    ).toMatchObject({ databaseAuth: 'entra', azureClientId: 'c1' });
    expect(load({}).databaseAuth).toBe('password');
    expect(problemsOf(() => load({ CHATOPS_DATABASE_AUTH: 'entra' })).problems).toEqual([
      { key: 'DATABASE_URL', problem: 'required when CHATOPS_DATABASE_AUTH is entra' },
    ]);
    expect(
      problemsOf(() => load({ CHATOPS_DATABASE_AUTH: 'kerberos', CHATOPS_AZURE_SUBSCRIPTION_ID: 'my-sub' }))
        .problems.map((p) => p.key)
        .sort(),
    ).toEqual(['CHATOPS_AZURE_SUBSCRIPTION_ID', 'CHATOPS_DATABASE_AUTH']);
  });

  test('/metrics: open in local development, off with bot credentials, token-protected when CHATOPS_METRICS_TOKEN is set', () => {
    expect(load({}).metrics).toEqual({ access: 'open' });
    expect(
      load({ MicrosoftAppId: 'a', MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: 't' }).metrics,
    ).toEqual({ access: 'off' });
    expect(
      load({
        MicrosoftAppId: 'a',
        MicrosoftAppType: 'UserAssignedMSI',
        MicrosoftAppTenantId: 't',
        CHATOPS_METRICS_TOKEN: SECRET,
      }).metrics,
    ).toEqual({ access: 'token', token: SECRET });
    expect(JSON.stringify(describeConfig(load({ CHATOPS_METRICS_TOKEN: SECRET })))).not.toContain(SECRET);
  });
});

describe('Slack settings', () => {
  const TOKEN = 'xoxb-1234-5678-Sup3rSecretToken';
  const SIGNING = 'f00dfeedc0ffee0123456789abcdef01';

  test('off unless configured; both secrets turn it on with Slack’s Web API as the default URL', () => {
    expect(load({}).slack).toBeUndefined();
    expect(describeConfig(load({})).slack).toBe('off (SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN unset)');
    expect(load({ SLACK_SIGNING_SECRET: SIGNING, SLACK_BOT_TOKEN: TOKEN }).slack).toEqual({
      signingSecret: SIGNING,
      botToken: TOKEN,
      apiUrl: 'https://slack.com/api/',
    });
    expect(
      load({ SLACK_SIGNING_SECRET: SIGNING, SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: 'http://127.0.0.1:4000/api' }).slack
        ?.apiUrl,
    ).toBe('http://127.0.0.1:4000/api/');
  });

  test('half a configuration names the missing key and never a value', () => {
    const onlySecret = problemsOf(() => load({ SLACK_SIGNING_SECRET: SIGNING }));
    expect(onlySecret.problems).toEqual([
      { key: 'SLACK_BOT_TOKEN', problem: 'required when SLACK_SIGNING_SECRET is set (Slack needs both)' },
    ]);
    const onlyToken = problemsOf(() => load({ SLACK_BOT_TOKEN: TOKEN }));
    expect(onlyToken.problems.map((p) => p.key)).toEqual(['SLACK_SIGNING_SECRET']);
    for (const err of [onlySecret, onlyToken]) {
      expect(err.message).not.toContain(SIGNING);
      expect(err.message).not.toContain(TOKEN);
    }
  });

  test('a token that is not a bot token, a short secret or a bad URL are refused without echoing them', () => {
    const err = problemsOf(() =>
      load({ SLACK_SIGNING_SECRET: 'short', SLACK_BOT_TOKEN: 'xoxp-user-token-secret', SLACK_API_URL: 'ftp://x' }),
    );
    expect(err.problems.map((p) => p.key).sort()).toEqual(['SLACK_API_URL', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET']);
    expect(err.message).not.toContain('xoxp-user-token-secret');
    expect(err.message).not.toMatch(/\bshort\b/);
  });

  test('describeConfig and the logger never show the Slack secrets', () => {
    const config = load({ SLACK_SIGNING_SECRET: SIGNING, SLACK_BOT_TOKEN: TOKEN });
    const described = describeConfig(config);
    expect(described.slack).toEqual({
      apiUrl: 'https://slack.com/api/',
      signingSecret: '[redacted]',
      botToken: '[redacted]',
    });
    const { lines, destination } = capture();
    createLogger({ destination }).info({ config: config.slack, SLACK_BOT_TOKEN: TOKEN }, 'slack');
    const text = lines.join('');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(SIGNING);
  });
});

describe('CHATOPS_TEAMS: /api/messages without Bot Framework credentials is for local development only', () => {
  const SLACK = { SLACK_SIGNING_SECRET: 'a-signing-secret-0123456789', SLACK_BOT_TOKEN: 'xoxb-0123456789' };
  test.each([
    ['Teams only, local (no credentials, no Slack)', {}, true],
    ['Slack without Teams credentials: Teams off (nobody may post unauthenticated activities)', SLACK, false],
    ['Slack with Teams credentials: both', { ...SLACK, MicrosoftAppId: 'app', MicrosoftAppPassword: 'p' }, true],
    ['Slack and Teams locally, asked for', { ...SLACK, CHATOPS_TEAMS: 'on' }, true],
    ['Teams switched off', { CHATOPS_TEAMS: 'off' }, false],
  ] as const)('%s → teamsEnabled %s', (_name, env, enabled) => {
    expect(load({ ...env }).teamsEnabled).toBe(enabled);
  });

  test('anything but on/off is refused by key', () => {
    expect(() => load({ CHATOPS_TEAMS: 'maybe' })).toThrow(/CHATOPS_TEAMS/);
  });
});
