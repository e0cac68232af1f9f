import type {
  AccessTokenRecord,
  BearerToken,
  CodeLookup,
  ConsumeResult,
  AuthorizationCodeRecord,
  IntrospectionClaims,
  RefreshTokenLookup,
  RevokeResult,
  RotateResult,
  TokenLifetimes,
  TokenTypeHint,
} from './records.js';
import type { OAuth2Client } from './records.js';
import type { DeviceGrantRecord, DevicePoll } from './device/records.js';
import type { OAuth2Request } from './request.js';

/** Credentials a client presented, already decoded by the core (RFC 6749 §2.3.1). */
export interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly method: 'client_secret_basic' | 'client_secret_post';
}

/**
 * Every question the protocol core asks storage or policy: oauthlib's `RequestValidator` (§11.7) in camelCase and
 * async. The core owns the wire rules and their order; an implementation answers and persists, and must keep the
 * guarantees each method states. Methods that "set" fields write them on `request`.
 *
 * Atomicity: `consumeAuthorizationCode`, `rotateRefreshToken` and the family revocation are where concurrent
 * requests meet. Implement each as one conditional write that names the client as well (e.g. `UPDATE ... WHERE
 * client_id = ? AND consumed_at IS NULL`) so that exactly one caller, of the owning client, wins, and report the
 * losers, which the core then answers with `invalid_grant` after revoking.
 */
export interface RequestValidator {
  /**
   * Return whether this request's client must authenticate (a confidential client, or one unknown).
   * Called only when no secret was presented; true means the core answers `invalid_client`.
   */
  clientAuthenticationRequired(request: OAuth2Request): Promise<boolean>;

  /**
   * Authenticate a confidential client with a secret and return it (the core sets `request.client`). Compare secrets
   * in constant time (`crypto.timingSafeEqual` on equal-length digests, or the password hasher's verify); return
   * null, never throw, for an unknown client, a public client, a wrong secret or an unusable client.
   */
  authenticateClient(credentials: ClientCredentials, request: OAuth2Request): Promise<OAuth2Client | null>;

  /** Identify a public client by id alone and set `request.client`; false for confidential or unknown clients. */
  authenticateClientId(clientId: string, request: OAuth2Request): Promise<boolean>;

  /** Return whether `clientId` names a usable client, and set `request.client` (authorization endpoint). */
  validateClientId(clientId: string, request: OAuth2Request): Promise<boolean>;

  /**
   * Return whether `redirectUri` is registered for the client by exact string comparison (RFC 9700 §4.1.3), except
   * any port for a loopback IP literal (RFC 8252 §7.3). `redirectUriMatches()` implements that comparison.
   */
  validateRedirectUri(clientId: string, redirectUri: string, request: OAuth2Request): Promise<boolean>;

  /** Return the client's only registered redirect URI, or null when it has none or several (RFC 6749 §3.1.2.3). */
  getDefaultRedirectUri(clientId: string, request: OAuth2Request): Promise<string | null>;

  /** Return whether the client may use `responseType` (e.g. a code client may not use `token`). */
  validateResponseType(
    clientId: string,
    responseType: string,
    client: OAuth2Client,
    request: OAuth2Request,
  ): Promise<boolean>;

  /** Return whether every scope is known and allowed for this client (RFC 6749 §3.3). */
  validateScopes(
    clientId: string,
    scopes: readonly string[],
    client: OAuth2Client,
    request: OAuth2Request,
  ): Promise<boolean>;

  /** Return the scopes to grant when none were requested; optional, the core falls back to `defaultScopes`. */
  getDefaultScopes?(clientId: string, request: OAuth2Request): Promise<readonly string[]>;

  /** Store a new authorization code with everything it is bound to; the code must be unique. */
  saveAuthorizationCode(record: AuthorizationCodeRecord, request: OAuth2Request): Promise<void>;

  /** Return whether the client may use `grantType` (`unauthorized_client` otherwise). */
  validateGrantType(
    clientId: string,
    grantType: string,
    client: OAuth2Client,
    request: OAuth2Request,
  ): Promise<boolean>;

  /**
   * Look a code up for redemption, without consuming it. A code issued to another client than `clientId` is
   * `invalid`, whatever its state (RFC 6749 §4.1.3, §10.5). Otherwise return `valid` with the stored record (the
   * core checks expiry, PKCE and redirect URI), `replayed` with the owner's client id for a code that was already
   * redeemed (keep consumed codes until they expire so that a replay can be told apart), and `invalid` for
   * anything else. The core checks the binding too, before it revokes anything.
   */
  validateCode(clientId: string, code: string, client: OAuth2Client, request: OAuth2Request): Promise<CodeLookup>;

  /**
   * Redeem a code of `clientId` exactly once, atomically, in one write that names the client too, so that no other
   * client can consume it: of any number of concurrent callers exactly one gets `ok`; the others get `replayed`; a
   * code unknown or issued to another client is `unknown` and stays as it was. The core calls it after
   * `saveBearerToken`, as oauthlib does, so the winner's tokens exist when a loser revokes them (RFC 9700 §4.2.4).
   */
  consumeAuthorizationCode(clientId: string, code: string, request: OAuth2Request): Promise<ConsumeResult>;

  /**
   * Revoke every token issued from `code` (access and refresh tokens and their families), including tokens a
   * concurrent winner saved. Called on a replay by the client the code was issued to, `request.client` (RFC 6749
   * §4.1.2, RFC 9700 §4.2.4). Idempotent.
   */
  revokeTokensIssuedByCode(code: string, request: OAuth2Request): Promise<void>;

