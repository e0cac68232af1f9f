import type { ResponseMode } from '../errors.js';
import { AuthorizationCodeGrant } from '../grants/authorization-code.js';
import type { CodeModifier, TokenModifier } from '../grants/base.js';
import { ImplicitGrant } from '../grants/implicit.js';
import type { ResolvedServerOptions } from '../options.js';
import type { OAuth2Request } from '../request.js';
import { hasResponseValue } from '../response-type.js';
import { redirectResponse, type OAuth2Response } from '../response.js';
import { addParamsToUri } from '../serialize.js';
import { createBearerToken, tokenLifetimes } from '../tokens.js';
import { isOpenIDRequest, openIDAuthorizationValidator } from './authorization-validator.js';
import type { IdTokenIssuer } from './id-token.js';

/** Add an ID token bound to the access token (`at_hash`), with the request's nonce, auth_time and acr. */
function addIdToken(issuer: IdTokenIssuer): TokenModifier {
  return async (token, request) => {
    const idToken = await issuer.create(request, {
      accessToken: token.access_token,
      nonce: request.nonce,
      authTime: request.authTime,
      acr: request.acr,
    });
    return { ...token, id_token: idToken };
  };
}

/** The ID token of the code flow's token response: nonce, auth_time and acr come from the stored code. */
export function codeIdTokenModifier(issuer: IdTokenIssuer): TokenModifier {
  const add = addIdToken(issuer);
  return async (token, request) => (isOpenIDRequest(request) ? add(token, request) : token);
}

/**
 * The ID token of a refresh (OIDC Core §12.2): same `iss`, `sub` and `aud`, the original `auth_time`, no
 * `nonce`; only when `openid` is in scope and `refreshIdToken(request)` says so.
 */
export function refreshIdTokenModifier(issuer: IdTokenIssuer): TokenModifier {
  return async (token, request) => {
    if (!isOpenIDRequest(request) || !(await issuer.validator.refreshIdToken(request))) return token;
    const record = request.refreshTokenRecord;
    const idToken = await issuer.create(request, {
      accessToken: token.access_token,
      authTime: record?.authTime ?? null,
      acr: record?.acr ?? null,
    });
    return { ...token, id_token: idToken };
  };
}

/**
 * The OIDC implicit flow (OIDC Core §3.2): `id_token` alone (no access token, so the scope claims go in the ID
 * token) or `id_token token` (the ID token carries `at_hash`). Served only when `responseTypesSupported` lists it.
 */
export class OpenIDImplicitGrant extends ImplicitGrant {
  override readonly responseTypes: readonly string[] = ['id_token', 'id_token token'];

  constructor(
    readonly issuer: IdTokenIssuer,
    options: ResolvedServerOptions,
  ) {
    super(issuer.validator, options);
    this.customValidators.postAuth.push(openIDAuthorizationValidator(issuer, options.now));
    this.tokenModifiers.push(addIdToken(issuer));
  }

  /** `id_token` issues no access token at all; `id_token token` is the implicit grant plus the modifier. */
  protected override async issue(request: OAuth2Request, iss: string | null): Promise<OAuth2Response> {
    if (request.responseType !== 'id_token') return super.issue(request, iss);
    const idToken = await this.issuer.create(request, {
      nonce: request.nonce,
      authTime: request.authTime,
      acr: request.acr,
      scopeClaimsInIdToken: true,
    });
    const params = { id_token: idToken, state: request.state, iss };
    return redirectResponse(addParamsToUri(request.redirectUri ?? '', params, 'fragment'));
  }
}

/**
 * The hybrid flow (OIDC Core §3.3): a code plus an ID token (with `c_hash`), an access token, or both, in the
 * fragment by default. The code is redeemed at the token endpoint by the ordinary code grant.
 */
export class HybridGrant extends AuthorizationCodeGrant {
  override readonly responseTypes: readonly string[] = ['code id_token', 'code token', 'code id_token token'];
  override readonly defaultResponseMode: ResponseMode = 'fragment';

  constructor(
    readonly issuer: IdTokenIssuer,
    options: ResolvedServerOptions,
  ) {
    super(issuer.validator, options);
    this.customValidators.postAuth.push(openIDAuthorizationValidator(issuer, options.now));
    this.codeModifiers.push(this.hybridModifier());
  }

  /**
   * Add the access token and/or ID token the response type names to the code response (oauthlib `add_token`). The
   * ID token is made before the access token is saved, so that the validator links the two as it does for the code
   * flow and `id_token token` (the token it saves carries `id_token`).
   */
  hybridModifier(): CodeModifier {
    return async (grant, request) => {
      const result = { ...grant };
      const token = hasResponseValue(request.responseType, 'token')
        ? await createBearerToken(request, this.options, { issue: false })
        : null;
      if (token !== null) {
        Object.assign(result, {
          access_token: token.access_token,
          token_type: token.token_type,
          expires_in: String(token.expires_in),
          scope: token.scope,
        });
      }
      if (hasResponseValue(request.responseType, 'id_token')) {
        result.id_token = await this.issuer.create(request, {
          code: grant.code ?? null,
          accessToken: token?.access_token ?? null,
          nonce: request.nonce,
          authTime: request.authTime,
          acr: request.acr,
        });
      }
      if (token !== null) {
        const saved = result.id_token === undefined ? token : { ...token, id_token: result.id_token };
        await this.validator.saveBearerToken(saved, request, tokenLifetimes(this.options, false));
      }
      return result;
    };
  }
}
