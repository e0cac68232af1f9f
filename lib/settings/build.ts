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

// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), so no space, quote, backslash or control.
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

function checkCrossKeyRules(settings: OAuth2Settings): void {
  checkIssuer(settings.issuer);
  for (const name of Object.keys(settings.scopes)) {
    if (!SCOPE_TOKEN.test(name)) {
      throw new ImproperlyConfigured(
        `Setting 'scopes' has the name ${JSON.stringify(name)}, which is not a scope token (RFC 6749 §3.3): ` +
          'a scope name has no space, quote, backslash or control character; rename it',
      );
    }
  }
  if (settings.oidcEnabled && !settings.oidcRsaPrivateKey && !settings.oidcEcPrivateKey) {
    // Discovery would answer and the JWKS be empty: no relying party could verify an RS256 or ES256 ID token.
    throw new ImproperlyConfigured(
      "Setting 'oidcEnabled' needs a signing key: set 'oidcRsaPrivateKey' (a PEM RSA key) or 'oidcEcPrivateKey' " +
        '(a PEM P-256 key)',
    );
  }
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

/**
 * Refuse an issuer that is not an absolute http(s) URL without query or fragment (RFC 8414 §2): every endpoint URL
 * and `iss` is built from it. An empty issuer is allowed here, since a resource server needs none; the routes that
 * need one refuse it when they are built (`oauth2Routes()`, `oauth2MetadataRoutes()`).
 */
function checkIssuer(issuer: string): void {
  if (issuer === '') return;
  let url: URL | null;
  try {
    url = /^https?:\/\//i.test(issuer) ? new URL(issuer) : null;
  } catch {
    url = null;
  }
  if (url === null || url.search !== '' || url.hash !== '' || issuer.includes('?') || issuer.includes('#')) {
    throw new ImproperlyConfigured(
      "Setting 'issuer' must be an absolute URL with the scheme, without query or fragment, e.g. " +
        "'https://auth.example.com/o' (RFC 8414 §2)",
    );
  }
}
