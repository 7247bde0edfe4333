/**
 * ACR webhook payloads ("Azure Container Registry webhook reference"): push, delete, quarantine,
 * chart_push, chart_delete — and the portal's "ping".
 */
import { z } from 'zod';
import type { AlertEvent, AlertEventType, Severity } from '../types.js';
import { registryFromHost, shortUserAgent } from './registry-name.js';

/** The `target`/`request` shape shared by webhooks and the `data` of Event Grid registry events. */
export const registryEventTargetSchema = z
  .object({
    mediaType: z.string().optional(),
    size: z.number().optional(),
    digest: z.string().optional(),
    length: z.number().optional(),
    repository: z.string().min(1),
    tag: z.string().optional(),
    // Helm charts
    name: z.string().optional(),
    version: z.string().optional(),
  })
  .passthrough();

export const registryEventRequestSchema = z
  .object({
    id: z.string().optional(),
    host: z.string().optional(),
    method: z.string().optional(),
    useragent: z.string().optional(),
  })
  .passthrough();

export const acrWebhookSchema = z
  .object({
    id: z.string().min(1),
    timestamp: z.string().min(1),
    action: z.enum(['push', 'delete', 'quarantine', 'chart_push', 'chart_delete', 'ping']),
    target: registryEventTargetSchema.optional(),
    request: registryEventRequestSchema.optional(),
    actor: z.object({ name: z.string().optional() }).passthrough().optional(),
  })
  .passthrough()
  .superRefine((payload, ctx) => {
    if (payload.action !== 'ping' && !payload.target) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['target'],
        message: `target is required for action "${payload.action}"`,
      });
    }
  });
export type AcrWebhookPayload = z.infer<typeof acrWebhookSchema>;

const SEVERITY: Record<AlertEventType, Severity> = {
  push: 3,
  delete: 3,
  chart_push: 3,
  chart_delete: 3,
  quarantine: 2,
  monitor: 3,
  quota: 2,
  run_failed: 1,
  admin_user: 2,
};
export function defaultSeverity(type: AlertEventType): Severity {
  return SEVERITY[type];
}

export interface RegistryEventParts {
  id: string;
  timestamp: string;
  action: Exclude<AcrWebhookPayload['action'], 'ping'>;
  target: z.infer<typeof registryEventTargetSchema>;
  request?: z.infer<typeof registryEventRequestSchema>;
  actor?: { name?: string };
}

/** Shared by the webhook and Event Grid receivers: one registry event → one AlertEvent. */
export function registryEventToAlert(
  parts: RegistryEventParts,
  options: { source: AlertEvent['source']; idPrefix: string; registry?: string },
): AlertEvent {
  const { target } = parts;
  const type: AlertEventType = parts.action;
  return {
    source: options.source,
    id: `${options.idPrefix}:${parts.id}`,
    type,
    occurredAt: parts.timestamp,
    severity: defaultSeverity(type),
    registry: options.registry ?? registryFromHost(parts.request?.host),
    ...(parts.request?.host ? { loginServer: parts.request.host.trim().toLowerCase() } : {}),
    repository: target.repository,
    tag: target.tag ?? (target.name && target.version ? `${target.name}-${target.version}` : undefined),
    digest: target.digest,
    mediaType: target.mediaType,
    actor: parts.actor?.name || shortUserAgent(parts.request?.useragent),
  };
}

/** null for a ping (acknowledged, nothing to deliver). */
export function acrWebhookToAlert(payload: AcrWebhookPayload): AlertEvent | null {
  if (payload.action === 'ping' || !payload.target) return null;
  return registryEventToAlert(
    { ...payload, action: payload.action, target: payload.target },
    { source: 'acr-webhook', idPrefix: 'acr' },
  );
}
