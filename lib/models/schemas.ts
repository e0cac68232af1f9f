import { EntitySchema, type EntityClass } from '@mikro-orm/core';
import { Application } from './application.js';
import { AccessToken } from './access-token.js';
import { RefreshToken } from './refresh-token.js';
import { Grant } from './grant.js';
import { IDToken } from './id-token.js';
import { DeviceGrant } from './device-grant.js';
import { abstractSchemas, type EntityNames } from './abstract-schemas.js';
import { throttleSchema } from './throttle.js';

/** Any entity schema (the classes carry the types; a schema's own generics do not matter here). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySchema = EntitySchema<any, any>;

/** An entity named for the toolkit: a class, an EntitySchema, or its entity name. */
export type EntityRef = string | AnySchema | (abstract new (...args: never[]) => object);

/** The app's model choices: made here and only here (ARCHITECTURE.md, Configuration). */
export interface OAuth2EntitiesOptions {
  /** The app's user entity (DOT's `AUTH_USER_MODEL`); its primary key is referenced by foreign keys. */
  userEntity: EntityRef;
  /** An app schema whose class extends `Application` (and whose schema `extends: 'AbstractApplication'`). */
  applicationModel?: AnySchema;
  accessTokenModel?: AnySchema;
  refreshTokenModel?: AnySchema;
  grantModel?: AnySchema;
  idTokenModel?: AnySchema;
  /** An app schema whose class extends `DeviceGrant` (DOT's `OAUTH2_PROVIDER_DEVICE_GRANT_MODEL`). */
  deviceGrantModel?: AnySchema;
}

/** Return the entity name of a class, schema or name. */
export function entityName(ref: EntityRef): string {
  if (typeof ref === 'string') return ref;
  if (ref instanceof EntitySchema) return ref.meta.className;
  return ref.name;
}

/** DOT's table names for the default concrete models. */
export const TABLE_NAMES = {
  application: 'oauth2_provider_application',
  accessToken: 'oauth2_provider_accesstoken',
  refreshToken: 'oauth2_provider_refreshtoken',
  grant: 'oauth2_provider_grant',
  idToken: 'oauth2_provider_idtoken',
  deviceGrant: 'oauth2_provider_devicegrant',
} as const;

type Kind = keyof typeof TABLE_NAMES;
const BASES: Record<Kind, EntityClass<object>> = {
  application: Application,
  accessToken: AccessToken,
  refreshToken: RefreshToken,
  grant: Grant,
  idToken: IDToken,
  deviceGrant: DeviceGrant,
};
const ABSTRACT_NAMES: Record<Kind, string> = {
  application: 'AbstractApplication',
  accessToken: 'AbstractAccessToken',
  refreshToken: 'AbstractRefreshToken',
  grant: 'AbstractGrant',
  idToken: 'AbstractIDToken',
  deviceGrant: 'AbstractDeviceGrant',
};

/**
 * Build the toolkit's entity schemas for the app's `MikroORM.init({ entities: [User, ...oauth2Entities(...)] })`.
 * Relations name their targets lazily (`entity: () => name`), so they point at the app's user entity and at any
 * extended model. Each call builds fresh schemas.
 * @example
 * class MyApplication extends Application { logoUrl: string | null = null; }
 * const MyApplicationSchema = new EntitySchema({ class: MyApplication, extends: 'AbstractApplication',
 *   tableName: 'oauth2_provider_application', properties: { logoUrl: { type: 'text', nullable: true } } });
 * const entities = [UserSchema, ...oauth2Entities({ userEntity: UserSchema, applicationModel: MyApplicationSchema })];
 */
export function oauth2Entities(options: OAuth2EntitiesOptions): AnySchema[] {
  const chosen: Record<Kind, AnySchema | undefined> = {
    application: options.applicationModel,
    accessToken: options.accessTokenModel,
    refreshToken: options.refreshTokenModel,
    grant: options.grantModel,
    idToken: options.idTokenModel,
    deviceGrant: options.deviceGrantModel,
  };
  const names: EntityNames = {
    user: entityName(options.userEntity),
    application: chosen.application?.meta.className ?? 'Application',
    accessToken: chosen.accessToken?.meta.className ?? 'AccessToken',
    refreshToken: chosen.refreshToken?.meta.className ?? 'RefreshToken',
    grant: chosen.grant?.meta.className ?? 'Grant',
    idToken: chosen.idToken?.meta.className ?? 'IDToken',
    deviceGrant: chosen.deviceGrant?.meta.className ?? 'DeviceGrant',
  };
  const schemas: AnySchema[] = [...abstractSchemas(names)];
  for (const kind of Object.keys(TABLE_NAMES) as Kind[]) {
    const custom = chosen[kind];
    if (!custom) {
      schemas.push(
        new EntitySchema({
          class: BASES[kind],
          extends: ABSTRACT_NAMES[kind],
          tableName: TABLE_NAMES[kind],
          ...(kind === 'deviceGrant' ? { indexes: [pendingUserCodeIndex(TABLE_NAMES[kind])] } : {}),
        }),
      );
      continue;
    }
    // MikroORM discovers an entity's parent classes through a global class→schema registry; an app class that
    // extends the toolkit's concrete class would pull in that class's table a second time. Registering the
    // toolkit class as abstract here stops that (the extended-entity spec covers it).
    if (custom.meta.class && custom.meta.class !== BASES[kind]) {
      schemas.push(new EntitySchema({ class: BASES[kind], abstract: true, extends: ABSTRACT_NAMES[kind] }));
    }
    schemas.push(custom);
  }
  // Throttling's failure counters (lib/throttle), read and written by SQL only: no model to swap.
  schemas.push(throttleSchema());
  return schemas;
}

/**
 * The partial unique index that keeps a user code unique among pending device grants (RFC 8628 §6.1), on `table`: a
 * swapped device grant model declares it on its own table (`indexes: [pendingUserCodeIndex(tableName)]`).
 */
export function pendingUserCodeIndex(table: string): { name: string; expression: string } {
  const name = `${table}_pending_user_code_unique`;
  return {
    name,
    expression:
      `create unique index "${name}" on "${table}" ("user_code_checksum") ` +
      `where "status" = 'authorization-pending'`,
  };
}
