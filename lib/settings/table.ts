import { EventEmitter } from 'node:events';
import type { Context } from 'koa';
import { generateClientId, generateClientSecret } from '../generators.js';
import {
  GRANT_AUTHORIZATION_CODE,
  GRANT_CLIENT_CREDENTIALS,
  GRANT_DEVICE_CODE,
  GRANT_OPENID_HYBRID,
  GRANT_TYPES,
} from '../grant-types.js';
import type { OAuth2Settings } from './types.js';
import * as c from './checks.js';

/** One row of the settings table: the check, the default, and DOT's name and default (or the key it replaces). */
export interface SettingSpec {
  check: c.Check;
  /** Build the default (a function so that mutable defaults are fresh after each reset). */
  default: () => unknown;
  /** DOT's `OAUTH2_PROVIDER` key, or the Django setting this replaces; '' for a Koa-only hook. */
  dot: string;
  /** DOT's default, as written in DOT. */
  dotDefault: string;
  /** The issue that wires a key declared now for the contract but read by no code yet (see settings-coverage). */
  wiredBy?: string;
}

/** Grant types the core knows (RFC 6749, RFC 8628). */
export const KNOWN_GRANT_TYPES = [
  'authorization_code',
  'client_credentials',
  'refresh_token',
  'implicit',
  'password',
  'urn:ietf:params:oauth:grant-type:device_code',
] as const;
/** Response types the core knows (RFC 6749, OIDC Core). */
export const KNOWN_RESPONSE_TYPES = [
  'code',
  'token',
  'id_token',
  'id_token token',
  'code token',
  'code id_token',
  'code id_token token',
] as const;

const row = (check: c.Check, def: () => unknown, dot: string, dotDefault: string, wiredBy?: string): SettingSpec => ({
  check,
  default: def,
  dot,
  dotDefault,
  ...(wiredBy ? { wiredBy } : {}),
});
const cls = c.orNull(c.fn);

/**
 * Every setting: camelCase key → check, default, DOT's name and default. The README's table is generated from it,
 * and the test suite checks that each key is read by the library.
 */
