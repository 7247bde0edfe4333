/**
 * The ACR management plane (Azure Resource Manager) behind a small port, so actions and watchers
 * depend on `RegistryManagement`, not on the SDK. Never returns admin passwords: no listCredentials.
 */
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import type { TokenCredential } from '@azure/core-auth';
import {
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineRequest,
  type HttpClient,
} from '@azure/core-rest-pipeline';
import { RegistryError } from '../errors.js';
import type { ListOptions, RegistryUsage } from '../types.js';

export interface RegistryProperties {
  name: string;
  loginServer?: string;
  location: string;
  sku?: string;
  provisioningState?: string;
  adminUserEnabled: boolean;
}

export interface TaskRun {
  runId: string;
  status: string;
  runType?: string;
  createTime?: Date;
  startTime?: Date;
  finishTime?: Date;
  task?: string;
}

export interface ListTaskRunsOptions extends ListOptions {
  /** Only runs in these states, e.g. ['Running', 'Queued']. */
  statuses?: string[];
  top?: number;
}

export interface RegistryManagement {
  getRegistry(options?: ListOptions): Promise<RegistryProperties>;
  getUsage(options?: ListOptions): Promise<RegistryUsage>;
  listTaskRuns(options?: ListTaskRunsOptions): Promise<TaskRun[]>;
  cancelTaskRun(runId: string, options?: ListOptions): Promise<void>;
  disableAdminUser(options?: ListOptions): Promise<RegistryProperties>;
}

export interface ArmRegistryManagementOptions {
  credential: TokenCredential;
  subscriptionId: string;
  resourceGroup: string;
  registryName: string;
  /** ARM endpoint; sovereign clouds: https://management.chinacloudapi.cn, https://management.usgovcloudapi.net. */
  armEndpoint?: string;
  /** Token audience for ARM; defaults to `${armEndpoint}/.default`. */
  armAudience?: string;
  /** Passed to the SDK pipeline (e.g. tlsOptions for a test CA). */
  clientOptions?: ConstructorParameters<typeof ContainerRegistryManagementClient>[2];
}

/** Task runs live in the 2019-06-01-preview API, which the GA management SDK no longer wraps. */
const RUNS_API_VERSION = '2019-06-01-preview';

export class ArmRegistryManagement implements RegistryManagement {
  private readonly client: ContainerRegistryManagementClient;
  private readonly armEndpoint: string;
  private readonly httpClient: HttpClient = createDefaultHttpClient();

  constructor(private readonly options: ArmRegistryManagementOptions) {
    this.armEndpoint = (options.armEndpoint ?? 'https://management.azure.com').replace(/\/$/, '');
    this.client = new ContainerRegistryManagementClient(options.credential, options.subscriptionId, {
      ...options.clientOptions,
      endpoint: this.armEndpoint,
      credentials: { scopes: [options.armAudience ?? `${this.armEndpoint}/.default`] },
    });
  }

  async getRegistry(options: ListOptions = {}): Promise<RegistryProperties> {
    const registry = await armCall(() =>
      this.client.registries.get(this.options.resourceGroup, this.options.registryName, {
        abortSignal: options.abortSignal,
      }),
    );
    return toProperties(registry);
  }

  async getUsage(options: ListOptions = {}): Promise<RegistryUsage> {
    const result = await armCall(() =>
      this.client.registries.listUsages(this.options.resourceGroup, this.options.registryName, {
        abortSignal: options.abortSignal,
      }),
    );
    const usages = result.value ?? [];
    // ACR reports storage as the usage named "Size" in bytes (limit = the SKU's included storage).
    const size = usages.find((u) => u.name === 'Size' && u.unit === 'Bytes');
    return {
      usedInBytes: size?.currentValue ?? 0,
      quotaInBytes: size?.limit,
      other: usages
        .filter((u) => u !== size)
        .map((u) => ({ name: u.name ?? '', current: u.currentValue ?? 0, limit: u.limit, unit: u.unit })),
    };
  }

  async disableAdminUser(options: ListOptions = {}): Promise<RegistryProperties> {
    const registry = await armCall(() =>
      this.client.registries.update(
        this.options.resourceGroup,
        this.options.registryName,
        { adminUserEnabled: false },
        { abortSignal: options.abortSignal },
      ),
    );
    return toProperties(registry);
  }

