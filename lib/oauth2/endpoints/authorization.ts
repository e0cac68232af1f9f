import { AccessDeniedError, InvalidRequestFatalError, OAuth2Error, UnsupportedResponseTypeError } from '../errors.js';
import type { AuthorizationCredentials, AuthorizationGrant } from '../grants/authorization-base.js';
import type { ResolvedServerOptions } from '../options.js';
import { OAuth2Request, type OAuth2RequestInit } from '../request.js';
import { findResponseType } from '../response-type.js';
import { jsonResponse, type OAuth2Response } from '../response.js';
import { errorFields, errorRedirectResponse } from '../serialize.js';
import type { AbstractConstructor, EndpointHost } from './base.js';

/** The result of validating an authorization request: what to show on the consent page. */
export interface ValidatedAuthorization {
  /** The scopes requested (or the defaults), for the consent page. */
  readonly scopes: readonly string[];
  /** What to hand back to `createAuthorizationResponse` after consent. */
  readonly credentials: AuthorizationCredentials;
  /** The validated request (its `client` is the application). */
  readonly request: OAuth2Request;
}

/** What the authorization endpoint reads from its server: the enabled grants by response type, and the default. */
export interface AuthorizationEndpointHost extends EndpointHost {
  readonly responseTypes: ReadonlyMap<string, AuthorizationGrant>;
  readonly defaultGrant: AuthorizationGrant | null;
}

/** What the authorization endpoint adds to its server. */
export interface AuthorizationEndpointMethods {
  readonly iss: string | null;
  validateAuthorizationRequest(init: OAuth2RequestInit): Promise<ValidatedAuthorization>;
  createAuthorizationResponse(
    init: OAuth2RequestInit,
    scopes: readonly string[],
    credentials: Partial<AuthorizationCredentials>,
  ): Promise<OAuth2Response>;
  createDenialResponse(
    init: OAuth2RequestInit,
    credentials: Partial<AuthorizationCredentials>,
  ): Promise<OAuth2Response>;
  errorResponse(error: OAuth2Error): OAuth2Response;
  grantFor(request: OAuth2Request): AuthorizationGrant;
}

/**
 * The authorization endpoint (RFC 6749 §3.1) as a layer of a server: validate first, then create the response after
 * consent. Only the enabled response types are dispatched; anything else reaches the default grant, which answers
 * `unsupported_response_type` once the client and redirect URI are known to be good.
 */
