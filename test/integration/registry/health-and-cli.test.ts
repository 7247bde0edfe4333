/**
 * Health check and the `registry` CLI against REAL docker-registry instances: plain http, behind TLS
 * with a self-signed certificate (trusted through NODE_EXTRA_CA_CERTS in a child process, as an
 * operator would), and with bearer-token auth.
 */
import { jest } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runRegistryCli } from '../../../src/cli/registry.js';
import { checkRegistryHealth } from '../../../src/registry/health.js';
import { ImagePusher } from '../../helpers/registry/image-pusher.js';
import { startLocalRegistry, type LocalRegistry } from '../../helpers/registry/local-registry.js';
import { freePort } from '../../helpers/registry/ports.js';
import { createSelfSignedCertificate } from '../../helpers/registry/tls.js';
import { startTokenServer, type TokenServer } from '../../helpers/registry/token-server.js';

jest.setTimeout(45_000);
const run = promisify(execFile);

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runRegistryCli(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('health and CLI on real registries', () => {
  let plain: LocalRegistry;
  let tls: LocalRegistry;
  let tokens: TokenServer;
  let secured: LocalRegistry;

  beforeAll(async () => {
    [plain, tls, tokens] = await Promise.all([
      startLocalRegistry(),
      startLocalRegistry({ tls: true }),
      startTokenServer({ users: { bob: 'pw-bob' } }),
    ]);
    secured = await startLocalRegistry({
      tokenAuth: {
        realm: tokens.realm,
        service: tokens.service,
        issuer: tokens.issuer,
        rootCertBundlePath: tokens.certificate.certPath,
      },
    });
    const pusher = new ImagePusher({ url: plain.url });
    await pusher.pushImage({
      repository: 'shop/api',
      tags: ['1.0', 'prod'],
      createdAt: new Date(Date.now() - 40 * 86_400_000),
      uniqueLayerBytes: 2048,
    });
    await pusher.pushImage({ repository: 'shop/api', tags: ['1.1'], createdAt: new Date(Date.now() - 2 * 86_400_000) });
    pusher.close();
    const tlsPusher = new ImagePusher({ url: tls.url, caPem: tls.certificate?.certPem });
    await tlsPusher.pushImage({ repository: 'tls/app', tags: ['v1'], createdAt: new Date() });
    tlsPusher.close();
  });
  afterAll(async () => {
    await Promise.all([plain?.stop(), tls?.stop(), secured?.stop()]);
    await tokens?.stop();
  });

  it('health: plain http registry is healthy with a TLS warning and no token step', async () => {
    const report = await checkRegistryHealth({ endpoint: plain.url });
    expect(report.healthy).toBe(true);
    expect(report.steps.map((s) => [s.name, s.status])).toEqual([
      ['dns', 'ok'],
      ['tls', 'warn'],
      ['v2', 'ok'],
      ['challenge', 'ok'],
      ['token', 'skipped'],
    ]);
    for (const step of report.steps) expect(step.durationInMs).toBeGreaterThanOrEqual(0);
  });

  it('health: self-signed TLS passes with the CA and fails with a hint without it', async () => {
    const trusted = await checkRegistryHealth({ endpoint: tls.url, caPem: tls.certificate?.certPem });
    expect(trusted.steps.find((s) => s.name === 'tls')).toMatchObject({
      status: 'warn',
      detail: expect.stringMatching(/trusted, valid until|expires/),
    });
    const untrusted = await checkRegistryHealth({ endpoint: tls.url });
    expect(untrusted.healthy).toBe(false);
    expect(untrusted.steps.find((s) => s.name === 'tls')).toMatchObject({
      status: 'fail',
      hint: expect.stringContaining('NODE_EXTRA_CA_CERTS'),
    });
    expect(untrusted.steps.slice(2).every((s) => s.status === 'skipped')).toBe(true);
  });

  it('health: bearer challenge and token exchange succeed with credentials, fail with wrong ones', async () => {
    const good = await checkRegistryHealth({
      endpoint: secured.url,
      credentials: { username: 'bob', password: 'pw-bob' },
    });
    expect(good.healthy).toBe(true);
    expect(good.steps.find((s) => s.name === 'challenge')?.detail).toContain(tokens.realm);
    expect(good.steps.find((s) => s.name === 'token')?.status).toBe('ok');
    const bad = await checkRegistryHealth({
      endpoint: secured.url,
      credentials: { username: 'bob', password: 'nope' },
    });
    expect(bad.steps.find((s) => s.name === 'token')).toMatchObject({
      status: 'fail',
      hint: expect.stringMatching(/rejected the credentials/),
    });
    expect(JSON.stringify(bad)).not.toContain('nope');
  });

  it('health: nothing listening fails at /v2/ with a hint', async () => {
    const report = await checkRegistryHealth({ endpoint: `http://127.0.0.1:${await freePort()}`, timeoutInMs: 2000 });
    expect(report.steps.find((s) => s.name === 'v2')).toMatchObject({
      status: 'fail',
      hint: expect.stringMatching(/refused/i),
    });
  });

  it('CLI: repos, tags (text and JSON) and usage (not available for OCI)', async () => {
    const repos = await cli(['repos', '--registry', plain.url, '--json']);
    expect(repos.code).toBe(0);
    expect(JSON.parse(repos.stdout).repositories).toEqual(['shop/api']);
    const text = await cli(['tags', '--registry', plain.url, '--repo', 'shop/api']);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]).toMatch(/^TAG\s+DIGEST\s+AGE \(d\)\s+SIZE\s+TYPE$/);
    expect(text.stdout).toMatch(/^1\.1 .* 2(\.\d)? /m);
    expect(text.stderr).toMatch(/untagged/);
    const json = JSON.parse((await cli(['tags', '--registry', plain.url, '--repo', 'shop/api', '--json'])).stdout);
    expect(json.tags.map((t: { tag: string }) => t.tag)).toEqual(['1.1', '1.0', 'prod']);
    expect(json.tags[1].ageInDays).toBeGreaterThanOrEqual(40);
    const usage = await cli(['usage', '--registry', plain.url, '--json']);
    expect(usage.code).toBe(1);
    expect(JSON.parse(usage.stdout)).toMatchObject({
      available: false,
      reason: expect.stringMatching(/no storage usage/),
    });
  });

  it('CLI: bad arguments exit 2 with a clear message', async () => {
    expect(await cli(['tags', '--registry', plain.url])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--repo is required'),
    });
    expect(await cli(['repos'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--registry is required') });
    expect(await cli(['repos', '--registry', 'acr:x'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('5–50'),
    });
    expect(await cli(['repos', '--registry', plain.url, '--bogus'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--bogus'),
    });
    expect(await cli(['frobnicate'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command') });
    expect((await cli(['tags', '--registry', plain.url, '--repo', 'Bad Name'])).code).toBe(1);
  });

  it('CLI as a process over TLS: NODE_EXTRA_CA_CERTS makes the self-signed registry trusted', async () => {
    const env = { ...process.env, NODE_OPTIONS: '', NODE_EXTRA_CA_CERTS: tls.certificate?.certPath };
    const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
    const { stdout } = await run(
      tsx,
      ['src/cli/registry.ts', 'tags', '--registry', tls.url, '--repo', 'tls/app', '--json'],
      { env },
    );
    expect(JSON.parse(stdout).tags).toEqual([expect.objectContaining({ tag: 'v1' })]);
    const health = await run(tsx, ['src/cli/registry.ts', 'health', '--registry', tls.url], { env });
    expect(health.stdout).toMatch(/healthy/);
    // Without the CA the same command fails (exit 1) and says why.
    const failed = await run(tsx, ['src/cli/registry.ts', 'repos', '--registry', tls.url], {
      env: { ...env, NODE_EXTRA_CA_CERTS: '' },
    }).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 1, stderr: expect.stringMatching(/certificate|SELF_SIGNED|CERT/i) });
  });
});

describe('self-signed certificate helper', () => {
  it('makes a certificate for 127.0.0.1 and localhost', () => {
    const dir = mkdtempSync(join(tmpdir(), 'acr-chatops-cert-'));
    try {
      const cert = createSelfSignedCertificate({ directory: dir });
      expect(cert.certPem).toContain('BEGIN CERTIFICATE');
      expect(cert.keyPem).toContain('PRIVATE KEY');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
