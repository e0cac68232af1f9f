/** The toolkit's models as the package publishes them (lib/index.ts); internal code imports the files themselves. */
export {
  Application,
  CLIENT_CONFIDENTIAL,
  CLIENT_PUBLIC,
  GRANT_AUTHORIZATION_CODE,
  GRANT_IMPLICIT,
  GRANT_PASSWORD,
  GRANT_CLIENT_CREDENTIALS,
  GRANT_OPENID_HYBRID,
  GRANT_DEVICE_CODE,
  NO_ALGORITHM,
  RS256_ALGORITHM,
  HS256_ALGORITHM,
  ES256_ALGORITHM,
} from './application.js';
export type { Algorithm, ClientType, GrantType } from './application.js';
export { AccessToken } from './access-token.js';
export { RefreshToken } from './refresh-token.js';
export { Grant, CODE_CHALLENGE_PLAIN, CODE_CHALLENGE_S256 } from './grant.js';
export { IDToken } from './id-token.js';
export {
  DeviceGrant,
  DEVICE_AUTHORIZED,
  DEVICE_AUTHORIZATION_PENDING,
  DEVICE_DENIED,
  DEVICE_EXPIRED,
  DEVICE_REDEEMED,
} from './device-grant.js';
export type { DeviceGrantStatus } from './device-grant.js';
export type { LoginFacts } from './token-base.js';
export { TABLE_NAMES, pendingUserCodeIndex } from './schemas.js';
export { Throttle, THROTTLE_TABLE } from './throttle.js';
export {
  getApplicationModel,
  getAccessTokenModel,
  getRefreshTokenModel,
  getGrantModel,
  getIdTokenModel,
  getDeviceGrantModel,
} from './registry.js';
export { tokenChecksum } from './checksum.js';
export { clearExpired } from './clear-expired.js';
export type { ClearExpiredResult } from './clear-expired.js';
export { ModelValidationError } from './validation-error.js';
export type { FieldErrors } from './validation-error.js';
