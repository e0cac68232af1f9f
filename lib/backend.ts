import { RequestContext, type EntityManager } from '@mikro-orm/core';
import createDebug from 'debug';
import type { Context } from 'koa';

import { readFormBody } from './backend/form-body.js';
import { ImproperlyConfigured } from './errors.js';
import {
  errorFields,
  errorRedirectResponse,
  extractClientCredentials,
  jsonResponse,
  OAuth2Error,
  OAuth2Request,
  presentsClientSecret,
  TooManyRequestsError,
  bearerErrorResponse,
  type AuthorizationCredentials,
  type OAuth2Client,
  type OAuth2RequestInit,
  type OAuth2Response,
  type Server,
  type ValidatedAuthorization,
  type VerifyResult,
} from './oauth2/index.js';
import { requestState } from './request-state.js';
import { getOrm, oauth2Settings } from './settings/store.js';
import type { ManagementValidator } from './validator/management-api.js';
import type { ViewValidator } from './validator/view-lookups.js';

const debug = createDebug('koa-oauth-toolkit:backend');

/** Every question above the core: the views' (`ViewValidator`) and the management pages' (`ManagementValidator`). */
export type BridgeValidator = ViewValidator & ManagementValidator;

/** What a view does with an `OAuth2Error`: redirect the user agent to the client, or answer here. */
export type ErrorResponse =
  | { readonly redirect: true; readonly url: string }
  | { readonly redirect: false; readonly status: number; readonly body: ErrorBody };

/** The JSON fields of an error answer (RFC 6749 §5.2). */
export interface ErrorBody {
  readonly error: string;
  readonly error_description?: string;
  readonly error_uri?: string;
}

/**
 * Return the request's EntityManager, the first found of: `ctx.state.em`, else MikroORM's `RequestContext`, else a
 * fork of the configured ORM's EM that keeps any open transaction context, made once and kept on the request's
 * state (never across requests). Returns undefined when no ORM is configured, so that an app's own validator that
 * needs no ORM still works.
 */
export function requestEntityManager(ctx: Context): EntityManager | undefined {
  const fromState: unknown = ctx.state['em'];
  if (fromState) return fromState as EntityManager;
  const fromContext = RequestContext.getEntityManager();
  if (fromContext) return fromContext;
  const state = requestState(ctx);
  if (state.forkedEm) return state.forkedEm;
  let fork: EntityManager;
  try {
    fork = getOrm().em.fork({ keepTransactionContext: true });
  } catch (error) {
    if (!(error instanceof ImproperlyConfigured)) throw error;
    debug('no ORM configured: the core request carries no EntityManager');
    return undefined;
  }
  state.forkedEm = fork;
  return fork;
}

/** Return the answer to an `OAuth2Error` (DOT's `error_response`): a redirect when allowed, else status and body. */
export function oauth2ErrorResponse(error: OAuth2Error, iss: string | null = null): ErrorResponse {
  const redirect = errorRedirectResponse(error, iss);
  if (redirect !== null) return { redirect: true, url: redirect.headers['location'] ?? '' };
  const body: ErrorBody = { ...errorFields(error), error: error.error };
  return { redirect: false, status: error.status, body };
}

/**
 * Copy a core response onto Koa's context: body, status, then headers (`Vary` is appended, never replaced). An
 * empty body keeps no Content-Type unless the core gave one.
 */
export function writeResponse(ctx: Context, response: OAuth2Response): void {
  ctx.body = response.body;
  ctx.status = response.status;
  for (const [name, value] of Object.entries(response.headers)) {
    if (name.toLowerCase() === 'vary') ctx.vary(value);
    else ctx.set(name, value);
  }
  if (response.body === '' && !('content-type' in response.headers)) ctx.remove('Content-Type');
}

/**
 * The bridge between Koa and the protocol core (DOT's `OAuthLibCore`): builds the core request from `ctx` (absolute
 * URI, method, headers, the raw form body, the request's EntityManager as `session`, `ctx.ip` as the client's
 * address) and returns the core's response untouched; `writeResponse()` copies it to Koa. It writes nothing to
 * `ctx` itself.
 *
 * @example
 * class AuditedBackend extends OAuthLibCore {
 *   override getExtraCredentials(ctx: Context) { return { tenant: ctx.state.tenant }; }
 * }
 * configure({ orm, oauth2BackendClass: AuditedBackend });
 */
