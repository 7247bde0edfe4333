/**
 * Reading a clicked button's data (untrusted: anyone can craft it) and naming an internal failure. Shared by
 * the core and the features so every click reads its fields, and every "Reference: …" is made, one way.
 */
import { randomUUID } from 'node:crypto';
import type { NeutralRequest } from './model.js';

/** A non-blank string field of the click's data, trimmed; undefined when absent, blank or not a string. */
export function actionString(request: NeutralRequest, key: string): string | undefined {
  const value = request.action?.data[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** A short id that ties what the user sees ("Reference: 1a2b3c4d") to the logged error. */
export function errorReference(): string {
  return randomUUID().slice(0, 8);
}
