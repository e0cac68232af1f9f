import type { Context } from 'koa';

import { OAuthLibCore, type ErrorResponse } from '../backend.js';
import type {
  AuthorizationCredentials,
  OAuth2Client,
  OAuth2Error,
  OAuth2Response,
  RequestValidator,
  Server,
  ServerOptions,
  ValidatedAuthorization,
  VerifyResult,
} from '../oauth2/index.js';
import { OpenIDServer } from '../oauth2/openid/server.js';
import { oauth2Settings, settingsVersion } from '../settings/store.js';
import { endpointUrl, OAUTH2_ROUTES } from '../urls/paths.js';
import { OAuth2Validator } from '../validator.js';
import { deviceServerOptions } from '../views/device/paths.js';
import { oidcServerOptions } from '../views/oidc/paths.js';
import type { AbstractConstructor } from './types.js';

export type { ErrorResponse } from '../backend.js';

/** A protocol server class: the core's `Server` or a subclass (`WebApplicationServer`, the OIDC server, ...). */
export type ServerClass = new (validator: RequestValidator, options?: ServerOptions) => Server;
/** A validator class: `OAuth2Validator` or the app's subclass. */
export type ValidatorClass = new () => RequestValidator;
/** A backend class: `OAuthLibCore` or the app's subclass. */
export type BackendClass = new (server: Server) => OAuthLibCore;

/** What `OAuthLibMixin` adds to a view: thin wrappers over the cached `OAuthLibCore` (DOT's `OAuthLibMixin`). */
export interface OAuthLib {
  /** Return the view class's backend (`getOAuthLibCore()`). */
  oauthLibCore(): OAuthLibCore;
  /** Return the scopes required to access the resource; none by default. */
  getScopes(): readonly string[];
  /** Validate an authorization request (RFC 6749 §4.1.1); throws `OAuth2Error`. */
  validateAuthorizationRequest(ctx: Context): Promise<ValidatedAuthorization>;
  /** Answer the consent: the code/token redirect, or `access_denied` when `allow` is false; fatal errors throw. */
  createAuthorizationResponse(
    ctx: Context,
    scopes: readonly string[],
    credentials: AuthorizationCredentials,
    allow: boolean,
  ): Promise<OAuth2Response>;
  /** Answer a token request (RFC 6749 §3.2). */
  createTokenResponse(ctx: Context): Promise<OAuth2Response>;
  /** Answer a device authorization request (RFC 8628 §3.1). */
  createDeviceAuthorizationResponse(ctx: Context): Promise<OAuth2Response>;
  /** Answer a revocation request (RFC 7009). */
  createRevocationResponse(ctx: Context): Promise<OAuth2Response>;
  /** Answer an introspection request (RFC 7662). */
  createIntrospectResponse(ctx: Context): Promise<OAuth2Response>;
  /** Answer a UserInfo request (OIDC Core §5.3). */
  createUserinfoResponse(ctx: Context): Promise<OAuth2Response>;
  /** Verify the bearer token for `scopes` (default `getScopes()`), RFC 6750. */
  verifyRequest(ctx: Context, scopes?: readonly string[]): Promise<VerifyResult>;
  /** Return the client the request authenticates with its secret (Basic, then body), or null; throttled (429). */
  authenticateClient(ctx: Context): Promise<OAuth2Client | null>;
  /** Turn an `OAuth2Error` into a redirect or a status and body: the one place errors become answers. */
  errorResponse(error: OAuth2Error, application?: unknown): ErrorResponse;
}

/** The statics `OAuthLibMixin` adds to the view class (DOT's class attributes and classmethods). */
export interface OAuthLibClass {
  /** The server class; null means the `oauth2ServerClass` setting, then `OpenIDServer` (`Server` while OIDC is off). */
  readonly serverClass: ServerClass | null;
  /** The validator class; null means the `oauth2ValidatorClass` setting, then `OAuth2Validator`. */
  readonly validatorClass: ValidatorClass | null;
  /** The backend class; null means the `oauth2BackendClass` setting, then `OAuthLibCore`. */
  readonly oauthlibBackendClass: BackendClass | null;
  /** Return the server class to use. */
  getServerClass(): ServerClass;
  /** Return the validator class to use. */
  getValidatorClass(): ValidatorClass;
  /** Return the backend class to use. */
  getOAuthLibBackendClass(): BackendClass;
  /** Return a new server over a new validator, configured from the settings. */
  getServer(): Server;
  /** Return the backend of this class, built once per settings version (every time with `alwaysReloadOAuthLibCore`). */
  getOAuthLibCore(): OAuthLibCore;
}

// DOT's default: the OpenID server, which is exactly `Server` while `oidcEnabled` is off. It needs a validator that
// answers the OpenID questions too, as the default `OAuth2Validator` does.
const DEFAULT_SERVER_CLASS = OpenIDServer as unknown as ServerClass;

// One backend per view class and settings version, kept in a module WeakMap: no mutable static on the class.
const cores = new WeakMap<object, { version: number; core: OAuthLibCore }>();

/**
 * Return the `ServerOptions` the settings describe: the settings keys pass straight through (they are the
 * option names), plus the endpoint URLs built from `issuer` and DOT's route paths.
 */
