import type { EntityClass, EntityManager, MetadataStorage, MikroORM } from '@mikro-orm/core';
import { ImproperlyConfigured } from '../errors.js';
import { getOrm } from '../settings/store.js';
import { Application } from './application.js';
import { AccessToken } from './access-token.js';
import { RefreshToken } from './refresh-token.js';
import { Grant } from './grant.js';
import { IDToken } from './id-token.js';
import { DeviceGrant } from './device-grant.js';
import { Throttle } from './throttle.js';

// Metadata objects are per ORM; the lookup walks them once per (metadata, base class).
const cache = new WeakMap<MetadataStorage, Map<abstract new () => object, EntityClass<object>>>();

/**
 * Return the concrete entity class registered in `metadata` for a toolkit model (the model itself or the app's
 * subclass named in `oauth2Entities()`).
 * @throws ImproperlyConfigured when none or several are registered
 */
export function findModel<T extends object>(metadata: MetadataStorage, base: abstract new () => T): EntityClass<T> {
  let byBase = cache.get(metadata);
  if (!byBase) cache.set(metadata, (byBase = new Map()));
  const hit = byBase.get(base);
  if (hit) return hit as EntityClass<T>;
  const found = Object.values(metadata.getAll()).filter(
    (meta) => !meta.abstract && meta.class && (meta.class === base || meta.class.prototype instanceof base),
  );
  if (found.length !== 1) {
    throw new ImproperlyConfigured(
      `Expected exactly one entity for the model ${base.name} in the ORM metadata, found ${found.length}: ` +
        'register the schemas returned by oauth2Entities() in MikroORM.init({ entities })',
    );
  }
  const cls = found[0]!.class as EntityClass<T>;
  byBase.set(base, cls);
  return cls;
}

/** Return the concrete class of a toolkit model registered with the ORM behind `em`. */
export function modelFor<T extends object>(em: EntityManager, base: abstract new () => T): EntityClass<T> {
  return findModel(em.getMetadata(), base);
}

/** Check that every toolkit model is registered with `orm` (called once by `configure()`). */
export function checkModels(orm: MikroORM): void {
  const bases: (abstract new () => object)[] = [
    Application,
    AccessToken,
    RefreshToken,
    Grant,
    IDToken,
    DeviceGrant,
    Throttle,
  ];
  for (const base of bases) findModel(orm.getMetadata(), base);
}

/** Return the configured Application entity class (DOT's `get_application_model()`). */
export function getApplicationModel(): EntityClass<Application> {
  return findModel(getOrm().getMetadata(), Application);
}

/** Return the configured AccessToken entity class. */
export function getAccessTokenModel(): EntityClass<AccessToken> {
  return findModel(getOrm().getMetadata(), AccessToken);
}

/** Return the configured RefreshToken entity class. */
export function getRefreshTokenModel(): EntityClass<RefreshToken> {
  return findModel(getOrm().getMetadata(), RefreshToken);
}

/** Return the configured Grant entity class. */
export function getGrantModel(): EntityClass<Grant> {
  return findModel(getOrm().getMetadata(), Grant);
}

/** Return the configured DeviceGrant entity class (DOT's `get_device_grant_model()`). */
export function getDeviceGrantModel(): EntityClass<DeviceGrant> {
  return findModel(getOrm().getMetadata(), DeviceGrant);
}

/** Return the configured IDToken entity class. */
export function getIdTokenModel(): EntityClass<IDToken> {
  return findModel(getOrm().getMetadata(), IDToken);
}
