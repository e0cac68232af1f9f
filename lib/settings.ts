/**
 * The toolkit's configuration: `oauth2Entities()` builds the entity schemas for the app's ORM, then
 * `configure({ orm, ...settings })` validates the settings once and checks that the ORM holds the models.
 * Importing this module does nothing by itself: everything happens when `configure()` runs.
 */
import type { MikroORM } from '@mikro-orm/core';
import { ImproperlyConfigured } from './errors.js';
import { checkModels } from './models/registry.js';
import { buildSettings } from './settings/build.js';
import { installSettings } from './settings/store.js';
import type { OAuth2Settings, OAuth2SettingsInput } from './settings/types.js';
import type { OAuth2User } from './settings/user.js';

/**
 * Validate and install the settings, once at start-up: an unknown key or a wrong type throws
 * `ImproperlyConfigured` naming the key, and so does an ORM that lacks one of the toolkit's models. `orm` may be
 * left out when `oauth2ValidatorClass` is a validator of the app's own storage (ARCHITECTURE.md, The bridge): the
 * toolkit then needs no ORM at all. `User` types the hooks' user; it defaults to the type declared in
 * `OAuth2UserTypes`, which the views and `ctx.state.oauth2` see too.
 * @example configure({ orm, issuer: 'https://auth.example.com/o', scopes: { openid: 'OpenID', read: 'Read' } });
 */
export function configure<User = OAuth2User>(
  options: { orm?: MikroORM } & Partial<OAuth2SettingsInput<NoInfer<User>>>,
): Readonly<OAuth2Settings<User>> {
  const { orm, ...input } = options;
  if (orm === undefined && !input.oauth2ValidatorClass) {
    throw new ImproperlyConfigured(
      "configure() needs 'orm', the app's initialized MikroORM instance, or an 'oauth2ValidatorClass' of your own storage",
    );
  }
  if (orm !== undefined && (!orm || typeof orm.getMetadata !== 'function')) {
    throw new ImproperlyConfigured("configure() needs 'orm' to be the app's initialized MikroORM instance");
  }
  const settings = buildSettings(input);
  if (orm !== undefined) checkModels(orm);
  installSettings(settings, orm ?? null);
  return settings as unknown as OAuth2Settings<User>;
}

export { oauth2Settings, resetSettings, settingsVersion, getOrm } from './settings/store.js';
export { SETTINGS_TABLE, KNOWN_GRANT_TYPES, KNOWN_RESPONSE_TYPES } from './settings/table.js';
export type { SettingSpec, SettingKey } from './settings/table.js';
export type { OAuth2Settings, OAuth2SettingsInput, SettingsLogger, AnyConstructor } from './settings/types.js';
export type { OAuth2UserTypes, OAuth2User, OAuth2UserContract } from './settings/user.js';
export { oauth2Entities } from './models/schemas.js';
export type { OAuth2EntitiesOptions, EntityRef } from './models/schemas.js';
