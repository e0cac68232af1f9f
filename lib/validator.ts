import type { Context } from 'koa';
import { ImproperlyConfigured } from './errors.js';
import type { Application } from './models/application.js';
import type { IdTokenAlgorithm, IdTokenRecord, OpenIDRequestValidator } from './oauth2/openid/request-validator.js';
import type { ClientCredentials } from './oauth2/request-validator.js';
import type {
  AccessTokenRecord,
  AuthorizationCodeRecord,
  BearerToken,
  CodeLookup,
  ConsumeResult,
  IntrospectionClaims,
  OAuth2Client,
  RefreshTokenLookup,
  RevokeResult,
  RotateResult,
  TokenLifetimes,
  TokenTypeHint,
} from './oauth2/records.js';
import type { OAuth2Request } from './oauth2/request.js';
import { getDefaultScopes } from './scopes.js';
import * as clients from './validator/client-auth.js';
import * as codes from './validator/codes.js';
import { introspectToken } from './validator/introspection.js';
import * as openid from './validator/openid.js';
import { allowsGrantType, allowsResponseType, allowsScopes } from './validator/policy.js';
import * as refresh from './validator/refresh.js';
import { loadApplication, requestApplication, requestEm } from './validator/session.js';
import * as tokens from './validator/tokens.js';
import { ModelViewValidator } from './validator/view-lookups.js';
import { DeviceGrantValidation } from './validator/device.js';
import { validateUser } from './validator/user-auth.js';

export { hasConsentOnRecord } from './validator/consent.js';
export { GRANT_TYPE_MAPPING, RESPONSE_TYPE_MAPPING } from './validator/policy.js';
export type { PostLogoutUriProblem, RevokedToken, StoredToken, ViewValidator } from './validator/view-lookups.js';
export type { DeviceApproval, DeviceGrantPage, DeviceViewValidator } from './validator/device.js';
// The application type the views name in their public signatures, so that they import no model module.
export type { Application } from './models/application.js';

/** Options of `OAuth2Validator`. */
export interface OAuth2ValidatorOptions {
  /** Clock in milliseconds for expiry and grace-window checks (tests); default `Date.now`. */
  now?: () => number;
}

/**
 * The core's `RequestValidator`, with the OpenID Connect questions and the views' (`ViewValidator`), on the models (DOT's `OAuth2Validator`): every answer comes from the request's
 * EntityManager (`request.session`), tokens and codes are found by their SHA-256 checksum, and every write that
 * must happen once is one conditional statement in the database (ARCHITECTURE.md, Storage).
 *
 * @example
 * class MyValidator extends OAuth2Validator {
 *   override async validateScopes(id: string, scopes: readonly string[], client: OAuth2Client, request: OAuth2Request) {
 *     return !scopes.includes('admin') && (await super.validateScopes(id, scopes, client, request));
 *   }
 * }
 * configure({ orm, oauth2ValidatorClass: MyValidator });
 */
export class OAuth2Validator extends DeviceGrantValidation(ModelViewValidator) implements OpenIDRequestValidator {
  readonly now: () => number;

  constructor(options: OAuth2ValidatorOptions = {}) {
    super();
    this.now = options.now ?? Date.now;
  }

  /** Return whether the request's client must authenticate (a confidential or unknown client). */
  async clientAuthenticationRequired(request: OAuth2Request): Promise<boolean> {
    return clients.clientAuthenticationRequired(requestEm(request), request);
  }

  /** Authenticate a confidential client by its secret, in constant time; return it, or null. */
  async authenticateClient(credentials: ClientCredentials, request: OAuth2Request): Promise<Application | null> {
    return clients.authenticateClient(requestEm(request), credentials, request);
  }

  /** Identify a public client by its id; set `request.client`. */
  async authenticateClientId(clientId: string, request: OAuth2Request): Promise<boolean> {
    return clients.authenticateClientId(requestEm(request), clientId, request);
  }

  /** Return whether `clientId` names a usable application; set `request.client`. */
  async validateClientId(clientId: string, request: OAuth2Request): Promise<boolean> {
    return clients.validateClientId(requestEm(request), clientId, request);
  }

  /** Return whether `redirectUri` is registered for the client (exact match, any port for loopback IPs). */
  async validateRedirectUri(clientId: string, redirectUri: string, request: OAuth2Request): Promise<boolean> {
    const application = await requestApplication(requestEm(request), request, clientId);
    return application?.redirectUriAllowed(redirectUri) ?? false;
  }

