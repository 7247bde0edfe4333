/**
 * A health check like `az acr check-health`: each step's result, timing and a hint for humans.
 * Steps: DNS resolution → TLS handshake + certificate validity → `/v2/` reachability → auth challenge →
 * token exchange (bearer) or credential check (basic). Later steps are skipped when an earlier one fails.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { connect, type PeerCertificate } from 'node:tls';
import { RegistryError } from './errors.js';
import { OciAuthenticator, type BasicCredentials } from './oci/auth.js';
import { timedFetch, type FetchLike } from './oci/http.js';
import { parseWwwAuthenticate, type AuthChallenge } from './oci/www-authenticate.js';

export type HealthStepName = 'dns' | 'tls' | 'v2' | 'challenge' | 'token';
export type HealthStepStatus = 'ok' | 'warn' | 'fail' | 'skipped';

export interface HealthStep {
  name: HealthStepName;
  status: HealthStepStatus;
  durationInMs: number;
  detail: string;
  hint?: string;
}

export interface HealthReport {
  endpoint: string;
  healthy: boolean;
  steps: HealthStep[];
}

/** Exchanges the bearer challenge for a registry token; ACR plugs in its AAD → ACR exchange here. */
export type TokenProbe = (challenge: AuthChallenge, abortSignal?: AbortSignal) => Promise<string>;

export interface HealthCheckOptions {
  endpoint: string;
  credentials?: BasicCredentials;
  /** Overrides the Docker-token-spec token request (e.g. ACR's /oauth2/exchange flow). */
  tokenProbe?: TokenProbe;
  /** Extra trusted CA for the TLS step (the HTTP steps use Node's trust store + NODE_EXTRA_CA_CERTS). */
  caPem?: string;
  timeoutInMs?: number;
  /** Warn when the certificate expires within this many days. Default 14. */
  certificateWarningInDays?: number;
  fetch?: FetchLike;
  abortSignal?: AbortSignal;
}

export async function checkRegistryHealth(options: HealthCheckOptions): Promise<HealthReport> {
  const url = new URL(/^[a-z]+:\/\//i.test(options.endpoint) ? options.endpoint : `https://${options.endpoint}`);
  const timeoutInMs = options.timeoutInMs ?? 10_000;
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const steps: HealthStep[] = [];
  let failed = false;
  const run = async (name: HealthStepName, body: () => Promise<Omit<HealthStep, 'name' | 'durationInMs'>>) => {
    if (failed) {
      steps.push({ name, status: 'skipped', durationInMs: 0, detail: 'skipped: an earlier step failed' });
      return;
    }
    const started = performance.now();
    let result: Omit<HealthStep, 'name' | 'durationInMs'>;
    try {
      result = await body();
    } catch (error) {
      result = {
        status: 'fail',
        detail: error instanceof Error ? error.message : String(error),
        hint: hintFor(name, error),
      };
    }
    if (result.status === 'fail') failed = true;
    steps.push({ name, durationInMs: Math.round((performance.now() - started) * 10) / 10, ...result });
  };

  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));

  await run('dns', async () => {
    if (isIP(host)) return { status: 'ok', detail: `${host} is an IP address` };
    const addresses = await lookup(host, { all: true });
    return { status: 'ok', detail: `${host} → ${addresses.map((a) => a.address).join(', ')}` };
  });

  await run('tls', async () => {
    if (url.protocol !== 'https:') {
      return {
        status: 'warn',
        detail: 'plain http: no TLS',
        hint: 'Use https outside of local tests; tokens and passwords travel in clear text over http.',
      };
    }
    const { cert, authorized, authorizationError } = await handshake(host, port, options.caPem, timeoutInMs);
    const validTo = new Date(cert.valid_to);
    const daysLeft = Math.floor((validTo.getTime() - Date.now()) / 86_400_000);
    const subject = cert.subject?.CN ?? '(no CN)';
    if (!authorized) {
      return {
        status: 'fail',
        detail: `certificate for ${subject} not trusted: ${String(authorizationError)}`,
        hint: 'Self-signed or private CA? Point NODE_EXTRA_CA_CERTS at the CA certificate (PEM) and retry.',
      };
    }
    if (daysLeft < (options.certificateWarningInDays ?? 14)) {
      return {
        status: 'warn',
        detail: `certificate for ${subject} valid, but expires ${validTo.toISOString()} (${daysLeft} days)`,
        hint: 'Renew the certificate soon.',
      };
    }
    return { status: 'ok', detail: `certificate for ${subject} trusted, valid until ${validTo.toISOString()}` };
  });

  let challenges: AuthChallenge[] = [];
  let v2Status = 0;
  await run('v2', async () => {
    const response = await timedFetch(
      `${url.origin}/v2/`,
      { method: 'GET', headers: { Accept: 'application/json' } },
      { fetch: fetchImpl, timeoutInMs, abortSignal: options.abortSignal },
    );
    await response.body?.cancel();
    v2Status = response.status;
    challenges = parseWwwAuthenticate(response.headers.get('www-authenticate'));
    const apiVersion = response.headers.get('docker-distribution-api-version');
    if (response.status === 200 || response.status === 401) {
      return { status: 'ok', detail: `GET /v2/ → ${response.status}${apiVersion ? ` (${apiVersion})` : ''}` };
    }
    return {
      status: 'fail',
      detail: `GET /v2/ → ${response.status}`,
      hint: 'The endpoint does not look like an OCI / Docker registry. Check the URL (login server, not the portal URL).',
    };
  });

  await run('challenge', async () => {
    if (v2Status === 200) return { status: 'ok', detail: 'anonymous access: no authentication challenge' };
    const bearer = challenges.find((c) => c.scheme === 'bearer');
    if (bearer) {
      return bearer.params.realm
        ? { status: 'ok', detail: `Bearer realm=${bearer.params.realm} service=${bearer.params.service ?? '(none)'}` }
        : {
            status: 'fail',
            detail: 'Bearer challenge without realm',
            hint: 'The registry sent an incomplete WWW-Authenticate header.',
          };
    }
    if (challenges.some((c) => c.scheme === 'basic')) return { status: 'ok', detail: 'Basic authentication' };
    return {
      status: 'fail',
      detail: '401 without a usable WWW-Authenticate challenge',
      hint: 'A proxy may be stripping the WWW-Authenticate header.',
    };
  });

  await run('token', async () => {
    if (v2Status === 200) return { status: 'skipped', detail: 'no authentication needed' };
    const bearer = challenges.find((c) => c.scheme === 'bearer');
    if (bearer) {
      if (options.tokenProbe) {
        await options.tokenProbe(bearer, options.abortSignal);
      } else {
        const auth = new OciAuthenticator({ credentials: options.credentials, fetch: fetchImpl, timeoutInMs });
        await auth.requestToken(bearer, 'registry:catalog:*', options.abortSignal);
      }
      return { status: 'ok', detail: `token issued by ${new URL(bearer.params.realm).origin}` };
    }
    if (!options.credentials)
      return {
        status: 'fail',
        detail: 'Basic authentication required but no credentials given',
        hint: 'Set CHATOPS_REGISTRY_USERNAME and CHATOPS_REGISTRY_PASSWORD.',
      };
    const basic = Buffer.from(`${options.credentials.username}:${options.credentials.password}`).toString('base64');
    const response = await timedFetch(
      `${url.origin}/v2/`,
      { method: 'GET', headers: { Authorization: `Basic ${basic}` } },
      { fetch: fetchImpl, timeoutInMs, abortSignal: options.abortSignal },
    );
    await response.body?.cancel();
    if (response.ok) return { status: 'ok', detail: 'credentials accepted' };
    return {
      status: 'fail',
      detail: `credentials rejected (HTTP ${response.status})`,
      hint: 'Check the username and password.',
    };
  });

  return { endpoint: url.origin, healthy: steps.every((s) => s.status !== 'fail'), steps };
}

