/** The part of a client (DOT `Application`) the core reads; storage may return a richer object. */
export interface OAuth2Client {
  /** The client identifier (RFC 6749 §2.2). */
  readonly clientId: string;
}

/** An authorization code as the core hands it to storage (RFC 6749 §4.1.2). */
export interface AuthorizationCodeRecord {
  /** The code itself; store it hashed if you like, the core only ever looks it up by value. */
  readonly code: string;
  /** The client the code was issued to; the code is bound to it. */
  readonly clientId: string;
  /** The redirect URI the code was delivered to (the requested one, or the client's default). */
  readonly redirectUri: string;
  /** Whether `redirect_uri` was in the authorization request (RFC 6749 §4.1.3 then requires it again). */
  readonly redirectUriProvided: boolean;
  /** The granted scopes. */
  readonly scopes: readonly string[];
  /** PKCE challenge, or null when none was sent (RFC 7636 §4.4). */
  readonly codeChallenge: string | null;
  /** PKCE method (`S256` or `plain`), or null. */
  readonly codeChallengeMethod: string | null;
  /** The resource owner who approved. */
  readonly user: unknown;
  /** OIDC `nonce` to put in the ID token. */
  readonly nonce: string | null;
  /** OIDC `claims` request. */
  readonly claims: unknown;
  /** OIDC `auth_time` (seconds since the epoch) of the approving login. */
  readonly authTime: number | null;
  /** OIDC `acr` of the approving login. */
  readonly acr: string | null;
  /** When the code stops being redeemable (`authorizationCodeExpireSeconds` after issue). */
  readonly expiresAt: Date;
}

/** What storage returns for a refresh token it knows (RFC 6749 §6). */
export interface RefreshTokenRecord {
  /** The client the token was issued to. */
  readonly clientId: string;
  /** The scopes of the grant (the original scopes; a refresh may only narrow them). */
  readonly scopes: readonly string[];
  /** The resource owner, or null for tokens without one. */
  readonly user: unknown;
  /** When it stops being usable, or null for no expiry (`refreshTokenExpireSeconds`). */
  readonly expiresAt: Date | null;
  /** OIDC: `auth_time` of the login that started the grant, for a refreshed ID token (OIDC Core §12.2). */
  readonly authTime?: number | null;
  /** OIDC: `acr` of that login. */
  readonly acr?: string | null;
}

/** What storage returns for an access token it knows (RFC 6750). */
export interface AccessTokenRecord {
  /** The client it was issued to, or null (e.g. cached from remote introspection). */
  readonly clientId: string | null;
  /** The granted scopes. */
  readonly scopes: readonly string[];
  /** The resource owner, or null for client_credentials. */
  readonly user: unknown;
  /** Expiry instant. */
  readonly expiresAt: Date;
}

/** The token response as sent (RFC 6749 §5.1), which token modifiers may extend (OIDC adds `id_token`). */
export interface BearerToken {
  access_token: string;
  token_type: 'Bearer';
  /** Lifetime in whole seconds. */
  expires_in: number;
  /** Space-separated granted scopes. */
  scope: string;
  refresh_token?: string;
  [extra: string]: unknown;
}

/** Instants the core computed for a token it asks storage to save (the core owns the lifetimes). */
export interface TokenLifetimes {
  /** When the access token expires (`accessTokenExpireSeconds`). */
  readonly accessTokenExpiresAt: Date;
  /** When the refresh token expires (`refreshTokenExpireSeconds`), or null for never or no refresh token. */
  readonly refreshTokenExpiresAt: Date | null;
  /**
   * Until when a repeat of the rotated refresh token must get this very token back
   * (`refreshTokenGracePeriodSeconds`), or null when there is no grace window.
   */
  readonly graceUntil: Date | null;
}

/** The claims of an active token for RFC 7662 §2.2 (`active` is added by the core). */
export interface IntrospectionClaims {
  scope?: string;
  client_id?: string;
  username?: string;
  token_type?: string;
  exp?: number;
  iat?: number;
  nbf?: number;
  sub?: string;
  aud?: string | string[];
  iss?: string;
  jti?: string;
  [extra: string]: unknown;
}

/**
 * Outcome of looking up a code for redemption (RFC 6749 §4.1.3, RFC 9700 §4.2.4). `replayed` names the client the
 * code was issued to: only that client's replay revokes anything (RFC 6749 §10.5).
 */
export type CodeLookup =
  | { readonly status: 'valid'; readonly record: AuthorizationCodeRecord }
  | { readonly status: 'replayed'; readonly clientId: string }
  | { readonly status: 'invalid' };

/**
 * Outcome of looking up a refresh token (RFC 6749 §6, RFC 9700 §4.14.2). `replayed` names the client the token was
 * issued to: only that client's replay revokes its family.
 */
export type RefreshTokenLookup =
  | { readonly status: 'valid'; readonly record: RefreshTokenRecord }
  | { readonly status: 'replayed'; readonly clientId: string }
  | { readonly status: 'invalid' };

/** Outcome of the atomic one-time redemption of a code. */
export type ConsumeResult = 'ok' | 'replayed' | 'unknown';

/** Outcome of the atomic rotation of a refresh token: `replayed` means another request rotated it first. */
export type RotateResult = 'ok' | 'replayed';

/** Outcome of a revocation request (RFC 7009 §2.1). */
export type RevokeResult = 'revoked' | 'unknown' | 'other_client';

/** Hint values a client may send (RFC 7009 §2.1, RFC 7662 §2.1). */
export type TokenTypeHint = 'access_token' | 'refresh_token';
