import type { BearerToken } from '../records.js';
import type { RequestValidator } from '../request-validator.js';
import type { OAuth2Request } from '../request.js';

/** The claims of an ID token before signing (OIDC Core §2); the core prefills `aud`, `iat`, `nonce`, hashes. */
export interface IdTokenClaims {
  aud?: string | string[];
  iat?: number;
  nonce?: string;
  at_hash?: string;
  c_hash?: string;
  [claim: string]: unknown;
}

/**
 * What OpenID Connect adds to the validator (oauthlib `openid.RequestValidator`, §11.7), declared now so that
 * storage can implement it alongside the OAuth 2 questions. The OIDC grants (a later issue) call these.
 */
export interface OpenIDRequestValidator extends RequestValidator {
  /** `prompt=none`: return whether the user is logged in without UI (else `login_required`, OIDC Core §3.1.2.6). */
  validateSilentLogin(request: OAuth2Request): Promise<boolean>;

  /** `prompt=none`: return whether consent exists for these scopes (else `consent_required`). */
  validateSilentAuthorization(request: OAuth2Request): Promise<boolean>;

  /** Return whether the logged-in user matches `id_token_hint` and `claims` (else `login_required`). */
  validateUserMatch(
    idTokenHint: string | null,
    scopes: readonly string[],
    claims: unknown,
    request: OAuth2Request,
  ): Promise<boolean>;

  /**
   * Complete and sign an ID token: add `iss`, `sub`, `exp`, `auth_time`/`acr` as available, sign with the client's
   * algorithm, store it, and return the compact JWS (OIDC Core §3.1.3.6).
   */
  finalizeIdToken(claims: IdTokenClaims, token: BearerToken, request: OAuth2Request): Promise<string>;

  /** Return the userinfo claims for `request.accessToken`'s user and scopes, with `sub` (OIDC Core §5.3). */
  getUserinfoClaims(request: OAuth2Request): Promise<Record<string, unknown>>;

  /** Return whether a refresh should carry a new ID token (oauthlib default: true). */
  refreshIdToken(request: OAuth2Request): Promise<boolean>;
}
