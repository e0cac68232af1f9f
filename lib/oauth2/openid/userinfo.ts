import { clientCorsHeaders } from '../cors.js';
import { InvalidRequestError, InvalidTokenError } from '../errors.js';
import type { AbstractConstructor, ValidatorHost } from '../endpoints/base.js';
import { ResourceEndpoint, type ResourceEndpointMethods } from '../endpoints/resource.js';
import type { OAuth2Request, OAuth2RequestInit } from '../request.js';
import { jsonResponse, type OAuth2Response } from '../response.js';
import { bearerErrorResponse } from '../serialize.js';
import { releasableClaims } from './claims.js';
import type { OpenIDRequestValidator } from './request-validator.js';

/** What the UserInfo endpoint adds to its server. */
export interface UserInfoEndpointMethods {
  createUserinfoResponse(init: OAuth2RequestInit): Promise<OAuth2Response>;
  userinfoClaims(request: OAuth2Request): Promise<Record<string, unknown>>;
}

/**
 * The UserInfo endpoint (OIDC Core §5.3) as a layer of a server that checks bearer tokens (the resource endpoint):
 * GET or POST with a bearer access token that has the `openid` scope. Errors are RFC 6750's (no token → 401 bare
 * challenge, bad token → 401 `invalid_token`, no `openid` → 403 `insufficient_scope`); success is JSON with `sub`
 * (the ID token's) and the claims the granted scopes release. The validator must answer the OpenID questions.
 */
export function UserInfoEndpointMixin<TBase extends AbstractConstructor<ValidatorHost & ResourceEndpointMethods>>(
  Base: TBase,
) {
  abstract class UserInfoEndpointLayer extends Base implements UserInfoEndpointMethods {
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
          this.options.realm,
        );
      }
      const result = await this.verifyRequest(init, ['openid']);
      if (!result.valid) return result.response;
      const request = result.request;
      // A token without a resource owner (client_credentials) has no claims to give (OIDC Core §5.3).
      if (request.user === null || request.user === undefined) {
        return bearerErrorResponse(new InvalidTokenError('The access token has no user.'), this.options.realm);
      }
      const claims = await this.userinfoClaims(request);
      // CORS for an `Origin` the token's client allows (per client: ARCHITECTURE.md, CORS).
      return jsonResponse(200, claims, await clientCorsHeaders(this.validator, request));
    }

    /** Return `sub` and the released user claims for the token's user and scopes (OIDC Core §5.3.2, §5.4). */
    async userinfoClaims(request: OAuth2Request): Promise<Record<string, unknown>> {
      const validator = this.validator as OpenIDRequestValidator;
      const { scopes, user } = request;
      const released = releasableClaims(await validator.getUserClaims(user, scopes, request), scopes);
      return { sub: await validator.getSubject(user, request), ...released };
    }
  }
  return UserInfoEndpointLayer as TBase & AbstractConstructor<UserInfoEndpointMethods>;
}

/** The UserInfo endpoint on its own, with its bearer check; `OpenIDServer` inherits the same methods. */
export class UserInfoEndpoint extends UserInfoEndpointMixin(ResourceEndpoint) {}
