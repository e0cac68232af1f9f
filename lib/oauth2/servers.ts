import { DEVICE_CODE_GRANT_TYPE } from './device/records.js';
import { AuthorizationEndpointMixin } from './endpoints/authorization.js';
import { DeviceAuthorizationEndpointMixin } from './endpoints/device-authorization.js';
import { IntrospectEndpointMixin } from './endpoints/introspect.js';
import { MetadataEndpointMixin, type EnabledFeatures } from './endpoints/metadata.js';
import { ResourceEndpointMixin } from './endpoints/resource.js';
import { RevocationEndpointMixin } from './endpoints/revocation.js';
import { TokenEndpointMixin } from './endpoints/token.js';
import type { AuthorizationGrant } from './grants/authorization-base.js';
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
import { hasResponseValue, sameResponseType } from './response-type.js';

/** Which flows a server composition can serve (oauthlib's pre-configured servers, §11.2). */
export interface ServerFlows {
  /** `code`, `token`, and for `OpenIDServer` the OIDC response types. */
  readonly responseTypes: readonly string[];
  readonly grantTypes: readonly Exclude<GrantTypeName, 'implicit'>[];
  readonly tokenTypes: readonly TokenTypeHint[];
}

/**
 * What a server composition is made of, before its endpoints: the validator, the options, and the grants and
 * features its flows enable, under the names its endpoints read (oauthlib: what each endpoint's `__init__` sets).
 */
export abstract class ServerState {
  /** Every flow this composition can serve; subclasses narrow it. */
  static readonly flows: ServerFlows = {
    responseTypes: ['code', 'token'],
    grantTypes: ['authorization_code', 'password', 'client_credentials', 'refresh_token', DEVICE_CODE_GRANT_TYPE],
    tokenTypes: ['access_token', 'refresh_token'],
  };

  readonly options: ResolvedServerOptions;
  /** Every grant handler of the composition, enabled or not, keyed by name; OIDC adds hooks and modifiers here. */
  readonly grants: ReadonlyMap<string, GrantTypeBase>;
  /** The enabled token grants by `grant_type` (the token endpoint's). */
  readonly grantTypes: ReadonlyMap<string, TokenGrant>;
  /** The enabled authorization grants by `response_type`, and the one that answers any other (the authorization endpoint's). */
  readonly responseTypes: ReadonlyMap<string, AuthorizationGrant>;
  readonly defaultGrant: AuthorizationGrant | null;
  /** The token types revocation and introspection serve. */
  readonly supportedTokenTypes: readonly TokenTypeHint[];
  /** What the metadata document lists. */
  readonly features: EnabledFeatures;

  constructor(
    readonly validator: RequestValidator,
    options: ServerOptions = {},
  ) {
    const flows = (new.target as typeof ServerState).flows;
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
    this.grantTypes = grantTypes;
    this.responseTypes = responseTypes;
    this.defaultGrant = responseTypes.values().next().value ?? null;
    this.supportedTokenTypes = flows.tokenTypes;
    const enabledGrantTypes = [...grantTypes.keys()];
    // Every response type but `code` returns something from the authorization endpoint (OIDC Discovery §3).
    if ([...responseTypes.keys()].some((type) => type !== 'code')) enabledGrantTypes.push('implicit');
    this.features = {
      responseTypes: [...responseTypes.keys()],
      grantTypes: enabledGrantTypes,
      revocation: true,
      introspection: true,
    };
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
}

/**
 * All endpoints over one validator: authorization, token, resource, revocation, introspection, metadata and device
 * authorization
 * (oauthlib `Server`). As oauthlib's, it inherits from its endpoints: `createTokenResponse`, `verifyRequest` and
 * the others are the endpoints' own methods, which a subclass overrides. The options decide which of the
 * composition's flows are enabled.
 *
 * @example
 * const server = new WebApplicationServer(new OAuth2Validator(), { issuer: 'https://as.example' });
 * const response = await server.createTokenResponse({ uri, httpMethod: 'POST', headers, body });
 */
export class Server extends DeviceAuthorizationEndpointMixin(
  MetadataEndpointMixin(
    IntrospectEndpointMixin(
      RevocationEndpointMixin(ResourceEndpointMixin(TokenEndpointMixin(AuthorizationEndpointMixin(ServerState)))),
    ),
  ),
) {}

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