function handshake(
  host: string,
  port: number,
  caPem: string | undefined,
  timeoutInMs: number,
): Promise<{ cert: PeerCertificate; authorized: boolean; authorizationError?: Error }> {
  return new Promise((resolve, reject) => {
    const socket = connect(
      {
        host,
        port,
        servername: isIP(host) ? undefined : host,
        rejectUnauthorized: false,
        ...(caPem ? { ca: caPem } : {}),
      },
      () => {
        const cert = socket.getPeerCertificate();
        resolve({ cert, authorized: socket.authorized, authorizationError: socket.authorizationError });
        socket.end();
      },
    );
    socket.setTimeout(timeoutInMs, () => socket.destroy(new Error(`TLS handshake timed out after ${timeoutInMs} ms`)));
    socket.on('error', reject);
  });
}

function hintFor(step: HealthStepName, error: unknown): string {
  const code = error instanceof RegistryError ? error.code : (error as { code?: string }).code;
  switch (step) {
    case 'dns':
      return 'The name does not resolve: check the registry name, private DNS zones (private endpoints) and your DNS server.';
    case 'tls':
      return code === 'ECONNREFUSED'
        ? 'Nothing listens on that port.'
        : 'TLS handshake failed: a proxy or firewall may intercept TLS.';
    case 'v2':
      if (code === 'TIMEOUT')
        return 'No answer in time: a firewall, network rule or private endpoint may block this client.';
      if (code === 'ECONNREFUSED') return 'Connection refused: wrong port, or the registry is down.';
      if (code && /CERT|SELF_SIGNED|UNABLE_TO/.test(code))
        return 'Certificate not trusted by this process: set NODE_EXTRA_CA_CERTS to the CA file.';
      return 'The registry could not be reached.';
    case 'token':
      if (error instanceof RegistryError && (error.status === 401 || error.status === 403))
        return 'The token server rejected the credentials: check username/password, or your Azure sign-in and role (AcrPull at least).';
      return 'The token could not be obtained from the realm in the challenge.';
    default:
      return 'See the detail above.';
  }
}
