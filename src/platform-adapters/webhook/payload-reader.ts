import { PlatformAdapterError } from '../platform-adapters.errors';
import { isHttpUrl } from './webhook-config';

/**
 * Strict readers for an untrusted JSON payload. Each one either returns a typed value or throws `INVALID_PAYLOAD`
 * naming the exact field (`events[2].author.id`), so the platform learns what to fix and nothing half-valid is stored.
 */
export type JsonObject = Record<string, unknown>;

export const MAX_ID_LENGTH = 255;
const MAX_NAME_LENGTH = 255;
const MAX_URL_LENGTH = 2048;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

export function invalid(field: string, message: string): PlatformAdapterError {
  return new PlatformAdapterError('INVALID_PAYLOAD', `${field} ${message}`, { field });
}

/** An object with no fields beyond `allowed`; `field` is '' for the body itself. */
export function readObject(value: unknown, field: string, allowed: readonly string[]): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(field || 'body', 'must be an object');
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw invalid(join(field, key), 'is not a known field');
  }
  return value as JsonObject;
}

export function readId(obj: JsonObject, key: string, field: string): string {
  const value = obj[key];
  if (typeof value !== 'string' || value.trim() === '') throw invalid(join(field, key), 'must be a non-empty string');
  if (value.length > MAX_ID_LENGTH) throw invalid(join(field, key), `must be at most ${MAX_ID_LENGTH} characters`);
  return value;
}

export function readOptionalId(obj: JsonObject, key: string, field: string): string | undefined {
  return obj[key] === undefined ? undefined : readId(obj, key, field);
}

export function readOptionalName(obj: JsonObject, key: string, field: string): string | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(join(field, key), 'must be a string');
  if (value.length > MAX_NAME_LENGTH) throw invalid(join(field, key), `must be at most ${MAX_NAME_LENGTH} characters`);
  return value;
}

export function readText(obj: JsonObject, key: string, field: string, maxLength: number): string {
  const value = obj[key];
  if (value === undefined) return '';
  if (typeof value !== 'string') throw invalid(join(field, key), 'must be a string');
  if (value.length > maxLength) throw invalid(join(field, key), `must be at most ${maxLength} characters`);
  return value;
}

export function readBoolean(obj: JsonObject, key: string, field: string): boolean {
  const value = obj[key];
  if (typeof value !== 'boolean') throw invalid(join(field, key), 'must be true or false');
  return value;
}

export function readUrl(obj: JsonObject, key: string, field: string): string {
  const value = obj[key];
  if (!isHttpUrl(value) || value.length > MAX_URL_LENGTH) throw invalid(join(field, key), 'must be an http or https URL');
  return value;
}

export function readOptionalUrl(obj: JsonObject, key: string, field: string): string | undefined {
  return obj[key] === undefined ? undefined : readUrl(obj, key, field);
}

/** An ISO 8601 timestamp with a time zone; impossible dates (Feb 30) are refused, not rolled over. */
export function readIsoDate(obj: JsonObject, key: string, field: string): Date {
  const value = obj[key];
  const parts = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  const date = parts ? new Date(value as string) : null;
  if (!parts || !date || Number.isNaN(date.getTime()) || !isRealCalendarTime(parts)) {
    throw invalid(join(field, key), 'must be an ISO 8601 timestamp with a time zone');
  }
  return date;
}

export function readArray(obj: JsonObject, key: string, field: string, min: number, max: number): unknown[] {
  const value = obj[key];
  if (!Array.isArray(value)) throw invalid(join(field, key), 'must be a list');
  if (value.length < min || value.length > max) throw invalid(join(field, key), `must hold ${min} to ${max} items`);
  return value;
}

export function join(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}

function isRealCalendarTime(parts: RegExpExecArray): boolean {
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour < 24 && minute < 60 && second < 60;
}
