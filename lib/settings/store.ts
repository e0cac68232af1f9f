import type { MikroORM } from '@mikro-orm/core';
import { ImproperlyConfigured } from '../errors.js';
import { buildSettings } from './build.js';
import type { OAuth2Settings } from './types.js';

let current: OAuth2Settings | null = null;
let orm: MikroORM | null = null;
let version = 0;
let reads: Set<string> | null = null;

/** Install settings that `configure()` validated, with the app's ORM (`configure()` is the only caller). */
export function installSettings(settings: OAuth2Settings, given: MikroORM): void {
  current = settings;
  orm = given;
  version += 1;
}

/** Return the current settings (the defaults before `configure()`, so views work in unit tests). */
export function oauth2Settings(): Readonly<OAuth2Settings> {
  current ??= buildSettings({});
  return reads ? tracked(current) : current;
}

/** Forget the configuration (tests): back to the defaults and no ORM. */
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

/** @internal Record every settings key read from now on (the settings coverage spec); returns the live record. */
export function trackSettingsReads(): Set<string> {
  reads ??= new Set();
  return reads;
}

const proxies = new WeakMap<OAuth2Settings, OAuth2Settings>();
function tracked(settings: OAuth2Settings): OAuth2Settings {
  let proxy = proxies.get(settings);
  if (!proxy) {
    proxy = new Proxy(settings, {
      get(target, key, receiver) {
        if (typeof key === 'string') reads?.add(key);
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    proxies.set(settings, proxy);
  }
  return proxy;
}
