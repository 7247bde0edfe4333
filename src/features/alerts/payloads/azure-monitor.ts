/** Azure Monitor's common alert schema (action group webhook with the common schema enabled). */
import { z } from 'zod';
import type { AlertEvent, Severity } from '../types.js';
import { registryFromResourceId } from './registry-name.js';

export const monitorAlertSchema = z
  .object({
    schemaId: z.literal('azureMonitorCommonAlertSchema'),
    data: z
      .object({
        essentials: z
          .object({
            alertId: z.string().min(1),
            alertRule: z.string().min(1),
            severity: z.enum(['Sev0', 'Sev1', 'Sev2', 'Sev3', 'Sev4']),
            signalType: z.string().optional(),
            monitorCondition: z.enum(['Fired', 'Resolved']),
            monitoringService: z.string().optional(),
            alertTargetIDs: z.array(z.string()).optional(),
            configurationItems: z.array(z.string()).optional(),
            firedDateTime: z.string().min(1),
            resolvedDateTime: z.string().optional(),
            description: z.string().optional(),
          })
          .passthrough(),
        alertContext: z.unknown().optional(),
      })
      .passthrough(),
  })
  .passthrough();
export type MonitorAlertPayload = z.infer<typeof monitorAlertSchema>;

export function monitorAlertToAlert(payload: MonitorAlertPayload): AlertEvent {
  const e = payload.data.essentials;
  const registry =
    e.alertTargetIDs?.map(registryFromResourceId).find(Boolean) ?? e.configurationItems?.[0]?.toLowerCase();
  const resolved = e.monitorCondition === 'Resolved';
  return {
    source: 'monitor',
    // Fired and Resolved are two events of one alert.
    id: `monitor:${e.alertId}:${e.monitorCondition}`,
    type: 'monitor',
    occurredAt: (resolved ? e.resolvedDateTime : undefined) ?? e.firedDateTime,
    severity: Number(e.severity.slice(3)) as Severity,
    registry,
    actor: e.monitoringService,
    title: e.description ? `${e.alertRule}: ${e.description}` : e.alertRule,
    monitorCondition: e.monitorCondition,
    details: { alertRule: e.alertRule, ...(e.signalType ? { signalType: e.signalType } : {}) },
  };
}
