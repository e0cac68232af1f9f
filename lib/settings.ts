/**
 * The toolkit's configuration (DESIGN.md, Configuration): `oauth2Entities()` builds the entity schemas for the app's
 * ORM, then `configure({ orm, ...settings })` validates the settings once and finds the models in the ORM.
 */
import { setModelCheck } from './settings/store.js';
import { checkModels } from './models/registry.js';

setModelCheck(checkModels);

export { configure, oauth2Settings, resetSettings, settingsVersion, getOrm } from './settings/store.js';
export { SETTINGS_TABLE, KNOWN_GRANT_TYPES, KNOWN_RESPONSE_TYPES } from './settings/table.js';
export type { SettingSpec, SettingKey } from './settings/table.js';
export type { OAuth2Settings, OAuth2SettingsInput, SettingsLogger, AnyConstructor } from './settings/types.js';
export { oauth2Entities } from './models/schemas.js';
export type { OAuth2EntitiesOptions, EntityRef } from './models/schemas.js';
