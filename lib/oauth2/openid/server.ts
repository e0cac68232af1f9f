import { DEVICE_CODE_GRANT_TYPE } from '../device/records.js';
import { OpenIDConfigurationError } from './configuration-error.js';
import type { AuthorizationGrant } from '../grants/authorization-base.js';
import type { AuthorizationCodeGrant } from '../grants/authorization-code.js';
import type { ImplicitGrant } from '../grants/implicit.js';
import type { ServerOptions } from '../options.js';
import { publicJsonResponse, type OAuth2Response } from '../response.js';
import { Server, type ServerFlows } from '../servers.js';
import { openIDAuthorizationValidator } from './authorization-validator.js';
import { openIDConfiguration } from './discovery.js';
import { codeIdTokenModifier, HybridGrant, OpenIDImplicitGrant, refreshIdTokenModifier } from './grants.js';
import { IdTokenIssuer } from './id-token.js';
import { KeyStore, type Jwks } from './keys.js';
import type { OpenIDRequestValidator } from './request-validator.js';
import { UserInfoEndpointMixin } from './userinfo.js';

// The issuer is needed while the base constructor builds the grants, before subclass fields exist.
const issuers = new WeakMap<OpenIDServer, IdTokenIssuer>();

/**
 * Every OAuth 2 flow plus OpenID Connect (oauthlib's `openid.Server`, DOT's default server class). With
 * `oidcEnabled` false it is exactly `Server`; with it on, an `openid` request gets ID tokens in the code,
 * implicit (`id_token`, `id_token token`) and hybrid flows and on refresh, and the UserInfo, discovery and JWKS
 * answers work (`createUserinfoResponse` is the UserInfo endpoint's own, inherited as oauthlib's server does). Only
 * the response types listed in `responseTypesSupported` are served.
 *
 * @example
 * const server = new OpenIDServer(new OAuth2Validator(), { ...settings, oidcEnabled: true, issuer });
 * const res = await server.createUserinfoResponse({ uri: ctx.url, httpMethod: ctx.method, headers });
 */
export class OpenIDServer extends UserInfoEndpointMixin(Server) {
  static override readonly flows: ServerFlows = {
    responseTypes: [
      'code',
      'token',
      'id_token',
      'id_token token',
      'code id_token',
      'code token',
      'code id_token token',
    ],
    grantTypes: ['authorization_code', 'password', 'client_credentials', 'refresh_token', DEVICE_CODE_GRANT_TYPE],
    tokenTypes: ['access_token', 'refresh_token'],
  };

  constructor(validator: OpenIDRequestValidator, options: ServerOptions = {}) {
    super(validator, options);
    if (!this.options.oidcEnabled) return;
    const issuer = this.idTokens;
    const code = this.grants.get('authorization_code') as AuthorizationCodeGrant;
    code.customValidators.postAuth.push(openIDAuthorizationValidator(issuer, this.options.now));
    code.tokenModifiers.push(codeIdTokenModifier(issuer));
    this.grants.get('refresh_token')?.tokenModifiers.push(refreshIdTokenModifier(issuer));
    // The device grant's user approved on a page of this provider: an `openid` scope gets an ID token as with a code.
    this.grants.get(DEVICE_CODE_GRANT_TYPE)?.tokenModifiers.push(codeIdTokenModifier(issuer));
  }

  /** The ID token issuer over this server's validator, options and keys (built once). */
  get idTokens(): IdTokenIssuer {
    let issuer = issuers.get(this);
    if (issuer === undefined) {
      if (!this.options.issuer) throw new OpenIDConfigurationError('OpenID Connect needs the issuer setting.');
      issuer = new IdTokenIssuer(this.validator as OpenIDRequestValidator, this.options, new KeyStore(this.options));
      issuers.set(this, issuer);
    }
    return issuer;
  }

  /** Add the OIDC implicit and hybrid response types when OIDC is on. */
  protected override authorizationGrants(
    code: AuthorizationCodeGrant,
    implicit: ImplicitGrant,
  ): Record<string, AuthorizationGrant> {
    const grants = super.authorizationGrants(code, implicit);
    if (!this.options.oidcEnabled) return grants;
    const openIDImplicit = new OpenIDImplicitGrant(this.idTokens, this.options);
    const hybrid = new HybridGrant(this.idTokens, this.options);
    return {
      ...grants,
      id_token: openIDImplicit,
      'id_token token': openIDImplicit,
      'code id_token': hybrid,
      'code token': hybrid,
      'code id_token token': hybrid,
    };
  }

  /** Return the OpenID Provider metadata document (OIDC Discovery 1.0 §3). */
  openIDConfiguration(): Record<string, unknown> {
    return openIDConfiguration(this.metadata(), this.options, this.idTokens.keys.algorithms);
  }

  /** Answer `GET /.well-known/openid-configuration` (OIDC Discovery 1.0 §4); public, so CORS allows any origin. */
  createDiscoveryResponse(): OAuth2Response {
    return publicJsonResponse(this.openIDConfiguration());
  }

  /** Return the public JWKS: the active and inactive RS256/ES256 keys (RFC 7517 §5). */
  jwks(): Promise<Jwks> {
    return this.idTokens.keys.jwks();
  }

  /** Answer `GET /.well-known/jwks.json`, cacheable for `oidcJwksMaxAgeSeconds` (DOT's headers). */
  async createJwksResponse(): Promise<OAuth2Response> {
    const age = this.options.oidcJwksMaxAgeSeconds;
    return publicJsonResponse(await this.jwks(), {
      'cache-control': `public, max-age=${age}, stale-while-revalidate=${age}, stale-if-error=${age}`,
    });
  }
}