export function AuthorizationEndpointMixin<TBase extends AbstractConstructor<AuthorizationEndpointHost>>(Base: TBase) {
  abstract class AuthorizationEndpointLayer extends Base implements AuthorizationEndpointMethods {
    /** The `iss` to add to every authorization response (RFC 9207 §2), or null. */
    get iss(): string | null {
      return this.options.authorizationResponseIss ? this.options.issuer : null;
    }

    /**
     * Validate an authorization request (RFC 6749 §4.1.1, §4.2.1). Throws an `OAuth2Error`: fatal ones (bad
     * client_id or redirect_uri) have `allowRedirect === false`; the others carry `redirectUri` and `state`.
     *
     * @example
     * const { scopes, credentials } = await server.validateAuthorizationRequest({ uri: ctx.url, httpMethod: 'GET' });
     */
    async validateAuthorizationRequest(init: OAuth2RequestInit): Promise<ValidatedAuthorization> {
      const request = parseFatal(init);
      const credentials = await this.grantFor(request).validateAuthorizationRequest(request);
      return { scopes: request.scopes, credentials, request };
    }

    /**
     * Issue the code or token the user approved and return the 302 (RFC 6749 §4.1.2, §4.2.2). The credentials
     * override the request's parameters, as in oauthlib. A redirectable error is returned as a 302 too; a fatal
     * one is thrown.
     */
    async createAuthorizationResponse(
      init: OAuth2RequestInit,
      scopes: readonly string[],
      credentials: Partial<AuthorizationCredentials>,
    ): Promise<OAuth2Response> {
      const request = parseFatal(init);
      applyCredentials(request, credentials);
      request.scopes = scopes;
      try {
        return await this.grantFor(request).createAuthorizationResponse(request, this.iss);
      } catch (error) {
        if (error instanceof OAuth2Error && error.allowRedirect && error.redirectUri) return this.errorResponse(error);
        throw error;
      }
    }

    /**
     * Answer the user's refusal (RFC 6749 §4.1.2.1 `access_denied`) with a redirect carrying `state` and `iss`.
     * The client and redirect URI are validated again first, since the consent form's fields came back through the
     * browser; a fatal problem is thrown.
     */
    async createDenialResponse(
      init: OAuth2RequestInit,
      credentials: Partial<AuthorizationCredentials>,
    ): Promise<OAuth2Response> {
      const request = parseFatal(init);
      applyCredentials(request, credentials);
      const grant = this.grantFor(request);
      await grant.validateClientAndRedirect(request);
      const error = new AccessDeniedError('The resource owner denied the request.', {
        redirectUri: request.redirectUri,
        state: request.state,
        responseMode: grant.errorResponseMode(request),
      });
      return this.errorResponse(error);
    }

    /** Answer an error: a 302 to the client with `state` and `iss` when allowed, else a 400 JSON body. */
    errorResponse(error: OAuth2Error): OAuth2Response {
      return errorRedirectResponse(error, this.iss) ?? jsonResponse(error.status, errorFields(error));
    }

    /** Pick the grant for `response_type` (its values in any order): an enabled one, else the default (which reports the error). */
    grantFor(request: OAuth2Request): AuthorizationGrant {
      const type = findResponseType(request.responseType, this.responseTypes.keys());
      const grant = (type === null ? undefined : this.responseTypes.get(type)) ?? this.defaultGrant;
      // No response type is enabled at all: nothing can be validated, so the error cannot be redirected.
      if (grant === null) throw new UnsupportedResponseTypeError('No response type is enabled.');
      return grant;
    }
  }
  return AuthorizationEndpointLayer as TBase & AbstractConstructor<AuthorizationEndpointMethods>;
}

/** The authorization endpoint on its own (oauthlib `AuthorizationEndpoint`); `Server` inherits the same methods. */
export class AuthorizationEndpoint extends AuthorizationEndpointMixin(
  class {
    constructor(
      readonly responseTypes: ReadonlyMap<string, AuthorizationGrant>,
      readonly defaultGrant: AuthorizationGrant | null,
      readonly options: ResolvedServerOptions,
    ) {}
  },
) {}

/** Parse an authorization request; a malformed one is fatal, since its redirect URI cannot be trusted. */
function parseFatal(init: OAuth2RequestInit): OAuth2Request {
  try {
    return OAuth2Request.parse(init);
  } catch (error) {
    if (error instanceof OAuth2Error) throw new InvalidRequestFatalError(error.description, { cause: error });
    /* c8 ignore next */ throw error; // parse throws only OAuth2Errors; rethrow anything unforeseen
  }
}

/** Copy the consent round-trip's credentials onto the request (oauthlib `create_authorization_response`). */
function applyCredentials(request: OAuth2Request, credentials: Partial<AuthorizationCredentials>): void {
  const c = credentials;
  if (c.clientId !== undefined) request.clientId = c.clientId;
  if (c.redirectUri !== undefined) request.redirectUri = c.redirectUri;
  if (c.redirectUriProvided !== undefined) request.redirectUriProvided = c.redirectUriProvided;
  if (c.responseType !== undefined) request.responseType = c.responseType;
  if (c.responseMode !== undefined) request.responseMode = c.responseMode;
  if (c.state !== undefined) request.state = c.state;
  if (c.codeChallenge !== undefined) request.codeChallenge = c.codeChallenge;
  if (c.codeChallengeMethod !== undefined) request.codeChallengeMethod = c.codeChallengeMethod;
  if (c.nonce !== undefined) request.nonce = c.nonce;
  if (c.claims !== undefined) request.claims = c.claims;
  if (c.prompt !== undefined) request.prompt = c.prompt;
  if (c.maxAge !== undefined) request.maxAge = c.maxAge;
  if (c.idTokenHint !== undefined) request.idTokenHint = c.idTokenHint;
  request.user = c.user ?? null;
  request.authTime = c.authTime ?? null;
  request.acr = c.acr ?? null;
}
