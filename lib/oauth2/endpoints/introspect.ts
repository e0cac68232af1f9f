import { InvalidRequestError, OAuth2Error } from '../errors.js';
import { authenticateClientCredentials, extractClientCredentials, invalidClient } from '../client-auth.js';
import { OAuth2Request, type OAuth2RequestInit } from '../request.js';
import { jsonResponse, type OAuth2Response } from '../response.js';
import { bearerErrorResponse, errorJsonResponse } from '../serialize.js';
import {
  assertFormPost,
  tokenTypeHint,
  TokenTypesEndpointState,
  type AbstractConstructor,
  type TokenTypesHost,
} from './base.js';
import { ResourceEndpointMixin, type ResourceEndpointMethods } from './resource.js';

/** The scope a bearer token needs to call the introspection endpoint (DOT's rule). */
export const INTROSPECTION_SCOPE = 'introspection';

/** What the introspection endpoint adds to its server. */
export interface IntrospectEndpointMethods {
  createIntrospectResponse(init: OAuth2RequestInit): Promise<OAuth2Response>;
  authenticateCaller(request: OAuth2Request, bearer: boolean): Promise<void>;
}

/**
 * The introspection endpoint (RFC 7662) as a layer of a server that checks bearer tokens too (the resource
 * endpoint). The caller must authenticate (§2.1): a confidential client with its secret, or a bearer token with the
 * `introspection` scope. The validator's `isIntrospectionAllowed` may narrow that per token.
 */
export function IntrospectEndpointMixin<TBase extends AbstractConstructor<TokenTypesHost & ResourceEndpointMethods>>(
  Base: TBase,
) {
  abstract class IntrospectEndpointLayer extends Base implements IntrospectEndpointMethods {
    /**
     * Answer an introspection request: `{"active": true, ...claims}` for an active token the caller may see,
     * otherwise only `{"active": false}` (RFC 7662 §2.2). An unauthenticated caller gets 401.
     */
    async createIntrospectResponse(init: OAuth2RequestInit): Promise<OAuth2Response> {
      let bearer = false;
      try {
        const request = OAuth2Request.parse(init);
        assertFormPost(request);
        const token = request.param('token');
        if (!token) throw new InvalidRequestError('Missing token parameter.');
        request.assertNoDuplicates();
        bearer = (request.header('authorization') ?? '').trim().toLowerCase().startsWith('bearer ');
        await this.authenticateCaller(request, bearer);
        const hint = tokenTypeHint(request, this.supportedTokenTypes);
        const claims = await this.validator.introspectToken(token, hint, request);
        if (claims === null) return jsonResponse(200, { active: false });
        if (this.validator.isIntrospectionAllowed && !(await this.validator.isIntrospectionAllowed(claims, request))) {
          return jsonResponse(200, { active: false });
        }
        return jsonResponse(200, { ...claims, active: true });
      } catch (error) {
        if (!(error instanceof OAuth2Error)) throw error;
        return bearer ? bearerErrorResponse(error, this.options.realm) : errorJsonResponse(error, this.options.realm);
      }
    }

    /**
     * Authenticate the caller: a bearer with the `introspection` scope, or a confidential client (RFC 7662 §2.1);
     * nothing when the HTTP layer did already (`requestState.introspectionCallerVerified`, DOT's protected view).
     */
    async authenticateCaller(request: OAuth2Request, bearer: boolean): Promise<void> {
      const state = request.requestState;
      if (state.introspectionCallerVerified) {
        if (state.authenticatedClient !== null) request.client = state.authenticatedClient;
        return;
      }
      if (bearer) {
        const header = request.header('authorization') ?? '';
        const token = header.trim().split(/\s+/)[1] ?? '';
        await this.validateToken(request, token, [INTROSPECTION_SCOPE]);
        return;
      }
      const credentials = extractClientCredentials(request);
      if (credentials === null) throw invalidClient(null, 'The caller must authenticate.');
      await authenticateClientCredentials(request, this.validator, credentials);
    }
  }
  return IntrospectEndpointLayer as TBase & AbstractConstructor<IntrospectEndpointMethods>;
}

/** The introspection endpoint on its own (oauthlib `IntrospectEndpoint`); `Server` inherits the same methods. */
export class IntrospectEndpoint extends IntrospectEndpointMixin(ResourceEndpointMixin(TokenTypesEndpointState)) {}
