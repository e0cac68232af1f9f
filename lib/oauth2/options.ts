import type { OAuth2Request } from './request.js';

/** Produce a token or code value for a request; must draw from a CSPRNG with ≥160 bits of entropy. */
export type TokenGenerator = (request: OAuth2Request) => string | Promise<string>;

/** Grant types the core implements (RFC 6749 §4). */
export type GrantTypeName =
  | 'authorization_code'
  | 'implicit'
  | 'password'
  | 'client_credentials'
  | 'refresh_token'
  | 'urn:ietf:params:oauth:grant-type:device_code';

/** Where a resource server may read a bearer token (RFC 6750 §2). */
export type BearerTokenLocation = 'header' | 'body' | 'query';

/** PKCE transforms (RFC 7636 §4.2). */
export type CodeChallengeMethod = 'S256' | 'plain';

/**
 * What the Koa layer maps from settings into the core. Keys equal the settings keys (lib/settings.ts), so the
 * settings object can be passed straight through; every field is optional and defaults to the RFC 9700 choice.
 */
export interface ServerOptions {
  /** The issuer identifier (RFC 8414 §2): https, no query or fragment. Needed for `iss` and metadata. */
  issuer?: string | null;
  /** Absolute URL of the authorization endpoint, for metadata. */
  authorizationEndpoint?: string | null;
  /** Absolute URL of the token endpoint, for metadata. */
  tokenEndpoint?: string | null;
  /** Absolute URL of the revocation endpoint (RFC 7009), for metadata. */
  revocationEndpoint?: string | null;
  /** Absolute URL of the introspection endpoint (RFC 7662), for metadata. */
  introspectionEndpoint?: string | null;
  /** Absolute URL of the JWKS, for metadata (OIDC later). */
  jwksUri?: string | null;
  /** Access token lifetime in seconds (DOT `ACCESS_TOKEN_EXPIRE_SECONDS`, default 36000). */
  accessTokenExpireSeconds?: number;
  /** Refresh token lifetime in seconds, or null for no expiry (default null). */
  refreshTokenExpireSeconds?: number | null;
  /** Authorization code lifetime in seconds (default 60; RFC 6749 §4.1.2 says at most 600). */
  authorizationCodeExpireSeconds?: number;
  /** Access token generator (default: 32 random bytes, base64url). */
  accessTokenGenerator?: TokenGenerator | null;
  /** Refresh token generator (default: the access token generator's default). */
  refreshTokenGenerator?: TokenGenerator | null;
  /** Authorization code generator (default: 32 random bytes, base64url). */
  authorizationCodeGenerator?: TokenGenerator | null;
  /** Require PKCE for every client, or decide per client id (default true, RFC 9700 §2.1.1). */
  pkceRequired?: boolean | ((clientId: string) => boolean);
  /** Accepted PKCE methods (default `['S256']`; `plain` only when listed). */
  pkceCodeChallengeMethods?: readonly CodeChallengeMethod[];
  /** Enabled grant types (default authorization_code, client_credentials, refresh_token). */
  grantTypesSupported?: readonly string[];
  /** Enabled response types (default `['code']`; add `token` to enable the implicit grant). */
  responseTypesSupported?: readonly string[];
  /** Add `iss` to every authorization response, errors included (RFC 9207; default true). */
  authorizationResponseIss?: boolean;
  /** Where bearer tokens are read (default header and body; `query` only when listed, RFC 6750 §2.3). */
  bearerTokenLocations?: readonly BearerTokenLocation[];
  /** Issue a new refresh token on each refresh (default true). */
  rotateRefreshToken?: boolean;
  /** Revoke the whole family when a rotated refresh token is used again (default true, RFC 9700 §4.14.2). */
  refreshTokenReuseProtection?: boolean;
  /** Seconds during which a repeat of a rotated refresh token gets the same pair back (default 0). */
  refreshTokenGracePeriodSeconds?: number;
  /** Every scope name, or DOT's name → description map; listed in metadata `scopes_supported`. */
  scopes?: readonly string[] | Readonly<Record<string, string>>;
  /** Scopes granted when none are requested and the validator has no `getDefaultScopes`; `__all__` = all. */
  defaultScopes?: readonly string[];
  /** `realm` of `WWW-Authenticate` challenges (default `oauth2`). */
  realm?: string;
  /** Clock in milliseconds, for tests (default `Date.now`). */
  now?: () => number;
  /** Absolute URL of the device authorization endpoint (RFC 8628 §4), for metadata. */
  deviceAuthorizationEndpoint?: string | null;
  /** Seconds a device client waits between polls (DOT `DEVICE_FLOW_INTERVAL`, default 5). */
  deviceFlowInterval?: number;
  /** Device code and user code lifetime in seconds (default 1800, DOT's `expires_in`). */
  deviceCodeExpireSeconds?: number;
  /** Device code generator (default: 32 random bytes, base64url). */
  deviceCodeGenerator?: TokenGenerator | null;
  /** User code generator (DOT `OAUTH_DEVICE_USER_CODE_GENERATOR`; default 8 of `BCDFGHJKLMNPQRSTVWXZ`). */
  oauthDeviceUserCodeGenerator?: TokenGenerator | null;
  /**
   * Where the user enters the code (DOT `OAUTH_DEVICE_VERIFICATION_URI`); default `device/` beside the device
   * authorization endpoint.
   */
  oauthDeviceVerificationUri?: string | null;
  /**
   * `verification_uri_complete` (DOT `OAUTH_DEVICE_VERIFICATION_URI_COMPLETE`): a string whose `{user_code}` is
   * replaced, or a function of the displayed user code (null leaves it out); default the verification URI with
   * `?user_code=`. The page it opens fills the code in and still asks for confirmation (RFC 8628 §5.4).
   */
  oauthDeviceVerificationUriComplete?: string | ((userCode: string) => string | null) | null;
  /** Serve OpenID Connect (DOT `OIDC_ENABLED`, default false); read by `OpenIDServer`. */
  oidcEnabled?: boolean;
  /** PEM private RSA key that signs RS256 ID tokens (DOT `OIDC_RSA_PRIVATE_KEY`, default none). */
  oidcRsaPrivateKey?: string | null;
  /** Retired RSA keys, still published in the JWKS so that tokens they signed verify (key rotation). */
  oidcRsaPrivateKeysInactive?: readonly string[];
  /** PEM private EC P-256 key that signs ES256 ID tokens (default none). */
  oidcEcPrivateKey?: string | null;
  /** Retired EC P-256 keys, still published in the JWKS. */
  oidcEcPrivateKeysInactive?: readonly string[];
  /** ID token lifetime in seconds (DOT `ID_TOKEN_EXPIRE_SECONDS`, default 36000). */
  idTokenExpireSeconds?: number;
  /** `max-age` of the JWKS response in seconds (DOT `OIDC_JWKS_MAX_AGE_SECONDS`, default 3600). */
  oidcJwksMaxAgeSeconds?: number;
  /** Absolute URL of the UserInfo endpoint, for discovery. */
  userinfoEndpoint?: string | null;
  /** Absolute URL of the RP-initiated logout endpoint, for discovery; null while logout is off. */
  endSessionEndpoint?: string | null;
}