  /** Check a resource owner's password (RFC 6749 §4.3) and set `request.user`; constant-time, false on failure. */
  validateUser(username: string, password: string, client: OAuth2Client, request: OAuth2Request): Promise<boolean>;

  /**
   * Look a refresh token up. A token issued to another client than `client` is `invalid`, whatever its state
   * (RFC 6749 §6, §10.5). Otherwise return `valid` with its record (the core checks expiry and scope), `replayed`
   * with the owner's client id for a token that was rotated or revoked (it is kept so that reuse is detected,
   * RFC 9700 §4.14.2), and `invalid` for an unknown one. The core checks the binding too, before it revokes anything.
   */
  validateRefreshToken(refreshToken: string, client: OAuth2Client, request: OAuth2Request): Promise<RefreshTokenLookup>;

  /**
   * Store a newly issued token (`refresh_token` present when one was issued). When `request.grantType` is
   * `authorization_code`, link the tokens to `request.code` for `revokeTokensIssuedByCode`. With rotation off,
   * `token.refresh_token` is the presented one: keep it and replace its access token. Expiry instants come in
   * `lifetimes`.
   */
  saveBearerToken(token: BearerToken, request: OAuth2Request, lifetimes: TokenLifetimes): Promise<void>;

  /**
   * Atomically revoke `refreshToken` of `request.client` and store `token` as its successor in the same family, in
   * one transaction: if the old token was already rotated or revoked, or is not that client's, store nothing and
   * return `replayed` (a lost race). When
   * `lifetimes.graceUntil` is set, keep the new pair (encrypted, since tokens are stored hashed) until then for
   * `getGracePeriodToken`, and write it in the same transaction as the rotation, so a loser that sees
   * `replayed` can already read it.
   */
  rotateRefreshToken(
    refreshToken: string,
    token: BearerToken,
    request: OAuth2Request,
    lifetimes: TokenLifetimes,
  ): Promise<RotateResult>;

  /**
   * Return the very pair issued when `refreshToken` was rotated, if that happened within the grace window, by
   * rotation (not deliberate revocation), to `request.client`; otherwise null. Never issue anything new.
   */
  getGracePeriodToken(refreshToken: string, request: OAuth2Request): Promise<BearerToken | null>;

  /**
   * Revoke every refresh token of the family of `refreshToken` and their access tokens (RFC 9700 §4.14.2). Called
   * on a replay by the client the token was issued to, `request.client`.
   */
  revokeRefreshTokenFamily(refreshToken: string, request: OAuth2Request): Promise<void>;

  /**
   * Store a new device authorization (RFC 8628 §3.2) bound to `record.clientId`. The user code must be unique among
   * grants still pending: when a pending grant already has `record.userCode`, store nothing and return false (the
   * core draws another code). Keep the device code, like every token, only as a checksum if you like.
   */
  saveDeviceGrant(record: DeviceGrantRecord, request: OAuth2Request): Promise<boolean>;

  /**
   * Record one poll of the token endpoint with `deviceCode` by `clientId` (RFC 8628 §3.4, §3.5) and return its
   * outcome (`DevicePoll`, whose order of precedence it follows). One conditional write: set the last poll time, and
   * when this poll came sooner than the interval after the last one, raise the interval by 5 s (`slow_down`). A code
   * unknown, redeemed, or issued to another client is `invalid`, and such a poll writes nothing.
   */
  pollDeviceCode(clientId: string, deviceCode: string, request: OAuth2Request): Promise<DevicePoll>;

  /**
   * Redeem an approved device code of `clientId` exactly once (RFC 8628 §3.5: tokens are issued once): one
   * conditional write from approved to redeemed, so that of any number of concurrent polls exactly one gets true.
   * The core calls it before it issues the tokens.
   */
  redeemDeviceCode(clientId: string, deviceCode: string, request: OAuth2Request): Promise<boolean>;

  /** Return whether the client allows CORS from `origin` (an https origin) at the token endpoint. */
  isOriginAllowed(clientId: string, origin: string, request: OAuth2Request): Promise<boolean>;

  /**
   * Return the record of a usable access token (known, not revoked) and set `request.client`/`request.user` if you
   * like; null otherwise. The core checks expiry and `scopes` itself (RFC 6750 §3.1).
   */
  validateBearerToken(
    token: string,
    scopes: readonly string[],
    request: OAuth2Request,
  ): Promise<AccessTokenRecord | null>;

  /**
   * Revoke a token (RFC 7009 §2.1), trying the hinted type first and then the other. Return `other_client` and
   * change nothing when it was issued to another client than `request.client`; `unknown` when not found or
   * already inactive. Revoking a refresh token revokes its access token too.
   */
  revokeToken(token: string, tokenTypeHint: TokenTypeHint | null, request: OAuth2Request): Promise<RevokeResult>;

  /**
   * Return the claims of an active token (RFC 7662 §2.2) or null for anything not active: unknown, expired,
   * revoked. Search both types; the hint only orders the search.
   */
  introspectToken(
    token: string,
    tokenTypeHint: TokenTypeHint | null,
    request: OAuth2Request,
  ): Promise<IntrospectionClaims | null>;

  /**
   * Optional policy: return whether the authenticated caller (`request.client`, or `request.accessToken` for a
   * bearer caller) may learn about this active token; false answers `{"active": false}` (RFC 7662 §4).
   */
  isIntrospectionAllowed?(claims: IntrospectionClaims, request: OAuth2Request): Promise<boolean>;
}