  /** Return the client's only registered redirect URI, or null. */
  async getDefaultRedirectUri(clientId: string, request: OAuth2Request): Promise<string | null> {
    return (await requestApplication(requestEm(request), request, clientId))?.defaultRedirectUri ?? null;
  }

  /** Return whether the application's grant type allows `responseType` (DOT's mapping). */
  async validateResponseType(_id: string, responseType: string, client: OAuth2Client): Promise<boolean> {
    return allowsResponseType(client, responseType);
  }

  /** Return whether every scope is configured and allowed for the application (`allowedScopes`, empty = all). */
  async validateScopes(_id: string, scopes: readonly string[], client: OAuth2Client): Promise<boolean> {
    return allowsScopes(client, scopes);
  }

  /** Return `defaultScopes` within what the application may be granted. */
  async getDefaultScopes(clientId: string, request: OAuth2Request): Promise<readonly string[]> {
    return getDefaultScopes(await requestApplication(requestEm(request), request, clientId));
  }

  /** Store a new authorization code by its checksum. */
  async saveAuthorizationCode(record: AuthorizationCodeRecord, request: OAuth2Request): Promise<void> {
    const em = requestEm(request);
    const application = await requestApplication(em, request, record.clientId);
    if (application === null) throw new ImproperlyConfigured('No usable application for the code being saved');
    await codes.saveAuthorizationCode(em, application, record);
  }

  /** Return whether the application's grant type allows `grantType` (DOT's `GRANT_TYPE_MAPPING`). */
  async validateGrantType(_id: string, grantType: string, client: OAuth2Client): Promise<boolean> {
    return allowsGrantType(client, grantType);
  }

  /** Look a code of `client` up for redemption without consuming it; another client's code is `invalid`. */
  async validateCode(_id: string, code: string, client: OAuth2Client, request: OAuth2Request): Promise<CodeLookup> {
    return codes.validateCode(requestEm(request), code, client, request);
  }

  /** Redeem a code of `clientId` once: one conditional UPDATE, naming the application, decides the winner. */
  async consumeAuthorizationCode(clientId: string, code: string, request: OAuth2Request): Promise<ConsumeResult> {
    const em = requestEm(request);
    const application = await requestApplication(em, request, clientId);
    return application === null ? 'unknown' : codes.consumeAuthorizationCode(em, application, code);
  }

  /** Revoke every token issued from `code` (its family), when it is a code of `request.client`. */
  async revokeTokensIssuedByCode(code: string, request: OAuth2Request): Promise<void> {
    const em = requestEm(request);
    return codes.revokeTokensIssuedByCode(em, await requestApplication(em, request), code);
  }

  /**
   * Check a resource owner's password through the `authenticateUser` setting (RFC 6749 §4.3), throttled, and set
   * `request.user`; an inactive user (`isActive === false`) is refused. Without the setting nobody can log in.
   */
  async validateUser(username: string, password: string, _client: OAuth2Client, request: OAuth2Request) {
    return validateUser(requestEm(request), username, password, request, this.koaContext(request));
  }

  /**
   * Return the Koa context handed to `authenticateUser`: the one the backend put on the core request. A request built
   * without one (the core driven directly) gets a stand-in whose `state.em` is the request's EntityManager, where
   * the backend looks for a request's session first (ARCHITECTURE.md, Request session).
   */
  koaContext(request: OAuth2Request): Context {
    return (request.context as Context | undefined) ?? ({ state: { em: requestEm(request) } } as unknown as Context);
  }

  /** Look a refresh token of `client` up; another client's token is `invalid`. */
  async validateRefreshToken(token: string, client: OAuth2Client, request: OAuth2Request): Promise<RefreshTokenLookup> {
    return refresh.validateRefreshToken(requestEm(request), token, client, request);
  }

  /** Store a newly issued token (and refresh token) by checksum. */
  async saveBearerToken(token: BearerToken, request: OAuth2Request, lifetimes: TokenLifetimes): Promise<void> {
    const em = requestEm(request);
    const application = await requestApplication(em, request);
    if (application === null) throw new ImproperlyConfigured('No usable application for the token being saved');
    await tokens.saveBearerToken(em, application, token, request, lifetimes);
    await openid.linkIdToken(em, token, request);
  }