/** `ServerOptions` with every default applied. */
export interface ResolvedServerOptions {
  readonly issuer: string | null;
  readonly authorizationEndpoint: string | null;
  readonly tokenEndpoint: string | null;
  readonly revocationEndpoint: string | null;
  readonly introspectionEndpoint: string | null;
  readonly jwksUri: string | null;
  readonly accessTokenExpireSeconds: number;
  readonly refreshTokenExpireSeconds: number | null;
  readonly authorizationCodeExpireSeconds: number;
  readonly accessTokenGenerator: TokenGenerator | null;
  readonly refreshTokenGenerator: TokenGenerator | null;
  readonly authorizationCodeGenerator: TokenGenerator | null;
  readonly pkceRequired: boolean | ((clientId: string) => boolean);
  readonly pkceCodeChallengeMethods: readonly CodeChallengeMethod[];
  readonly grantTypesSupported: readonly string[];
  readonly responseTypesSupported: readonly string[];
  readonly authorizationResponseIss: boolean;
  readonly bearerTokenLocations: readonly BearerTokenLocation[];
  readonly rotateRefreshToken: boolean;
  readonly refreshTokenReuseProtection: boolean;
  readonly refreshTokenGracePeriodSeconds: number;
  readonly scopes: readonly string[];
  readonly defaultScopes: readonly string[];
  readonly realm: string;
  readonly now: () => number;
  readonly deviceAuthorizationEndpoint: string | null;
  readonly deviceFlowInterval: number;
  readonly deviceCodeExpireSeconds: number;
  readonly deviceCodeGenerator: TokenGenerator | null;
  readonly oauthDeviceUserCodeGenerator: TokenGenerator | null;
  readonly oauthDeviceVerificationUri: string | null;
  readonly oauthDeviceVerificationUriComplete: string | ((userCode: string) => string | null) | null;
  readonly oidcEnabled: boolean;
  readonly oidcRsaPrivateKey: string | null;
  readonly oidcRsaPrivateKeysInactive: readonly string[];
  readonly oidcEcPrivateKey: string | null;
  readonly oidcEcPrivateKeysInactive: readonly string[];
  readonly idTokenExpireSeconds: number;
  readonly oidcJwksMaxAgeSeconds: number;
  readonly userinfoEndpoint: string | null;
  readonly endSessionEndpoint: string | null;
}

