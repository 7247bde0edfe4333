/**
 * Reading a clicked button's data (untrusted: anyone can craft it) and naming an internal failure. Shared by
 * the core and the features so every click reads its fields, and every "Reference: …" is made, one way.
 */
import { randomUUID } from 'node:crypto';
import { CoreError } from './errors.js';
import type { NeutralRequest } from './model.js';

/** A non-blank string field of the click's data, trimmed; undefined when absent, blank or not a string. */
export function actionString(request: NeutralRequest, key: string): string | undefined {
  const value = request.action?.data[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The same, required: a click without it is refused as an invalid action (localized for the user). */
export function requiredActionString(request: NeutralRequest, key: string): string {
  const value = actionString(request, key);
  if (value === undefined) throw new CoreError('invalidAction');
  return value;
}

/** A short id that ties what the user sees ("Reference: 1a2b3c4d") to the logged error. */
export function errorReference(): string {
  return randomUUID().slice(0, 8);
}