  /** Revoke the old refresh token and store its successor in one transaction; `replayed` for a lost race. */
  async rotateRefreshToken(
    old: string,
    token: BearerToken,
    request: OAuth2Request,
    lifetimes: TokenLifetimes,
  ): Promise<RotateResult> {
    const em = requestEm(request);
    const application = await requestApplication(em, request);
    if (application === null) throw new ImproperlyConfigured('No usable application for the token being rotated');
    const result = await refresh.rotateRefreshToken(em, application, old, token, lifetimes);
    if (result === 'ok') await openid.linkIdToken(em, token, request);
    return result;
  }

  /** Return the pair issued when `old` was rotated, within the grace window, or null. */
  async getGracePeriodToken(old: string, request: OAuth2Request): Promise<BearerToken | null> {
    return refresh.getGracePeriodToken(requestEm(request), old, request, this.now());
  }

  /** Revoke the family of a refresh token of `request.client`. */
  async revokeRefreshTokenFamily(token: string, request: OAuth2Request): Promise<void> {
    return refresh.revokeRefreshTokenFamily(requestEm(request), token, request.client);
  }

  /** Return whether the application allows CORS from `origin`. */
  async isOriginAllowed(clientId: string, origin: string, request: OAuth2Request): Promise<boolean> {
    const application = await loadApplication(requestEm(request), clientId, request);
    return application?.originAllowed(origin) ?? false;
  }

  /** Return the record of a known, unrevoked access token of a usable application. */
  async validateBearerToken(
    token: string,
    _scopes: readonly string[],
    request: OAuth2Request,
  ): Promise<AccessTokenRecord | null> {
    return tokens.validateBearerToken(requestEm(request), token, request);
  }

  /** Revoke a token of the requesting client (RFC 7009). */
  async revokeToken(token: string, hint: TokenTypeHint | null, request: OAuth2Request): Promise<RevokeResult> {
    return tokens.revokeToken(requestEm(request), token, hint, request);
  }

  /** Return the RFC 7662 claims of an active token, or null. */
  async introspectToken(
    token: string,
    hint: TokenTypeHint | null,
    request: OAuth2Request,
  ): Promise<IntrospectionClaims | null> {
    return introspectToken(requestEm(request), token, hint, request, this.now());
  }

  /** `prompt=none`: return whether a user is logged in (the backend puts the session user on the request). */
  async validateSilentLogin(request: OAuth2Request): Promise<boolean> {
    return openid.validateSilentLogin(request);
  }

  /** `prompt=none`: return whether consent is on record for the requested scopes (`hasConsentOnRecord`). */
  async validateSilentAuthorization(request: OAuth2Request): Promise<boolean> {
    return openid.validateSilentAuthorization(requestEm(request), request);
  }

  /** Return whether the session user is the `sub` of `id_token_hint` and of a `claims` request for `sub`. */
  async validateUserMatch(hint: string | null, _scopes: readonly string[], claims: unknown, request: OAuth2Request) {
    return openid.validateUserMatch(hint, claims, request);
  }

  /** Return the application's ID token algorithm ('' for none). */
  async getIdTokenAlgorithm(client: OAuth2Client): Promise<IdTokenAlgorithm | ''> {
    return openid.idTokenAlgorithm(client);
  }

  /** Return the HS256 key: the client secret only when it is stored readable (`hashClientSecret: false`). */
  async getClientSigningSecret(client: OAuth2Client): Promise<string | null> {
    return openid.clientSigningSecret(client);
  }

  /** Return `sub`: the user's primary key as a string (DOT). */
  async getSubject(user: unknown): Promise<string> {
    return openid.subjectOf(user);
  }

  /** Return the user's claims from the `getUserClaims` setting; the core releases them by scope. */
  async getUserClaims(user: unknown, scopes: readonly string[]): Promise<Record<string, unknown>> {
    return openid.userClaims(user, scopes);
  }

  /** Store an issued ID token as an `IDToken` row. */
  async saveIdToken(record: IdTokenRecord, request: OAuth2Request): Promise<void> {
    return openid.saveIdToken(requestEm(request), record, request);
  }

  /** Return whether a refresh of an `openid` grant returns a new ID token: always (oauthlib's default). */
  async refreshIdToken(_request: OAuth2Request): Promise<boolean> {
    return true;
  }
}