/** Apply the defaults (RFC 9700 choices, DOT lifetimes) to `ServerOptions`. */
export function resolveOptions(options: ServerOptions = {}): ResolvedServerOptions {
  const scopes = Array.isArray(options.scopes) ? options.scopes : Object.keys(options.scopes ?? {});
  const defaultScopes = options.defaultScopes ?? ['__all__'];
  return {
    // The settings default is '' (DOT's OIDC_ISS_ENDPOINT): no issuer configured.
    issuer: options.issuer || null,
    authorizationEndpoint: options.authorizationEndpoint ?? null,
    tokenEndpoint: options.tokenEndpoint ?? null,
    revocationEndpoint: options.revocationEndpoint ?? null,
    introspectionEndpoint: options.introspectionEndpoint ?? null,
    jwksUri: options.jwksUri ?? null,
    accessTokenExpireSeconds: options.accessTokenExpireSeconds ?? 36000,
    refreshTokenExpireSeconds: options.refreshTokenExpireSeconds ?? null,
    authorizationCodeExpireSeconds: options.authorizationCodeExpireSeconds ?? 60,
    accessTokenGenerator: options.accessTokenGenerator ?? null,
    refreshTokenGenerator: options.refreshTokenGenerator ?? null,
    authorizationCodeGenerator: options.authorizationCodeGenerator ?? null,
    pkceRequired: options.pkceRequired ?? true,
    pkceCodeChallengeMethods: options.pkceCodeChallengeMethods ?? ['S256'],
    grantTypesSupported: options.grantTypesSupported ?? ['authorization_code', 'client_credentials', 'refresh_token'],
    responseTypesSupported: options.responseTypesSupported ?? ['code'],
    authorizationResponseIss: options.authorizationResponseIss ?? true,
    bearerTokenLocations: options.bearerTokenLocations ?? ['header', 'body'],
    rotateRefreshToken: options.rotateRefreshToken ?? true,
    refreshTokenReuseProtection: options.refreshTokenReuseProtection ?? true,
    refreshTokenGracePeriodSeconds: options.refreshTokenGracePeriodSeconds ?? 0,
    scopes,
    defaultScopes: defaultScopes.includes('__all__') ? scopes : defaultScopes,
    realm: options.realm ?? 'oauth2',
    now: options.now ?? Date.now,
    deviceAuthorizationEndpoint: options.deviceAuthorizationEndpoint ?? null,
    deviceFlowInterval: options.deviceFlowInterval ?? 5,
    deviceCodeExpireSeconds: options.deviceCodeExpireSeconds ?? 1800,
    deviceCodeGenerator: options.deviceCodeGenerator ?? null,
    oauthDeviceUserCodeGenerator: options.oauthDeviceUserCodeGenerator ?? null,
    oauthDeviceVerificationUri: options.oauthDeviceVerificationUri || null,
    oauthDeviceVerificationUriComplete: options.oauthDeviceVerificationUriComplete || null,
    oidcEnabled: options.oidcEnabled ?? false,
    // The settings default for keys is '' (DOT's): no key configured.
    oidcRsaPrivateKey: options.oidcRsaPrivateKey || null,
    oidcRsaPrivateKeysInactive: options.oidcRsaPrivateKeysInactive ?? [],
    oidcEcPrivateKey: options.oidcEcPrivateKey || null,
    oidcEcPrivateKeysInactive: options.oidcEcPrivateKeysInactive ?? [],
    idTokenExpireSeconds: options.idTokenExpireSeconds ?? 36000,
    oidcJwksMaxAgeSeconds: options.oidcJwksMaxAgeSeconds ?? 3600,
    userinfoEndpoint: options.userinfoEndpoint ?? null,
    endSessionEndpoint: options.endSessionEndpoint ?? null,
  };
}

/** Return whether PKCE is required for `clientId` under these options. */
export function isPkceRequired(options: ResolvedServerOptions, clientId: string): boolean {
  return typeof options.pkceRequired === 'function' ? options.pkceRequired(clientId) : options.pkceRequired;
}