  async listTaskRuns(options: ListTaskRunsOptions = {}): Promise<TaskRun[]> {
    const query = new URLSearchParams({ 'api-version': RUNS_API_VERSION });
    if (options.statuses?.length)
      query.set('$filter', options.statuses.map((s) => `status eq '${s.replace(/'/g, "''")}'`).join(' or '));
    if (options.top) query.set('$top', String(options.top));
    const runs: TaskRun[] = [];
    let url: string | undefined = `${this.registryPath()}/runs?${query}`;
    while (url) {
      const body = (await this.send('GET', url, options.abortSignal)) as {
        value?: Array<{ properties?: Record<string, unknown> }>;
        nextLink?: string;
      };
      for (const item of body.value ?? []) runs.push(toRun(item.properties ?? {}));
      url = body.nextLink && new URL(body.nextLink).origin === this.armEndpoint ? body.nextLink : undefined;
      if (options.top && runs.length >= options.top) break;
    }
    return runs;
  }

  async cancelTaskRun(runId: string, options: ListOptions = {}): Promise<void> {
    if (!/^[A-Za-z0-9-]+$/.test(runId)) throw new RegistryError(`invalid run id "${runId}"`, { code: 'BAD_RUN_ID' });
    await this.send(
      'POST',
      `${this.registryPath()}/runs/${runId}/cancel?api-version=${RUNS_API_VERSION}`,
      options.abortSignal,
    );
  }

  private registryPath(): string {
    const { subscriptionId, resourceGroup, registryName } = this.options;
    return `${this.armEndpoint}/subscriptions/${encodeURIComponent(subscriptionId)}/resourceGroups/${encodeURIComponent(resourceGroup)}/providers/Microsoft.ContainerRegistry/registries/${encodeURIComponent(registryName)}`;
  }

  /** Sends through the SDK's own pipeline (auth, retries, TLS options) for operations it no longer wraps. */
  private async send(method: 'GET' | 'POST', url: string, abortSignal?: AbortSignal): Promise<unknown> {
    const request = createPipelineRequest({
      url,
      method,
      abortSignal,
      headers: createHttpHeaders({ Accept: 'application/json' }),
    });
    const response = await this.client.pipeline.sendRequest(this.httpClient, request);
    if (response.status >= 400) {
      let code: string | undefined;
      try {
        code = (JSON.parse(response.bodyAsText ?? '{}') as { error?: { code?: string } }).error?.code;
      } catch {
        code = undefined;
      }
      throw new RegistryError(
        `${method} ${new URL(url).pathname} → HTTP ${response.status}${code ? `: ${code}` : ''}`,
        { status: response.status, code: code ?? `HTTP_${response.status}` },
      );
    }
    return response.bodyAsText ? JSON.parse(response.bodyAsText) : {};
  }
}

function toProperties(registry: {
  name?: string;
  loginServer?: string;
  location: string;
  sku?: { name?: string };
  provisioningState?: string;
  adminUserEnabled?: boolean;
}): RegistryProperties {
  return {
    name: registry.name ?? '',
    loginServer: registry.loginServer,
    location: registry.location,
    sku: registry.sku?.name,
    provisioningState: registry.provisioningState,
    adminUserEnabled: registry.adminUserEnabled ?? false,
  };
}

function toRun(p: Record<string, unknown>): TaskRun {
  const date = (v: unknown) => (typeof v === 'string' ? new Date(v) : undefined);
  return {
    runId: String(p.runId ?? ''),
    status: String(p.status ?? 'Unknown'),
    runType: typeof p.runType === 'string' ? p.runType : undefined,
    createTime: date(p.createTime),
    startTime: date(p.startTime),
    finishTime: date(p.finishTime),
    task: typeof p.task === 'string' ? p.task : undefined,
  };
}

/** SDK RestErrors → RegistryError with status and the ARM error code, without request details. */
async function armCall<T>(call: () => PromiseLike<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const e = error as { statusCode?: number; code?: string; message?: string };
    throw new RegistryError(
      `Azure Resource Manager call failed${e.statusCode ? ` (HTTP ${e.statusCode})` : ''}: ${e.code ?? 'error'}`,
      { status: e.statusCode, code: e.code, cause: error },
    );
  }
}