export class OAuthLibCore {
  constructor(readonly server: Server) {}

  /** Build the core request from `ctx`; the form body is read raw (see `readFormBody`) unless `body` is false. */
  async extractRequest(ctx: Context, { body = true }: { body?: boolean } = {}): Promise<OAuth2RequestInit> {
    return {
      uri: ctx.href,
      httpMethod: ctx.method,
      headers: ctx.headers,
      body: body ? await readFormBody(ctx) : null,
      session: requestEntityManager(ctx),
      context: ctx,
      requestState: requestState(ctx),
      clientAddress: ctx.ip,
    };
  }

  /** Return extra fields to merge into a token response (DOT's `_get_extra_credentials`); none by default. */
  getExtraCredentials(_ctx: Context): Readonly<Record<string, unknown>> | null {
    return null;
  }

  /** Validate an authorization request (RFC 6749 §4.1.1); throws the core's `OAuth2Error`. */
  async validateAuthorizationRequest(ctx: Context): Promise<ValidatedAuthorization> {
    // The session user and login time: OIDC `prompt=none`, `id_token_hint` and `max_age` are judged against them.
    const settings = oauth2Settings();
    const authTime = settings.getAuthTime(ctx);
    return this.server.validateAuthorizationRequest({
      ...(await this.extractRequest(ctx)),
      user: settings.getUser(ctx) ?? null,
      authTime: authTime === null ? null : Math.floor(authTime.getTime() / 1000),
    });
  }

  /**
   * Answer the consent (RFC 6749 §4.1.2): the code or token redirect when `allow`, else the `access_denied`
   * redirect. The credentials come back from the consent form; the user, `auth_time` and `acr` default to the
   * settings' hooks. The body is not read: the consent form's fields travel in `credentials`. Fatal errors throw.
   */
  async createAuthorizationResponse(
    ctx: Context,
    scopes: readonly string[],
    credentials: Partial<AuthorizationCredentials>,
    allow: boolean,
  ): Promise<OAuth2Response> {
    const init = await this.extractRequest(ctx, { body: false });
    if (!allow) return this.server.createDenialResponse(init, credentials);
    const settings = oauth2Settings();
    const authTime = credentials.authTime !== undefined ? credentials.authTime : settings.getAuthTime(ctx);
    const full: Partial<AuthorizationCredentials> = {
      ...credentials,
      user: credentials.user ?? settings.getUser(ctx),
      authTime: authTime instanceof Date ? Math.floor(authTime.getTime() / 1000) : authTime,
    };
    return this.server.createAuthorizationResponse(init, scopes, full);
  }

  /** Answer a token request (RFC 6749 §3.2). */
  async createTokenResponse(ctx: Context): Promise<OAuth2Response> {
    return this.withBody(ctx, (init) => this.server.createTokenResponse(init, this.getExtraCredentials(ctx)));
  }

  /** Answer a device authorization request (RFC 8628 §3.1; DOT's `create_device_authorization_response`). */
  async createDeviceAuthorizationResponse(ctx: Context): Promise<OAuth2Response> {
    return this.withBody(ctx, (init) => this.server.createDeviceAuthorizationResponse(init));
  }

  /** Answer a revocation request (RFC 7009). */
  async createRevocationResponse(ctx: Context): Promise<OAuth2Response> {
    return this.withBody(ctx, (init) => this.server.createRevocationResponse(init));
  }

  /** Answer an introspection request (RFC 7662). */
  async createIntrospectResponse(ctx: Context): Promise<OAuth2Response> {
    return this.withBody(ctx, (init) => this.server.createIntrospectResponse(init));
  }

  /** Answer a UserInfo request (OIDC Core §5.3) with a server that has one (the OpenID Connect server). */
  async createUserinfoResponse(ctx: Context): Promise<OAuth2Response> {
    const server = this.server as Server & {
      createUserinfoResponse?(init: OAuth2RequestInit): Promise<OAuth2Response>;
    };
    if (typeof server.createUserinfoResponse !== 'function') {
      throw new ImproperlyConfigured(
        `${server.constructor.name} has no UserInfo endpoint: enable OpenID Connect (oidcEnabled) or set an ` +
          'oauth2ServerClass that implements createUserinfoResponse()',
      );
    }
    return this.withBody(ctx, (init) => server.createUserinfoResponse!(init));
  }

