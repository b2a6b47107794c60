import { z } from 'zod';
import { settingsSchema, type Settings } from '../domain/settings.js';

/** How a setting is edited, read from its schema, so a setting the service adds shows up without a new form. */
export type SettingField =
  | { readonly key: keyof Settings; readonly kind: 'number'; readonly min: number | null; readonly max: number | null }
  /** Bytes per second, written as "5M"; 0 means none. */
  | { readonly key: keyof Settings; readonly kind: 'speed' }
  | { readonly key: keyof Settings; readonly kind: 'boolean' }
  | { readonly key: keyof Settings; readonly kind: 'choice'; readonly options: readonly string[] }
  /** A path; null means the host's default. */
  | { readonly key: keyof Settings; readonly kind: 'folder' }
  | { readonly key: keyof Settings; readonly kind: 'text' };

/** Settings whose numbers are speeds. */
const speeds: ReadonlySet<string> = new Set(['speedLimit', 'trayLimit']);
/** Settings whose text is a folder. */
const folders: ReadonlySet<string> = new Set(['downloadDir']);

export function settingFields(): SettingField[] {
  return (Object.entries(settingsSchema.shape) as [keyof Settings, z.ZodType][]).map(([key, schema]) => fieldOf(key, schema));
}

function fieldOf(key: keyof Settings, schema: z.ZodType): SettingField {
  const inner = schema instanceof z.ZodNullable || schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
  if (inner instanceof z.ZodNumber) return speeds.has(key) ? { key, kind: 'speed' } : { key, kind: 'number', min: finite(inner.minValue), max: finite(inner.maxValue) };
  if (inner instanceof z.ZodBoolean) return { key, kind: 'boolean' };
  if (inner instanceof z.ZodEnum) return { key, kind: 'choice', options: inner.options.map(String) };
  return folders.has(key) ? { key, kind: 'folder' } : { key, kind: 'text' };
}

function finite(value: number | null): number | null {
  return value === null || !Number.isFinite(value) || Math.abs(value) >= Number.MAX_SAFE_INTEGER ? null : value;
}
