import { DEVICE_CODE_GRANT_TYPE } from './device/records.js';
import { AuthorizationEndpoint, type ValidatedAuthorization } from './endpoints/authorization.js';
import { DeviceAuthorizationEndpoint } from './endpoints/device-authorization.js';
import { IntrospectEndpoint } from './endpoints/introspect.js';
import { MetadataEndpoint } from './endpoints/metadata.js';
import { ResourceEndpoint, type VerifyResult } from './endpoints/resource.js';
import { RevocationEndpoint } from './endpoints/revocation.js';
import { TokenEndpoint } from './endpoints/token.js';
import type { AuthorizationCredentials, AuthorizationGrant } from './grants/authorization-base.js';
import { AuthorizationCodeGrant } from './grants/authorization-code.js';
import type { GrantTypeBase, TokenGrant } from './grants/base.js';
import { ClientCredentialsGrant } from './grants/client-credentials.js';
import { DeviceCodeGrant } from './grants/device-code.js';
import { ImplicitGrant } from './grants/implicit.js';
import { ResourceOwnerPasswordCredentialsGrant } from './grants/password.js';
import { RefreshTokenGrant } from './grants/refresh-token.js';
import { resolveOptions, type GrantTypeName, type ResolvedServerOptions, type ServerOptions } from './options.js';
import type { TokenTypeHint } from './records.js';
import type { RequestValidator } from './request-validator.js';
import type { OAuth2RequestInit } from './request.js';
import { hasResponseValue, sameResponseType } from './response-type.js';
import type { OAuth2Response } from './response.js';

/** Which flows a server composition can serve (oauthlib's pre-configured servers, §11.2). */
export interface ServerFlows {
  /** `code`, `token`, and for `OpenIDServer` the OIDC response types. */
  readonly responseTypes: readonly string[];
  readonly grantTypes: readonly Exclude<GrantTypeName, 'implicit'>[];
  readonly tokenTypes: readonly TokenTypeHint[];
}

/**
 * All endpoints over one validator: authorization, token, resource, revocation, introspection and metadata
 * (oauthlib `Server`). The options decide which of the composition's flows are enabled.
 *
 * @example
 * const server = new WebApplicationServer(new OAuth2Validator(), { issuer: 'https://as.example' });
 * const response = await server.createTokenResponse({ uri, httpMethod: 'POST', headers, body });
 */
export class Server {
  /** Every flow this composition can serve; subclasses narrow it. */
  static readonly flows: ServerFlows = {
    responseTypes: ['code', 'token'],
    grantTypes: ['authorization_code', 'password', 'client_credentials', 'refresh_token', DEVICE_CODE_GRANT_TYPE],
    tokenTypes: ['access_token', 'refresh_token'],
  };

  readonly options: ResolvedServerOptions;
  /** Every grant handler of the composition, enabled or not, keyed by name; OIDC adds hooks and modifiers here. */
  readonly grants: ReadonlyMap<string, GrantTypeBase>;
  readonly authorization: AuthorizationEndpoint;
  readonly token: TokenEndpoint;
  readonly resource: ResourceEndpoint;
  readonly revocation: RevocationEndpoint;
  readonly introspect: IntrospectEndpoint;
  readonly metadataEndpoint: MetadataEndpoint;
  /** The device authorization endpoint (RFC 8628 §3.1); it refuses every request while the device grant is off. */
  readonly deviceAuthorization: DeviceAuthorizationEndpoint;

  constructor(
    readonly validator: RequestValidator,
    options: ServerOptions = {},
  ) {
    const flows = (new.target as typeof Server).flows;
    const o = resolveOptions(options);
    this.options = o;
    const code = new AuthorizationCodeGrant(validator, o);
    const all: Record<string, GrantTypeBase> = {
      authorization_code: code,
      implicit: new ImplicitGrant(validator, o),
      password: new ResourceOwnerPasswordCredentialsGrant(validator, o),
      client_credentials: new ClientCredentialsGrant(validator, o),
      refresh_token: new RefreshTokenGrant(validator, o),
      [DEVICE_CODE_GRANT_TYPE]: new DeviceCodeGrant(validator, o),
    };
    const grants = new Map<string, GrantTypeBase>();
    const grantTypes = new Map<string, TokenGrant>();
    for (const name of flows.grantTypes) {
      const grant = all[name] as GrantTypeBase & TokenGrant;
      grants.set(name, grant);
      if (o.grantTypesSupported.includes(name)) grantTypes.set(name, grant);
    }
    const responseTypes = new Map<string, AuthorizationGrant>();
    const byType = this.authorizationGrants(code, all.implicit as ImplicitGrant);
    for (const type of flows.responseTypes) {
      const grant = byType[type];
      if (grant === undefined) continue;
      if (type === 'token') grants.set('implicit', grant);
      // A code is useless unless the authorization_code grant is enabled too.
      const enabled =
        o.responseTypesSupported.some((supported) => sameResponseType(supported, type)) &&
        (!hasResponseValue(type, 'code') || grantTypes.has('authorization_code'));
      if (enabled) responseTypes.set(type, grant);
    }
    this.grants = grants;
    this.authorization = new AuthorizationEndpoint(responseTypes, responseTypes.values().next().value ?? null, o);
    this.token = new TokenEndpoint(grantTypes, o);
    this.resource = new ResourceEndpoint(validator, o);
    this.revocation = new RevocationEndpoint(validator, o, flows.tokenTypes);
    this.introspect = new IntrospectEndpoint(validator, o, flows.tokenTypes);
    this.deviceAuthorization = new DeviceAuthorizationEndpoint(
      (grantTypes.get(DEVICE_CODE_GRANT_TYPE) as DeviceCodeGrant | undefined) ?? null,
      o,
    );
    const enabledGrantTypes = [...grantTypes.keys()];
    // Every response type but `code` returns something from the authorization endpoint (OIDC Discovery §3).
    if ([...responseTypes.keys()].some((type) => type !== 'code')) enabledGrantTypes.push('implicit');
    this.metadataEndpoint = new MetadataEndpoint(o, {
      responseTypes: [...responseTypes.keys()],
      grantTypes: enabledGrantTypes,
      revocation: true,
      introspection: true,
    });
  }