export const SETTINGS_TABLE = {
  issuer: row(c.str, () => '', 'OIDC_ISS_ENDPOINT', '""'),
  loginUrl: row(c.nonEmptyStr, () => '/accounts/login/', 'LOGIN_URL (Django)', '"/accounts/login/"'),
  getUser: row(c.fn, () => userFromState, 'request.user (Django)', 'session user'),
  getAuthTime: row(c.fn, () => authTimeFromState, '', 'last_login (Django)'),
  getAcr: row(c.fn, () => noAcr, '', 'none'),
  getUserClaims: row(c.fn, () => noExtraClaims, 'OAuth2Validator.get_additional_claims', '{}'),
  authenticateUser: row(cls, () => null, 'django.contrib.auth.authenticate', 'Django auth backends'),
  logoutUser: row(cls, () => null, 'django.contrib.auth.logout', 'Django logout'),
  templateDirs: row(c.strings, () => [], 'TEMPLATES DIRS (Django)', '[]'),
  // RFC 9700 §2.4, §4.3.2: the pages do not offer the password and implicit grants unless the app lists them.
  applicationGrantTypes: row(
    c.subsetOf(GRANT_TYPES),
    () => [GRANT_AUTHORIZATION_CODE, GRANT_CLIENT_CREDENTIALS, GRANT_OPENID_HYBRID, GRANT_DEVICE_CODE],
    '',
    'every grant type (ApplicationForm)',
  ),
  debug: row(c.bool, () => false, 'DEBUG (Django)', 'False'),
  logger: row(c.logger, () => undefined, 'logging (Django)', 'logger "oauth2_provider"'),
  events: row(c.emitter, () => new EventEmitter(), 'signals.app_authorized', 'Django signal'),
  pkceRequired: row(c.either(c.bool, c.fn), () => true, 'PKCE_REQUIRED', 'True'),
  pkceCodeChallengeMethods: row(
    c.subsetOf(['S256', 'plain']),
    () => ['S256'],
    'COMPLIANT_BCP_RFC9700_PKCE_METHOD',
    'False (plain and S256)',
  ),
  allowedRedirectUriSchemes: row(c.strings, () => ['https'], 'ALLOWED_REDIRECT_URI_SCHEMES', '["http", "https"]'),
  authorizationResponseIss: row(c.bool, () => true, 'COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS', 'False'),
  bearerTokenLocations: row(
    c.subsetOf(['header', 'body', 'query']),
    () => ['header', 'body'],
    'COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT',
    'False (query accepted)',
  ),
  rotateRefreshToken: row(c.bool, () => true, 'ROTATE_REFRESH_TOKEN', 'True'),
  refreshTokenReuseProtection: row(c.bool, () => true, 'REFRESH_TOKEN_REUSE_PROTECTION', 'False'),
  refreshTokenGracePeriodSeconds: row(c.seconds, () => 0, 'REFRESH_TOKEN_GRACE_PERIOD_SECONDS', '0'),
  refreshTokenGraceKey: row(c.orNull(c.str), () => null, '', 'none (DOT keeps the successor pair in plain text)'),
  grantTypesSupported: row(
    c.subsetOf(KNOWN_GRANT_TYPES),
    () => ['authorization_code', 'client_credentials', 'refresh_token'],
    'OAUTH2_GRANT_TYPES_SUPPORTED',
    'every grant (metadata only)',
  ),
  responseTypesSupported: row(
    c.subsetOf(KNOWN_RESPONSE_TYPES),
    () => ['code'],
    'OIDC_RESPONSE_TYPES_SUPPORTED, OAUTH2_RESPONSE_TYPES_SUPPORTED',
    'every response type (metadata only)',
  ),
  oauth2ServerClass: row(cls, () => null, 'OAUTH2_SERVER_CLASS', 'oauthlib.oauth2.Server'),
  oauth2ValidatorClass: row(cls, () => null, 'OAUTH2_VALIDATOR_CLASS', 'oauth2_validators.OAuth2Validator'),
  oauth2BackendClass: row(cls, () => null, 'OAUTH2_BACKEND_CLASS', 'oauth2_backends.OAuthLibCore'),
  scopes: row(
    c.stringRecord,
    () => ({ read: 'Reading scope', write: 'Writing scope' }),
    'SCOPES',
    '{"read": "Reading scope", "write": "Writing scope"}',
  ),
  defaultScopes: row(c.strings, () => ['__all__'], 'DEFAULT_SCOPES', '["__all__"]'),
  readScope: row(c.nonEmptyStr, () => 'read', 'READ_SCOPE', '"read"'),
  writeScope: row(c.nonEmptyStr, () => 'write', 'WRITE_SCOPE', '"write"'),
  accessTokenExpireSeconds: row(c.positiveInt, () => 36000, 'ACCESS_TOKEN_EXPIRE_SECONDS', '36000'),
  authorizationCodeExpireSeconds: row(c.positiveInt, () => 60, 'AUTHORIZATION_CODE_EXPIRE_SECONDS', '60'),
  refreshTokenExpireSeconds: row(c.orNull(c.positiveInt), () => null, 'REFRESH_TOKEN_EXPIRE_SECONDS', 'None'),
  idTokenExpireSeconds: row(c.positiveInt, () => 36000, 'ID_TOKEN_EXPIRE_SECONDS', '36000'),
  requestApprovalPrompt: row(c.oneOf(['force', 'auto']), () => 'force', 'REQUEST_APPROVAL_PROMPT', '"force"'),
  clientIdGenerator: row(c.fn, () => generateClientId, 'CLIENT_ID_GENERATOR_CLASS', 'generators.ClientIdGenerator'),
  clientSecretGenerator: row(
    c.fn,
    () => generateClientSecret,
    'CLIENT_SECRET_GENERATOR_CLASS',
    'generators.ClientSecretGenerator',
  ),
  clientSecretGeneratorLength: row(c.positiveInt, () => 128, 'CLIENT_SECRET_GENERATOR_LENGTH', '128'),
  accessTokenGenerator: row(cls, () => null, 'ACCESS_TOKEN_GENERATOR', 'None'),
  refreshTokenGenerator: row(cls, () => null, 'REFRESH_TOKEN_GENERATOR', 'None'),
  deviceFlowInterval: row(c.positiveInt, () => 5, 'DEVICE_FLOW_INTERVAL', '5'),
  deviceCodeExpireSeconds: row(c.positiveInt, () => 1800, '', '1800 (oauthlib `expires_in`)'),
  oauthDeviceVerificationUri: row(c.str, () => '', 'OAUTH_DEVICE_VERIFICATION_URI', 'None'),
  oauthDeviceVerificationUriComplete: row(
    c.orNull(c.either(c.str, c.fn)),
    () => null,
    'OAUTH_DEVICE_VERIFICATION_URI_COMPLETE',
    'None (not sent)',
  ),
  oauthDeviceUserCodeGenerator: row(cls, () => null, 'OAUTH_DEVICE_USER_CODE_GENERATOR', 'utils.user_code_generator'),
  alwaysReloadOAuthLibCore: row(c.bool, () => false, 'ALWAYS_RELOAD_OAUTHLIB_CORE', 'False'),
  sqlPreparedStatements: row(c.bool, () => true, '', 'none (DOT runs on the Django ORM)'),
  clearExpiredTokensBatchSize: row(c.positiveInt, () => 10000, 'CLEAR_EXPIRED_TOKENS_BATCH_SIZE', '10000'),
  clearExpiredTokensBatchInterval: row(c.nonNegative, () => 0, 'CLEAR_EXPIRED_TOKENS_BATCH_INTERVAL', '0'),
  throttleEnabled: row(c.bool, () => true, '', 'none (DOT does not throttle)'),
  throttleWindowSeconds: row(c.positiveInt, () => 900, '', 'none'),
  throttlePairLimit: row(c.positiveInt, () => 10, '', 'none'),
  throttleAddressLimit: row(c.positiveInt, () => 100, '', 'none'),
  throttleMaxBlockSeconds: row(c.positiveInt, () => 86400, '', 'none'),
  throttleStore: row(c.orNull(c.throttleStore), () => null, '', 'none'),
  allowedSchemes: row(c.strings, () => ['https'], 'ALLOWED_SCHEMES', '["https"]'),
  oidcEnabled: row(c.bool, () => false, 'OIDC_ENABLED', 'False'),
  oidcRsaPrivateKey: row(c.str, () => '', 'OIDC_RSA_PRIVATE_KEY', '""'),
  oidcRsaPrivateKeysInactive: row(c.strings, () => [], 'OIDC_RSA_PRIVATE_KEYS_INACTIVE', '[]'),
  oidcJwksMaxAgeSeconds: row(c.seconds, () => 3600, 'OIDC_JWKS_MAX_AGE_SECONDS', '3600'),
  oidcEcPrivateKey: row(c.str, () => '', '', 'none (DOT signs with RSA or HS256 only)'),
  oidcEcPrivateKeysInactive: row(c.strings, () => [], '', 'none'),
  oidcRpInitiatedLogoutEnabled: row(c.bool, () => false, 'OIDC_RP_INITIATED_LOGOUT_ENABLED', 'False'),
  oidcRpInitiatedLogoutAlwaysPrompt: row(c.bool, () => true, 'OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT', 'True'),
  oidcRpInitiatedLogoutAcceptExpiredTokens: row(
    c.bool,
    () => true,
    'OIDC_RP_INITIATED_LOGOUT_ACCEPT_EXPIRED_TOKENS',
    'True',
  ),
  oidcRpInitiatedLogoutDeleteTokens: row(c.bool, () => true, 'OIDC_RP_INITIATED_LOGOUT_DELETE_TOKENS', 'True'),
} satisfies Record<keyof OAuth2Settings, SettingSpec>;

/** A settings key. */
export type SettingKey = keyof typeof SETTINGS_TABLE;

/** Default `getUser`: the user that koa-passport and most Koa auth middleware put on `ctx.state.user`. */
function userFromState(ctx: Context): unknown {
  return ctx.state['user'] ?? null;
}

/** Default `getAuthTime`: a `Date` the app's login put on `ctx.state.authTime`, else unknown. */
function authTimeFromState(ctx: Context): Date | null {
  const value: unknown = ctx.state['authTime'];
  return value instanceof Date ? value : null;
}

/** Default `getAcr`: no authentication context class. */
function noAcr(): string {
  return '';
}

/** Default `getUserClaims`: no claims beyond `sub` (DOT's `get_additional_claims` returns {}). */
function noExtraClaims(): Record<string, unknown> {
  return {};
}
