import type { MikroORM } from '@mikro-orm/core';
import { ImproperlyConfigured } from '../errors.js';
import { buildSettings } from './build.js';
import type { OAuth2Settings } from './types.js';

let current: OAuth2Settings | null = null;
let orm: MikroORM | null = null;
let version = 0;

/** Install settings that `configure()` validated, with the app's ORM or none (`configure()` is the only caller). */
export function installSettings(settings: OAuth2Settings, given: MikroORM | null): void {
  current = settings;
  orm = given;
  version += 1;
}

/**
 * Return the current settings (the defaults before `configure()`, so views work in unit tests). The hooks take and
 * return the user as `unknown` here: the toolkit passes on whatever the app's hooks gave it, never inspecting it.
 */
export function oauth2Settings(): Readonly<OAuth2Settings> {
  current ??= buildSettings({});
  return current;
}

/**
 * Forget the configuration: back to the defaults and no ORM, as before `configure()` (DOT's settings are
 * resettable the same way between tests).
 * @example afterEach(() => resetSettings());
 */
export function resetSettings(): void {
  current = null;
  orm = null;
  version += 1;
}

/** Return a number that changes on every `configure()` and `resetSettings()`, for caches keyed on settings. */
export function settingsVersion(): number {
  return version;
}

/** Return the configured ORM. @throws ImproperlyConfigured before `configure({ orm })` */
export function getOrm(): MikroORM {
  if (!orm) throw new ImproperlyConfigured('No ORM configured: call configure({ orm, ... }) at start-up');
  return orm;
}
