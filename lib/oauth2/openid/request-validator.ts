import type { OAuth2Client } from '../records.js';
import type { RequestValidator } from '../request-validator.js';
import type { OAuth2Request } from '../request.js';

/** The ID token signing algorithms the core implements; '' means the client gets no ID tokens. */
export type IdTokenAlgorithm = 'RS256' | 'ES256' | 'HS256';

/** The claims of an ID token as signed (OIDC Core §2); the core fills them in. */
export interface IdTokenClaims {
  iss: string;
  sub: string;
  aud: string | string[];
  exp: number;
  iat: number;
  jti: string;
  auth_time?: number;
  nonce?: string;
  acr?: string;
  azp?: string;
  at_hash?: string;
  c_hash?: string;
  [claim: string]: unknown;
}

/** What storage keeps of an issued ID token (DOT's `IDToken` row), so that it can be listed and revoked. */
export interface IdTokenRecord {
  /** The token's `jti`. */
  readonly jti: string;
  /** The client it was issued to (`aud`). */
  readonly clientId: string;
  /** The resource owner. */
  readonly user: unknown;
  /** The scopes of the grant. */
  readonly scopes: readonly string[];
  /** When it expires (`idTokenExpireSeconds` after issue). */
  readonly expiresAt: Date;
  /** The signed token itself (store it only if you need it, e.g. to check an `id_token_hint`). */
  readonly token: string;
}

/**
 * What OpenID Connect adds to the validator (oauthlib `openid.RequestValidator`, §11.7). The core builds, signs
 * and hashes ID tokens and filters claims itself; storage answers who the user is, what the client may use, and
 * keeps the records.
 */
export interface OpenIDRequestValidator extends RequestValidator {
  /**
   * `prompt=none`: return whether the user is logged in (else `login_required`, OIDC Core §3.1.2.6). Called at
   * validation (where the view may not have set `request.user` yet) and again when the response is created.
   */
  validateSilentLogin(request: OAuth2Request): Promise<boolean>;

  /** `prompt=none`: return whether consent exists for `request.scopes` (else `consent_required`). */
  validateSilentAuthorization(request: OAuth2Request): Promise<boolean>;

  /**
   * Return whether the logged-in user matches `id_token_hint` (null when none was sent) and `claims` (else
   * `login_required`). The hint's signature has already been checked by the core.
   */
  validateUserMatch(
    idTokenHint: string | null,
    scopes: readonly string[],
    claims: unknown,
    request: OAuth2Request,
  ): Promise<boolean>;

  /** Return the client's ID token algorithm (DOT `Application.algorithm`), '' when it has none. */
  getIdTokenAlgorithm(client: OAuth2Client, request: OAuth2Request): Promise<IdTokenAlgorithm | ''>;

  /**
   * Return the HS256 key of the client: its secret when stored readable (`hashClientSecret: false`), else null
   * (the core then refuses to sign for it).
   */
  getClientSigningSecret(client: OAuth2Client, request: OAuth2Request): Promise<string | null>;

  /** Return the user's `sub` (OIDC Core §2: ≤255 ASCII characters, never reassigned; DOT: the primary key). */
  getSubject(user: unknown, request: OAuth2Request): Promise<string>;

  /**
   * Return the user's claims for these scopes (the settings hook `getUserClaims`), e.g. `{ email, name }`. The
   * core keeps the standard ones (OIDC Core §5.4) only when their scope was granted, and never lets them replace
   * `sub`, `iss`, `aud` or the other ID token claims.
   */
  getUserClaims(user: unknown, scopes: readonly string[], request: OAuth2Request): Promise<Record<string, unknown>>;

  /** Store an issued ID token (DOT's `IDToken` row). */
  saveIdToken(record: IdTokenRecord, request: OAuth2Request): Promise<void>;

  /** Return whether a refresh of an `openid` grant returns a new ID token (oauthlib default: true). */
  refreshIdToken(request: OAuth2Request): Promise<boolean>;
}
