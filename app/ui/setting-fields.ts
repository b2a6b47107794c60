import { settingsSchema, type Settings } from '../domain/settings.js';
import { z } from '../domain/zod.js';

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
  return (Object.entries(settingsSchema.shape) as [keyof Settings, z.ZodMiniType][]).map(([key, schema]) => fieldOf(key, schema));
}

function fieldOf(key: keyof Settings, schema: z.ZodMiniType): SettingField {
  const inner = schema instanceof z.ZodMiniNullable || schema instanceof z.ZodMiniOptional ? schema._zod.def.innerType : schema;
  if (inner instanceof z.ZodMiniNumber) return speeds.has(key) ? { key, kind: 'speed' } : { key, kind: 'number', ...bounds(inner) };
  if (inner instanceof z.ZodMiniBoolean) return { key, kind: 'boolean' };
  if (inner instanceof z.ZodMiniEnum) return { key, kind: 'choice', options: inner.options.map(String) };
  return folders.has(key) ? { key, kind: 'folder' } : { key, kind: 'text' };
}

/** The number's inclusive bounds, read from its checks (z.minimum, z.maximum). */
function bounds(schema: z.ZodMiniNumber): { min: number | null; max: number | null } {
  let min: number | undefined;
  let max: number | undefined;
  for (const check of schema._zod.def.checks ?? []) {
    const def = check._zod.def as { check: string; value?: unknown };
    if (typeof def.value !== 'number') continue;
    if (def.check === 'greater_than') min = def.value;
    if (def.check === 'less_than') max = def.value;
  }
  return { min: finite(min), max: finite(max) };
}

function finite(value: number | undefined): number | null {
  return value === undefined || !Number.isFinite(value) || Math.abs(value) >= Number.MAX_SAFE_INTEGER ? null : value;
}
