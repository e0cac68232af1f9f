/** The toolkit's models: classes with DOT's methods, their schemas, the registry and the model helpers. */
export {
  Application,
  CLIENT_CONFIDENTIAL,
  CLIENT_PUBLIC,
  CLIENT_TYPES,
  GRANT_AUTHORIZATION_CODE,
  GRANT_DEVICE_CODE,
  GRANT_IMPLICIT,
  GRANT_PASSWORD,
  GRANT_CLIENT_CREDENTIALS,
  GRANT_OPENID_HYBRID,
  GRANT_TYPES,
  NO_ALGORITHM,
  RS256_ALGORITHM,
  HS256_ALGORITHM,
  ES256_ALGORITHM,
  ALGORITHMS,
} from './application.js';
export type { Algorithm, ClientType, GrantType } from './application.js';
export { AccessToken } from './access-token.js';
export { RefreshToken } from './refresh-token.js';
export { Grant, CODE_CHALLENGE_PLAIN, CODE_CHALLENGE_S256 } from './grant.js';
export { IDToken } from './id-token.js';
export type { LoginFacts } from './token-base.js';
export { oauth2Entities, entityName, TABLE_NAMES } from './schemas.js';
export type { OAuth2EntitiesOptions, EntityRef, AnySchema } from './schemas.js';
export {
  findModel,
  modelFor,
  getApplicationModel,
  getAccessTokenModel,
  getRefreshTokenModel,
  getGrantModel,
  getIdTokenModel,
} from './registry.js';
export { tokenChecksum } from './checksum.js';
export { redirectToUriAllowed, isOriginAllowed, isLoopbackIpUri } from './redirect-uri.js';
export { findApplicationsByOrigin } from './queries.js';
export { clearExpired } from './clear-expired.js';
export type { ClearExpiredResult } from './clear-expired.js';
export { ModelValidationError } from './validation-error.js';
export type { FieldErrors } from './validation-error.js';