  /**
   * Return the grant serving each response type; called once by the constructor (after `options` and
   * `validator` are set), so `OpenIDServer` can add its response types.
   */
  protected authorizationGrants(
    code: AuthorizationCodeGrant,
    implicit: ImplicitGrant,
  ): Record<string, AuthorizationGrant> {
    return { code, token: implicit };
  }

  /** Validate an authorization request (see `AuthorizationEndpoint.validateAuthorizationRequest`). */
  validateAuthorizationRequest(init: OAuth2RequestInit): Promise<ValidatedAuthorization> {
    return this.authorization.validateAuthorizationRequest(init);
  }

  /** Issue the approved code or token as a 302 (see `AuthorizationEndpoint.createAuthorizationResponse`). */
  createAuthorizationResponse(
    init: OAuth2RequestInit,
    scopes: readonly string[],
    credentials: Partial<AuthorizationCredentials>,
  ): Promise<OAuth2Response> {
    return this.authorization.createAuthorizationResponse(init, scopes, credentials);
  }

  /** Redirect the user's refusal as `access_denied` (see `AuthorizationEndpoint.createDenialResponse`). */
  createDenialResponse(
    init: OAuth2RequestInit,
    credentials: Partial<AuthorizationCredentials>,
  ): Promise<OAuth2Response> {
    return this.authorization.createDenialResponse(init, credentials);
  }

  /** Answer a token request (see `TokenEndpoint.createTokenResponse`). */
  createTokenResponse(
    init: OAuth2RequestInit,
    extraCredentials: Readonly<Record<string, unknown>> | null = null,
  ): Promise<OAuth2Response> {
    return this.token.createTokenResponse(init, extraCredentials);
  }

  /** Verify a bearer token for `scopes` (see `ResourceEndpoint.verifyRequest`). */
  verifyRequest(init: OAuth2RequestInit, scopes: readonly string[]): Promise<VerifyResult> {
    return this.resource.verifyRequest(init, scopes);
  }

  /** Answer a revocation request (RFC 7009). */
  createRevocationResponse(init: OAuth2RequestInit): Promise<OAuth2Response> {
    return this.revocation.createRevocationResponse(init);
  }

  /** Answer an introspection request (RFC 7662). */
  createIntrospectResponse(init: OAuth2RequestInit): Promise<OAuth2Response> {
    return this.introspect.createIntrospectResponse(init);
  }

  /** Answer a device authorization request (RFC 8628 §3.1; see `DeviceAuthorizationEndpoint`). */
  createDeviceAuthorizationResponse(init: OAuth2RequestInit): Promise<OAuth2Response> {
    return this.deviceAuthorization.createDeviceAuthorizationResponse(init);
  }

  /** Answer the RFC 8414 metadata request. */
  createMetadataResponse(): OAuth2Response {
    return this.metadataEndpoint.createMetadataResponse();
  }
}

/** Authorization code and refresh token grants: confidential web apps (oauthlib `WebApplicationServer`). */
export class WebApplicationServer extends Server {
  static override readonly flows: ServerFlows = {
    responseTypes: ['code'],
    grantTypes: ['authorization_code', 'refresh_token'],
    tokenTypes: ['access_token', 'refresh_token'],
  };
}

/** The implicit grant only (oauthlib `MobileApplicationServer`); revocation and introspection see access tokens. */
export class MobileApplicationServer extends Server {
  static override readonly flows: ServerFlows = {
    responseTypes: ['token'],
    grantTypes: [],
    tokenTypes: ['access_token'],
  };
}

/** Password and refresh token grants (oauthlib `LegacyApplicationServer`). */
export class LegacyApplicationServer extends Server {
  static override readonly flows: ServerFlows = {
    responseTypes: [],
    grantTypes: ['password', 'refresh_token'],
    tokenTypes: ['access_token', 'refresh_token'],
  };
}

/**
 * The device authorization grant and refresh tokens (oauthlib `DeviceApplicationServer`, RFC 8628): the device
 * authorization endpoint and the token endpoint's device-code grant, for input-constrained clients.
 */
export class DeviceApplicationServer extends Server {
  static override readonly flows: ServerFlows = {
    responseTypes: [],
    grantTypes: [DEVICE_CODE_GRANT_TYPE, 'refresh_token'],
    tokenTypes: ['access_token', 'refresh_token'],
  };
}

/** The client credentials grant only (oauthlib `BackendApplicationServer`). */
export class BackendApplicationServer extends Server {
  static override readonly flows: ServerFlows = {
    responseTypes: [],
    grantTypes: ['client_credentials'],
    tokenTypes: ['access_token', 'refresh_token'],
  };
} // c8 maps esbuild's trailing `export { ... }` onto this brace; no code runs on this line.
