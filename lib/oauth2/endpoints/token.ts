import { InvalidRequestError, UnsupportedGrantTypeError } from '../errors.js';
import type { TokenGrant } from '../grants/base.js';
import type { ResolvedServerOptions } from '../options.js';
import type { OAuth2RequestInit } from '../request.js';
import type { OAuth2Response } from '../response.js';
import { assertFormPost, withJsonErrors, type AbstractConstructor, type EndpointHost } from './base.js';

/** What the token endpoint reads from its server: the enabled grants by `grant_type`. */
export interface TokenEndpointHost extends EndpointHost {
  readonly grantTypes: ReadonlyMap<string, TokenGrant>;
}

/** What the token endpoint adds to its server. */
export interface TokenEndpointMethods {
  createTokenResponse(
    init: OAuth2RequestInit,
    extraCredentials?: Readonly<Record<string, unknown>> | null,
  ): Promise<OAuth2Response>;
}

/** The token endpoint (RFC 6749 §3.2) as a layer of a server: dispatches on `grant_type` to the enabled grants only. */
export function TokenEndpointMixin<TBase extends AbstractConstructor<TokenEndpointHost>>(Base: TBase) {
  abstract class TokenEndpointLayer extends Base implements TokenEndpointMethods {
    /**
     * Answer a token request; every answer, errors included, is JSON with `Cache-Control: no-store`.
     * `extraCredentials` are merged into a successful token response.
     *
     * @example
     * const res = await server.createTokenResponse({ uri: '/o/token/', httpMethod: 'POST', headers, body });
     */
    async createTokenResponse(
      init: OAuth2RequestInit,
      extraCredentials: Readonly<Record<string, unknown>> | null = null,
    ): Promise<OAuth2Response> {
      return withJsonErrors(init, this.options.realm, async (request) => {
        assertFormPost(request);
        request.extraCredentials = extraCredentials;
        request.assertNoDuplicates(['grant_type']);
        // RFC 6749 §5.2: a missing parameter is invalid_request (oauthlib's default handler says unsupported_grant_type).
        if (!request.grantType) throw new InvalidRequestError('Missing grant_type parameter.');
        const grant = this.grantTypes.get(request.grantType);
        if (grant === undefined) throw new UnsupportedGrantTypeError();
        return grant.createTokenResponse(request);
      });
    }
  }
  return TokenEndpointLayer as TBase & AbstractConstructor<TokenEndpointMethods>;
}

/** The token endpoint on its own (oauthlib `TokenEndpoint`); `Server` inherits the same methods. */
export class TokenEndpoint extends TokenEndpointMixin(
  class {
    constructor(
      readonly grantTypes: ReadonlyMap<string, TokenGrant>,
      readonly options: ResolvedServerOptions,
    ) {}
  },
) {}
