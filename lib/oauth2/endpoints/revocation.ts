import { InvalidRequestError } from '../errors.js';
import { authenticateRequestClient } from '../client-auth.js';
import { clientCorsHeaders } from '../cors.js';
import type { OAuth2RequestInit } from '../request.js';
import { NO_STORE_HEADERS, type OAuth2Response } from '../response.js';
import {
  assertFormPost,
  tokenTypeHint,
  TokenTypesEndpointState,
  withJsonErrors,
  type AbstractConstructor,
  type TokenTypesHost,
} from './base.js';

/** What the revocation endpoint adds to its server. */
export interface RevocationEndpointMethods {
  createRevocationResponse(init: OAuth2RequestInit): Promise<OAuth2Response>;
}

/** The revocation endpoint (RFC 7009) as a layer of a server. */
export function RevocationEndpointMixin<TBase extends AbstractConstructor<TokenTypesHost>>(Base: TBase) {
  abstract class RevocationEndpointLayer extends Base implements RevocationEndpointMethods {
    /**
     * Revoke a token (RFC 7009 §2.1) in oauthlib's order: method, query, `token`, client authentication, hint.
     * Unknown or inactive tokens still get 200 with an empty body (§2.2). Another client's token is refused for an
     * authenticated client and left valid; for a public client the answer is a silent 200, so that probing by
     * client_id alone learns nothing. A 200 carries CORS for an origin the client allows.
     */
    async createRevocationResponse(init: OAuth2RequestInit): Promise<OAuth2Response> {
      return withJsonErrors(init, this.options.realm, async (request) => {
        assertFormPost(request);
        const token = request.param('token');
        if (!token) throw new InvalidRequestError('Missing token parameter.');
        request.assertNoDuplicates();
        await authenticateRequestClient(request, this.validator);
        const hint = tokenTypeHint(request, this.supportedTokenTypes);
        const result = await this.validator.revokeToken(token, hint, request);
        if (result === 'other_client' && request.clientAuthMethod !== 'none') {
          throw new InvalidRequestError('The token was not issued to this client.');
        }
        // The client authenticated, so its own allowed origins decide CORS, as at the token endpoint.
        return {
          status: 200,
          headers: { ...NO_STORE_HEADERS, ...(await clientCorsHeaders(this.validator, request)) },
          body: '',
        };
      });
    }
  }
  return RevocationEndpointLayer as TBase & AbstractConstructor<RevocationEndpointMethods>;
}

/** The revocation endpoint on its own (oauthlib `RevocationEndpoint`); `Server` inherits the same method. */
export class RevocationEndpoint extends RevocationEndpointMixin(TokenTypesEndpointState) {}
