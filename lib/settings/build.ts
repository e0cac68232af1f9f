import { ImproperlyConfigured } from '../errors.js';
import { SETTINGS_TABLE, type SettingKey } from './table.js';
import type { OAuth2Settings } from './types.js';

const KEYS = Object.keys(SETTINGS_TABLE) as SettingKey[];
// DOT names a user may paste from a Django project, mapped to ours for the error message.
const BY_DOT_NAME = new Map<string, SettingKey>(
  KEYS.flatMap((k) => SETTINGS_TABLE[k].dot.split(/,\s*/).map((d) => [d, k] as [string, SettingKey])),
);

/** Return the settings built from `input` over the defaults, validated: unknown keys and wrong types throw. */
export function buildSettings(input: Record<string, unknown>): OAuth2Settings {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(SETTINGS_TABLE, key)) {
      const dot = BY_DOT_NAME.get(key);
      const hint = dot ? ` (DOT's ${key} is '${dot}' here)` : '';
      throw new ImproperlyConfigured(`Unknown setting '${key}' passed to configure()${hint}`);
    }
  }
  for (const key of KEYS) {
    const spec = SETTINGS_TABLE[key];
    const given = Object.hasOwn(input, key) && input[key] !== undefined;
    const value = given ? input[key] : spec.default();
    // Never echo the value: some settings are keys or secrets.
    if (!spec.check.test(value)) {
      throw new ImproperlyConfigured(`Setting '${key}' must be ${spec.check.expected}, got ${describe(value)}`);
    }
    out[key] = value;
  }
  const settings = out as unknown as OAuth2Settings;
  checkCrossKeyRules(settings);
  return Object.freeze({
    ...settings,
    defaultScopes: Object.freeze(resolveDefaultScopes(settings)),
  });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

function resolveDefaultScopes(settings: OAuth2Settings): string[] {
  const known = Object.keys(settings.scopes);
  if (settings.defaultScopes.includes('__all__')) return known;
  for (const s of settings.defaultScopes) {
    if (!known.includes(s)) {
      throw new ImproperlyConfigured(`Setting 'defaultScopes' lists '${s}', which is not a key of 'scopes'`);
    }
  }
  return [...settings.defaultScopes];
}

function checkCrossKeyRules(settings: OAuth2Settings): void {
  // The successor pair of a rotated refresh token is kept only encrypted (issue 2, RFC 9700 §4.14.2).
  if (settings.refreshTokenGracePeriodSeconds > 0) {
    const key = settings.refreshTokenGraceKey;
    if (key === null || key.length < 32) {
      throw new ImproperlyConfigured(
        "Setting 'refreshTokenGraceKey' must be a secret of at least 32 characters when " +
          "'refreshTokenGracePeriodSeconds' is above 0; set one, or set the period to 0",
      );
    }
  }
  if (settings.readScope && !Object.hasOwn(settings.scopes, settings.readScope)) {
    // DOT accepts this; a read/write scoped view would then never match, so say it now.
    throw new ImproperlyConfigured(`Setting 'readScope' ('${settings.readScope}') is not a key of 'scopes'`);
  }
  if (settings.writeScope && !Object.hasOwn(settings.scopes, settings.writeScope)) {
    throw new ImproperlyConfigured(`Setting 'writeScope' ('${settings.writeScope}') is not a key of 'scopes'`);
  }
}
