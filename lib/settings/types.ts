import type { EventEmitter } from 'node:events';
import type { Context } from 'koa';
import type { ThrottleStore } from '../throttle/store.js';
import type { OAuth2User } from './user.js';

/** A class value (a constructor) given in the settings, e.g. `oauth2ValidatorClass`. */
export type AnyConstructor = abstract new (...args: never[]) => unknown;

/** Where the app's diagnostics go (the library never writes to the console). */
export interface SettingsLogger {
  warn(message: string, ...args: unknown[]): void;
  error(message: string, ...args: unknown[]): void;
}

/**
 * The toolkit's settings: DOT's `OAUTH2_PROVIDER` keys in camelCase plus the Koa hooks (see `SETTINGS_TABLE`).
 * `User` is the user type of the hooks: `unknown` as the toolkit holds them (it passes the user on, never reads
 * it); what `configure()` accepts, `OAuth2SettingsInput`, defaults to the app's declared `OAuth2User`.
 */
export interface OAuth2Settings<User = unknown> {
  // Hooks and pages
  issuer: string;
  loginUrl: string;
  /** Return the logged-in user of the request, or null/undefined for an anonymous one. */
  getUser(ctx: Context): User | null | undefined;
  getAuthTime(ctx: Context): Date | null;
  getAcr(ctx: Context): string;
  /** Return the claims of `user` for the granted scopes (ID token and UserInfo). */
  getUserClaims(user: User, scopes: readonly string[]): Record<string, unknown> | Promise<Record<string, unknown>>;
  /** Return the user these credentials log in (the password grant), or null. */
  authenticateUser:
    | ((username: string, password: string, ctx: Context) => User | null | undefined | Promise<User | null | undefined>)
    | null;
  logoutUser: ((ctx: Context) => void | Promise<void>) | null;
  templateDirs: readonly string[];
  /** The grant types the application registration and update pages offer (DOT's names, `authorization-code`). */
  applicationGrantTypes: readonly string[];
  debug: boolean;
  logger: SettingsLogger | undefined;
  events: EventEmitter;
  // RFC 9700 answers
  pkceRequired: boolean | ((clientId: string) => boolean);
  pkceCodeChallengeMethods: readonly ('S256' | 'plain')[];
  allowedRedirectUriSchemes: readonly string[];
  authorizationResponseIss: boolean;
  bearerTokenLocations: readonly ('header' | 'body' | 'query')[];
  rotateRefreshToken: boolean;
  refreshTokenReuseProtection: boolean;
  refreshTokenGracePeriodSeconds: number;
  refreshTokenGraceKey: string | null;
  grantTypesSupported: readonly string[];
  responseTypesSupported: readonly string[];
  // Classes
  oauth2ServerClass: AnyConstructor | null;
  oauth2ValidatorClass: AnyConstructor | null;
  oauth2BackendClass: AnyConstructor | null;
  // Scopes
  scopes: Readonly<Record<string, string>>;
  defaultScopes: readonly string[];
  readScope: string;
  writeScope: string;
  // Lifetimes
  accessTokenExpireSeconds: number;
  authorizationCodeExpireSeconds: number;
  refreshTokenExpireSeconds: number | null;
  idTokenExpireSeconds: number;
  requestApprovalPrompt: 'force' | 'auto';
  // Generators
  clientIdGenerator: () => string;
  clientSecretGenerator: (length: number) => string;
  clientSecretGeneratorLength: number;
  accessTokenGenerator: ((request: unknown) => string | Promise<string>) | null;
  refreshTokenGenerator: ((request: unknown) => string | Promise<string>) | null;
  // Device authorization grant (RFC 8628)
  /** Seconds a device client waits between polls; each `slow_down` adds 5 for that grant. */
  deviceFlowInterval: number;
  /** Lifetime of a device code and its user code, in seconds. */
  deviceCodeExpireSeconds: number;
  /** Where the user enters the code; '' for the absolute `<issuer>/device/`. */
  oauthDeviceVerificationUri: string;
  /**
   * `verification_uri_complete`: a string whose `{user_code}` is replaced, or a function of the user code (null
   * leaves it out); null for the verification URI with `?user_code=`. It fills the code in, never skips confirming.
   */
  oauthDeviceVerificationUriComplete: string | ((userCode: string) => string | null) | null;
  /** The user code generator; null for 8 of `BCDFGHJKLMNPQRSTVWXZ` (RFC 8628 §6.1). */
  oauthDeviceUserCodeGenerator: ((request: unknown) => string | Promise<string>) | null;
  alwaysReloadOAuthLibCore: boolean;
  /**
   * Prepare the hot paths' statements once per PostgreSQL connection (lib/models/run-sql.ts). Turn off behind a
   * pooler that cannot keep named prepared statements (PgBouncer before 1.21 in transaction mode).
   */
  sqlPreparedStatements: boolean;
  // cleartokens
  clearExpiredTokensBatchSize: number;
  clearExpiredTokensBatchInterval: number;
  // Throttling of every secret and password check (lib/throttle)
  /** Refuse attempts, 429 with `Retry-After`, once a (client or user, address) pair or an address failed too often. */
  throttleEnabled: boolean;
  /** The window failures are counted over, in seconds; also the first block's length. */
  throttleWindowSeconds: number;
  /** Failures of one (client_id or username, address) pair within a window that block the pair. */
  throttlePairLimit: number;
  /** Failures from one address within a window, whatever the ids, that block the address. */
  throttleAddressLimit: number;
  /** The longest block: each block of a key doubles the last one, up to this. */
  throttleMaxBlockSeconds: number;
  /** Where the counters live: null for the database (`DatabaseThrottleStore`), or a store such as `MemoryThrottleStore`. */
  throttleStore: ThrottleStore | null;
  // CORS and OIDC
  allowedSchemes: readonly string[];
  oidcEnabled: boolean;
  oidcRsaPrivateKey: string;
  oidcRsaPrivateKeysInactive: readonly string[];
  oidcJwksMaxAgeSeconds: number;
  oidcEcPrivateKey: string;
  oidcEcPrivateKeysInactive: readonly string[];
  oidcRpInitiatedLogoutEnabled: boolean;
  oidcRpInitiatedLogoutAlwaysPrompt: boolean;
  oidcRpInitiatedLogoutAcceptExpiredTokens: boolean;
  oidcRpInitiatedLogoutDeleteTokens: boolean;
}

/** What `configure()` accepts besides `orm`: any subset of the settings. */
export type OAuth2SettingsInput<User = OAuth2User> = OAuth2Settings<User>;
