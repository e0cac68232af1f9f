import { clientCorsHeaders } from '../cors.js';
import { InvalidRequestError, InvalidTokenError } from '../errors.js';
import type { ResourceEndpoint } from '../endpoints/resource.js';
import type { OAuth2Request, OAuth2RequestInit } from '../request.js';
import { jsonResponse, type OAuth2Response } from '../response.js';
import { bearerErrorResponse } from '../serialize.js';
import { releasableClaims } from './claims.js';
import type { OpenIDRequestValidator } from './request-validator.js';

/**
 * The UserInfo endpoint (OIDC Core §5.3): GET or POST with a bearer access token that has the `openid` scope.
 * Errors are RFC 6750's (no token → 401 bare challenge, bad token → 401 `invalid_token`, no `openid` → 403
 * `insufficient_scope`); success is JSON with `sub` (the ID token's) and the claims the granted scopes release.
 */
export class UserInfoEndpoint {
  constructor(
    readonly validator: OpenIDRequestValidator,
    readonly resource: ResourceEndpoint,
  ) {}

  /**
   * Answer a UserInfo request. An ID token sent as the bearer token is not an access token and opens nothing.
   *
   * @example
   * const res = await server.createUserinfoResponse({ uri: ctx.url, httpMethod: ctx.method, headers });
   */
  async createUserinfoResponse(init: OAuth2RequestInit): Promise<OAuth2Response> {
    const method = init.httpMethod.toUpperCase();
    if (method !== 'GET' && method !== 'POST') {
      return bearerErrorResponse(
        new InvalidRequestError(`Unsupported request method ${method}.`),
        this.resource.options.realm,
      );
    }
    const result = await this.resource.verifyRequest(init, ['openid']);
    if (!result.valid) return result.response;
    const request = result.request;
    // A token without a resource owner (client_credentials) has no claims to give (OIDC Core §5.3).
    if (request.user === null || request.user === undefined) {
      return bearerErrorResponse(new InvalidTokenError('The access token has no user.'), this.resource.options.realm);
    }
    const claims = await this.claims(request);
    return jsonResponse(200, claims, await this.corsHeaders(request));
  }

  /** Return `sub` and the released user claims for the token's user and scopes (OIDC Core §5.3.2, §5.4). */
  async claims(request: OAuth2Request): Promise<Record<string, unknown>> {
    const scopes = request.scopes;
    const user = request.user;
    const released = releasableClaims(await this.validator.getUserClaims(user, scopes, request), scopes);
    return { sub: await this.validator.getSubject(user, request), ...released };
  }

  /** CORS for an `Origin` the token's client allows (per client: ARCHITECTURE.md, CORS). */
  corsHeaders(request: OAuth2Request): Promise<Record<string, string>> {
    return clientCorsHeaders(this.validator, request);
  }
}
