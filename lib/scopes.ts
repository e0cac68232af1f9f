import { oauth2Settings } from './settings/store.js';

/** An application as the scopes backend sees it: its `allowedScopes` (empty = every scope). */
interface ScopedApplication {
  allowedScopes?: readonly string[];
}

/** Return every scope the server knows: `{ name: description }` (DOT's `SettingsScopes.get_all_scopes`). */
export function getAllScopes(): Readonly<Record<string, string>> {
  return oauth2Settings().scopes;
}

/**
 * Return the scopes an application may be granted: every known scope, narrowed to the application's
 * `allowedScopes` when it has any (DOT #216).
 */
export function getAvailableScopes(application?: ScopedApplication | null, _request?: unknown): string[] {
  const all = Object.keys(getAllScopes());
  const allowed = application?.allowedScopes ?? [];
  return allowed.length === 0 ? all : all.filter((s) => allowed.includes(s));
}

/** Return the scopes granted when none are requested: `defaultScopes`, within what the application may get. */
export function getDefaultScopes(application?: ScopedApplication | null, _request?: unknown): string[] {
  const available = new Set(getAvailableScopes(application));
  return oauth2Settings().defaultScopes.filter((s) => available.has(s));
}
