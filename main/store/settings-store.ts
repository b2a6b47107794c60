import type Database from 'better-sqlite3';
import { defaultSettings } from '../../app/domain/default-settings.js';
import { settingsPatchSchema, settingsSchema, type Settings } from '../../app/domain/settings.js';

export class InvalidSettingsError extends Error {
  override readonly name = 'InvalidSettingsError';
}

/** The user's settings, one row per key (JSON values), over the defaults. */
export class SettingsStore {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      all: db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings'),
      put: db.prepare<[string, string]>('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    };
  }

  /** The current settings; a stored value that no longer passes the schema falls back to its default. */
  get(): Settings {
    const settings: Record<string, unknown> = { ...defaultSettings };
    for (const { key, value } of this.statements.all.all()) {
      if (!Object.hasOwn(defaultSettings, key)) continue;
      const candidate = { ...settings, [key]: safeParse(value) };
      if (settingsSchema.safeParse(candidate).success) settings[key] = candidate[key];
    }
    return settingsSchema.parse(settings);
  }

  /** Validates and saves a change (all of it, or none of it); returns the settings now in force. */
  set(patch: unknown): Settings {
    const parsed = settingsPatchSchema().safeParse(patch);
    if (!parsed.success) {
      throw new InvalidSettingsError(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'settings'}: ${issue.message}`).join('; '));
    }
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(parsed.data)) this.statements.put.run(key, JSON.stringify(value));
    }).immediate();
    return this.get();
  }
}

function safeParse(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
}
