import { createRegistryResolver, normalizeLoginServer } from '../../../src/features/alerts/registry-resolver.js';
import type { AlertEvent } from '../../../src/features/alerts/types.js';

const event = (fields: Partial<AlertEvent>): AlertEvent => ({
  source: 'acr-webhook',
  id: 'acr:1',
  type: 'push',
  occurredAt: '2026-01-01T00:00:00Z',
  severity: 3,
  ...fields,
});
const resolve = createRegistryResolver([
  { name: 'local', loginServer: '127.0.0.1:5000' },
  { name: 'prod', loginServer: 'ContosoProd.azurecr.io' },
  { name: 'plain' },
]);

test.each([
  ['a webhook from a local registry (host:port)', { registry: '127', loginServer: '127.0.0.1:5000' }, 'local'],
  ['a webhook from ACR, any case', { registry: 'contosoprod', loginServer: 'CONTOSOPROD.AZURECR.IO' }, 'prod'],
  ['Event Grid / Monitor: the ACR resource name', { registry: 'contosoprod' }, 'prod'],
  ['an event already named as configured', { registry: 'plain' }, 'plain'],
])('%s maps to the configured name', (_, fields, expected) => {
  expect(resolve(event(fields))).toEqual({ event: expect.objectContaining({ registry: expected }), matched: true });
});

test.each([
  ['another port of the same host', { registry: '127', loginServer: '127.0.0.1:5001' }],
  ['an unknown ACR', { registry: 'myregistry', loginServer: 'myregistry.azurecr.io' }],
  ['no registry at all', {}],
])('%s is unmatched and keeps what the payload said', (_, fields) => {
  const input = event(fields);
  expect(resolve(input)).toEqual({ event: input, matched: false });
});

test('login servers compare without scheme, default port or trailing slash', () => {
  expect(normalizeLoginServer('HTTPS://Reg.Example:443/')).toBe('reg.example');
  expect(normalizeLoginServer('http://127.0.0.1:5000')).toBe('127.0.0.1:5000');
  expect(normalizeLoginServer('reg.example:8443')).toBe('reg.example:8443');
});