  /** Answer the RFC 8414 metadata request. */
  createMetadataResponse(): OAuth2Response {
    return this.server.createMetadataResponse();
  }

  /**
   * Verify the bearer token of the request for `scopes` (RFC 6750). A body that cannot be read is answered like
   * any other malformed request (`invalid_request`, 413 when too large); `body: false` looks at the header and
   * query only and leaves the stream unread (for app-wide middleware).
   */
  async verifyRequest(
    ctx: Context,
    scopes: readonly string[] = [],
    { body = true }: { body?: boolean } = {},
  ): Promise<VerifyResult> {
    let init: OAuth2RequestInit;
    try {
      init = await this.extractRequest(ctx, { body });
    } catch (error) {
      if (!(error instanceof OAuth2Error)) throw error;
      return { valid: false, request: null, error, response: bearerErrorResponse(error, this.server.options.realm) };
    }
    return this.server.verifyRequest(init, scopes);
  }

  /**
   * Return the client authenticated by its secret (HTTP Basic, else `client_id` + `client_secret` in the body),
   * or null; a public client cannot pass (DOT's `authenticate_client`, RFC 6749 §2.3.1). The request's state then
   * holds the client (`authenticatedClient`) and whether any secret credentials were presented, parsed once.
   * @throws TooManyRequestsError while the client or the address is blocked after too many failures
   */
  async authenticateClient(ctx: Context): Promise<OAuth2Client | null> {
    const state = requestState(ctx);
    state.authenticatedClient = null;
    state.presentsClientCredentials = false;
    try {
      const request = OAuth2Request.parse(await this.extractRequest(ctx));
      state.presentsClientCredentials = presentsClientSecret(request);
      const credentials = extractClientCredentials(request);
      if (credentials === null) return null;
      state.authenticatedClient = await this.server.validator.authenticateClient(credentials, request);
      return state.authenticatedClient;
    } catch (error) {
      if (error instanceof OAuth2Error && !(error instanceof TooManyRequestsError)) return null;
      throw error;
    }
  }

  /**
   * Return the validator for a question a view, the CORS rule or an event asks it (`ViewValidator`, and the
   * management pages' `ManagementValidator`), on top of the
   * core's: the one way to storage above the core.
   * @throws ImproperlyConfigured when the configured validator does not answer `method`
   */
  viewValidator(method: keyof BridgeValidator): BridgeValidator {
    const validator = this.server.validator as Partial<BridgeValidator>;
    if (typeof validator[method] !== 'function') {
      throw new ImproperlyConfigured(
        `${validator.constructor.name} has no ${method}(): extend OAuth2Validator, or implement ${method}() (ViewValidator, ManagementValidator)`,
      );
    }
    return validator as BridgeValidator;
  }

  /**
   * Return a bodyless core request on the request's session, for a `ViewValidator` question: the EntityManager and
   * `ctx` travel on it as on every core request. The query is left out: no question needs it, and a malformed one
   * was answered already.
   */
  async lookupRequest(ctx: Context): Promise<OAuth2Request> {
    const init = await this.extractRequest(ctx, { body: false });
    return OAuth2Request.parse({ ...init, uri: `${ctx.origin}${ctx.path}` });
  }

  /** Return the answer to an `OAuth2Error`, with `iss` on redirects when the server adds it (RFC 9207). */
  errorResponse(error: OAuth2Error): ErrorResponse {
    return oauth2ErrorResponse(error, this.server.iss);
  }

  /** Build the request with its body and run `handler`; an unreadable body is answered as `invalid_request` JSON. */
  async withBody(ctx: Context, handler: (init: OAuth2RequestInit) => Promise<OAuth2Response>): Promise<OAuth2Response> {
    let init: OAuth2RequestInit;
    try {
      init = await this.extractRequest(ctx);
    } catch (error) {
      if (!(error instanceof OAuth2Error)) throw error;
      return jsonResponse(error.status, errorFields(error));
    }
    return handler(init);
  }
}
