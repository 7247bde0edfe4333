/**
 * Event Grid deliveries in either schema: the Event Grid event schema and CloudEvents 1.0, as one
 * event or a batch array. Container Registry events carry the webhook's target/request in `data`.
 */
import { z } from 'zod';
import type { AlertEvent } from '../types.js';
import { registryEventRequestSchema, registryEventTargetSchema, registryEventToAlert } from './acr-webhook.js';
import { registryFromResourceId } from './registry-name.js';

export const VALIDATION_EVENT_TYPE = 'Microsoft.EventGrid.SubscriptionValidationEvent';

const REGISTRY_EVENT_ACTIONS = {
  'Microsoft.ContainerRegistry.ImagePushed': 'push',
  'Microsoft.ContainerRegistry.ImageDeleted': 'delete',
  'Microsoft.ContainerRegistry.ChartPushed': 'chart_push',
  'Microsoft.ContainerRegistry.ChartDeleted': 'chart_delete',
} as const;
type RegistryEventType = keyof typeof REGISTRY_EVENT_ACTIONS;

const eventGridEventSchema = z
  .object({
    id: z.string().min(1),
    topic: z.string().optional(),
    subject: z.string(),
    eventType: z.string().min(1),
    eventTime: z.string().min(1),
    data: z.unknown(),
    dataVersion: z.string().optional(),
    metadataVersion: z.string().optional(),
  })
  .passthrough();

const cloudEventSchema = z
  .object({
    specversion: z.literal('1.0'),
    id: z.string().min(1),
    source: z.string().min(1),
    type: z.string().min(1),
    subject: z.string().optional(),
    time: z.string().optional(),
    data: z.unknown(),
  })
  .passthrough();

const oneEventSchema = z.union([cloudEventSchema, eventGridEventSchema]);
/** A batch (array, at least one event) or a single event. */
export const eventGridBodySchema = z.union([z.array(oneEventSchema).min(1), oneEventSchema]);

const registryEventDataSchema = z
  .object({
    id: z.string().min(1),
    timestamp: z.string().min(1),
    action: z.string(),
    target: registryEventTargetSchema,
    request: registryEventRequestSchema.optional(),
    actor: z.object({ name: z.string().optional() }).passthrough().optional(),
  })
  .passthrough();

const validationDataSchema = z
  .object({ validationCode: z.string().min(1), validationUrl: z.string().optional() })
  .passthrough();

/** The fields both schemas share, under one set of names. */
interface Envelope {
  id: string;
  type: string;
  /** Event Grid `topic` / CloudEvents `source`: the registry's resource id. */
  source?: string;
  time?: string;
  data: unknown;
}

function envelope(event: z.infer<typeof oneEventSchema>): Envelope {
  if ('specversion' in event) {
    const cloud = event as z.infer<typeof cloudEventSchema>;
    return { id: cloud.id, type: cloud.type, source: cloud.source, time: cloud.time, data: cloud.data };
  }
  const grid = event as z.infer<typeof eventGridEventSchema>;
  return { id: grid.id, type: grid.eventType, source: grid.topic, time: grid.eventTime, data: grid.data };
}

export type EventGridParseResult =
  | { kind: 'validation'; validationCode: string }
  | { kind: 'events'; alerts: AlertEvent[]; ignored: number }
  | { kind: 'invalid'; issues: string[] };

/** Parses a validated body: the validation handshake, registry events, or types we do not handle (ignored). */
export function parseEventGridBody(body: z.infer<typeof eventGridBodySchema>): EventGridParseResult {
  const events = (Array.isArray(body) ? body : [body]).map(envelope);
  const alerts: AlertEvent[] = [];
  const issues: string[] = [];
  let ignored = 0;
  for (const [index, event] of events.entries()) {
    if (event.type === VALIDATION_EVENT_TYPE) {
      const data = validationDataSchema.safeParse(event.data);
      if (!data.success) return { kind: 'invalid', issues: [`[${index}].data.validationCode is required`] };
      return { kind: 'validation', validationCode: data.data.validationCode };
    }
    const action = REGISTRY_EVENT_ACTIONS[event.type as RegistryEventType];
    if (!action) {
      ignored++; // another event type on the same subscription: acknowledged so Event Grid does not retry it
      continue;
    }
    const data = registryEventDataSchema.safeParse(event.data);
    if (!data.success) {
      issues.push(...data.error.issues.map((issue) => `[${index}].data.${issue.path.join('.')}: ${issue.message}`));
      continue;
    }
    alerts.push(
      registryEventToAlert(
        // Event Grid's own id is what its retries repeat: dedupe on it.
        { ...data.data, id: event.id, action, timestamp: data.data.timestamp || event.time || '' },
        { source: 'event-grid', idPrefix: 'eventgrid', registry: registryFromResourceId(event.source) },
      ),
    );
  }
  return issues.length > 0 ? { kind: 'invalid', issues } : { kind: 'events', alerts, ignored };
}