export function serverOptionsFromSettings(): ServerOptions {
  const s = oauth2Settings();
  return {
    issuer: s.issuer,
    authorizationEndpoint: endpointUrl(s.issuer, OAUTH2_ROUTES.authorize.path),
    tokenEndpoint: endpointUrl(s.issuer, OAUTH2_ROUTES.token.path),
    revocationEndpoint: endpointUrl(s.issuer, OAUTH2_ROUTES.revokeToken.path),
    introspectionEndpoint: endpointUrl(s.issuer, OAUTH2_ROUTES.introspect.path),
    accessTokenExpireSeconds: s.accessTokenExpireSeconds,
    refreshTokenExpireSeconds: s.refreshTokenExpireSeconds,
    authorizationCodeExpireSeconds: s.authorizationCodeExpireSeconds,
    accessTokenGenerator: s.accessTokenGenerator,
    refreshTokenGenerator: s.refreshTokenGenerator,
    pkceRequired: s.pkceRequired,
    pkceCodeChallengeMethods: s.pkceCodeChallengeMethods,
    grantTypesSupported: s.grantTypesSupported,
    responseTypesSupported: s.responseTypesSupported,
    authorizationResponseIss: s.authorizationResponseIss,
    bearerTokenLocations: s.bearerTokenLocations,
    rotateRefreshToken: s.rotateRefreshToken,
    refreshTokenReuseProtection: s.refreshTokenReuseProtection,
    refreshTokenGracePeriodSeconds: s.refreshTokenGracePeriodSeconds,
    scopes: s.scopes,
    defaultScopes: s.defaultScopes,
    ...oidcServerOptions(),
    ...deviceServerOptions(),
  };
}

/**
 * Decouple a view from the protocol core (DOT's `OAuthLibMixin`): name `serverClass`, `validatorClass` and
 * `oauthlibBackendClass` as statics, or leave them null to use the settings. The backend is cached per view
 * class in a module `WeakMap` and rebuilt when the settings change.
 *
 * @example
 * class MyTokenView extends OAuthLibMixin(View) {
 *   static override readonly validatorClass = MyValidator;
 *   async post() { writeResponse(this.ctx, await this.createTokenResponse(this.ctx)); }
 * }
 */
export function OAuthLibMixin<TBase extends AbstractConstructor>(Base: TBase) {
  abstract class OAuthLibView extends Base implements OAuthLib {
    static readonly serverClass: ServerClass | null = null;
    static readonly validatorClass: ValidatorClass | null = null;
    static readonly oauthlibBackendClass: BackendClass | null = null;

    static getServerClass(): ServerClass {
      return this.serverClass ?? (oauth2Settings().oauth2ServerClass as ServerClass | null) ?? DEFAULT_SERVER_CLASS;
    }

    static getValidatorClass(): ValidatorClass {
      return this.validatorClass ?? (oauth2Settings().oauth2ValidatorClass as ValidatorClass | null) ?? OAuth2Validator;
    }

    static getOAuthLibBackendClass(): BackendClass {
      return this.oauthlibBackendClass ?? (oauth2Settings().oauth2BackendClass as BackendClass | null) ?? OAuthLibCore;
    }

    static getServer(): Server {
      const ServerCls = this.getServerClass();
      const ValidatorCls = this.getValidatorClass();
      return new ServerCls(new ValidatorCls(), serverOptionsFromSettings());
    }

    static getOAuthLibCore(): OAuthLibCore {
      const build = (): OAuthLibCore => new (this.getOAuthLibBackendClass())(this.getServer());
      if (oauth2Settings().alwaysReloadOAuthLibCore) return build();
      const version = settingsVersion();
      const hit = cores.get(this);
      if (hit && hit.version === version) return hit.core;
      const core = build();
      cores.set(this, { version, core });
      return core;
    }

    oauthLibCore(): OAuthLibCore {
      return (this.constructor as unknown as OAuthLibClass).getOAuthLibCore();
    }

    getScopes(): readonly string[] {
      return [];
    }

    validateAuthorizationRequest(ctx: Context): Promise<ValidatedAuthorization> {
      return this.oauthLibCore().validateAuthorizationRequest(ctx);
    }

    createAuthorizationResponse(
      ctx: Context,
      scopes: readonly string[],
      credentials: AuthorizationCredentials,
      allow: boolean,
    ): Promise<OAuth2Response> {
      return this.oauthLibCore().createAuthorizationResponse(ctx, scopes, credentials, allow);
    }

    createTokenResponse(ctx: Context): Promise<OAuth2Response> {
      return this.oauthLibCore().createTokenResponse(ctx);
    }

    createDeviceAuthorizationResponse(ctx: Context): Promise<OAuth2Response> {
      return this.oauthLibCore().createDeviceAuthorizationResponse(ctx);
    }

    createRevocationResponse(ctx: Context): Promise<OAuth2Response> {
      return this.oauthLibCore().createRevocationResponse(ctx);
    }

    createIntrospectResponse(ctx: Context): Promise<OAuth2Response> {
      return this.oauthLibCore().createIntrospectResponse(ctx);
    }

    createUserinfoResponse(ctx: Context): Promise<OAuth2Response> {
      return this.oauthLibCore().createUserinfoResponse(ctx);
    }

    verifyRequest(ctx: Context, scopes: readonly string[] = this.getScopes()): Promise<VerifyResult> {
      return this.oauthLibCore().verifyRequest(ctx, scopes);
    }

    authenticateClient(ctx: Context): Promise<OAuth2Client | null> {
      return this.oauthLibCore().authenticateClient(ctx);
    }

    errorResponse(error: OAuth2Error, _application?: unknown): ErrorResponse {
      return this.oauthLibCore().errorResponse(error);
    }
  }
  return OAuthLibView as TBase & AbstractConstructor<OAuthLib> & OAuthLibClass;
}
