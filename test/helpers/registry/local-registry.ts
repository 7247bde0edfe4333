/**
 * Starts a REAL OCI registry for tests: Debian's `docker-registry` (CNCF Distribution 2.8) on
 * 127.0.0.1:<random port>, filesystem storage in a temp dir, deletes enabled, optional TLS and
 * optional bearer-token auth (`auth.token`, see token-server.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { freePort } from './ports.js';
import { createSelfSignedCertificate, type SelfSignedCertificate } from './tls.js';

export interface LocalRegistryTokenAuth {
  realm: string;
  service: string;
  issuer: string;
  /** PEM file with the certificate that signs tokens. */
  rootCertBundlePath: string;
}

export interface LocalRegistryOptions {
  tls?: boolean;
  tokenAuth?: LocalRegistryTokenAuth;
  /** Reuse this directory for storage (and TLS files); default: a new temp dir removed on stop. */
  directory?: string;
  /** Listen on this port (one attempt); default a free one. */
  port?: number;
}

export interface LocalRegistry {
  /** http://127.0.0.1:PORT or https://127.0.0.1:PORT */
  url: string;
  host: string;
  port: number;
  directory: string;
  certificate?: SelfSignedCertificate;
  stop(): Promise<void>;
}

export async function startLocalRegistry(options: LocalRegistryOptions = {}): Promise<LocalRegistry> {
  const directory = options.directory ?? mkdtempSync(join(tmpdir(), 'acr-chatops-registry-'));
  const certificate = options.tls ? createSelfSignedCertificate({ directory }) : undefined;
  let lastError = '';
  for (let attempt = 0; attempt < (options.port ? 1 : 5); attempt++) {
    const port = options.port ?? (await freePort());
    const config = {
      version: 0.1,
      log: { level: 'error', accesslog: { disabled: true } },
      storage: {
        filesystem: { rootdirectory: join(directory, 'data') },
        delete: { enabled: true },
        maintenance: { uploadpurging: { enabled: false } },
      },
      http: {
        addr: `127.0.0.1:${port}`,
        secret: randomBytes(16).toString('hex'),
        ...(certificate ? { tls: { certificate: certificate.certPath, key: certificate.keyPath } } : {}),
      },
      ...(options.tokenAuth
        ? {
            auth: {
              token: {
                realm: options.tokenAuth.realm,
                service: options.tokenAuth.service,
                issuer: options.tokenAuth.issuer,
                rootcertbundle: options.tokenAuth.rootCertBundlePath,
              },
            },
          }
        : {}),
    };
    const configPath = join(directory, 'config.yml');
    writeFileSync(configPath, stringify(config));
    const child = spawn('docker-registry', ['serve', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    const scheme = certificate ? 'https' : 'http';
    const ready = await waitUntilReady(child, port, certificate?.certPem);
    if (ready) {
      return {
        url: `${scheme}://127.0.0.1:${port}`,
        host: `127.0.0.1:${port}`,
        port,
        directory,
        certificate,
        stop: async () => {
          await stopChild(child);
          if (!options.directory) rmSync(directory, { recursive: true, force: true });
        },
      };
    }
    await stopChild(child);
    lastError = stderr;
  }
  throw new Error(
    `docker-registry did not start (is the Debian package installed? scripts/setup-test-env.sh): ${lastError}`,
  );
}

async function waitUntilReady(child: ChildProcess, port: number, caPem?: string): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    if (await probe(port, caPem)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** GET /v2/ answers 200 (open) or 401 (auth on) once the registry listens. */
function probe(port: number, caPem?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const options = { host: '127.0.0.1', port, path: '/v2/', method: 'GET', timeout: 1000 };
    const done = (res: { statusCode?: number; resume(): void }) => {
      res.resume();
      resolve(res.statusCode === 200 || res.statusCode === 401);
    };
    const req = caPem
      ? httpsRequest({ ...options, agent: new Agent({ ca: caPem }) }, done)
      : httpRequest(options, done);
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
