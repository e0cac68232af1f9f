import { clientCorsHeaders } from '../cors.js';
import { InvalidScopeError, UnauthorizedClientError } from '../errors.js';
import type { ResolvedServerOptions } from '../options.js';
import type { BearerToken, CodeLookup, RefreshTokenLookup } from '../records.js';
import type { RequestValidator } from '../request-validator.js';
import type { OAuth2Request } from '../request.js';
import { joinScope, scopesWellFormed, splitScope } from '../scopes.js';
import { jsonResponse, type OAuth2Response } from '../response.js';
import { createBearerToken, tokenLifetimes } from '../tokens.js';

/** A custom validator run at a fixed point of validation; it may throw an `OAuth2Error` or return extra info. */
export type GrantHook = (request: OAuth2Request) => Promise<Record<string, unknown> | void>;

/** Change a token response before it is saved (OIDC adds `id_token` here). */
export type TokenModifier = (token: BearerToken, request: OAuth2Request) => Promise<BearerToken>;

/** Change the authorization response parameters (`code`, `state`) before the code is saved. */
export type CodeModifier = (grant: Record<string, string>, request: OAuth2Request) => Promise<Record<string, string>>;

/** oauthlib's `custom_validators`: hooks before and after the built-in checks of each endpoint. */
export interface GrantHooks {
  preAuth: GrantHook[];
  postAuth: GrantHook[];
  preToken: GrantHook[];
  postToken: GrantHook[];
}

/** What every grant handler shares: the validator, the options, the hooks and modifiers (oauthlib `GrantTypeBase`). */
export abstract class GrantTypeBase {
  /** Custom validators, run in order; OIDC appends to `postAuth`. */
  readonly customValidators: GrantHooks = { preAuth: [], postAuth: [], preToken: [], postToken: [] };
  /** Token modifiers, run in order before the token is saved. */
  readonly tokenModifiers: TokenModifier[] = [];
  /** Code modifiers, run in order before the code is saved. */
  readonly codeModifiers: CodeModifier[] = [];

  constructor(
    readonly validator: RequestValidator,
    readonly options: ResolvedServerOptions,
  ) {}

  /** Run hooks in order and merge what they return (OIDC returns its request info from `postAuth`). */
  async runHooks(hooks: readonly GrantHook[], request: OAuth2Request): Promise<Record<string, unknown>> {
    const info: Record<string, unknown> = {};
    for (const hook of hooks) Object.assign(info, await hook(request));
    return info;
  }

  /** Run the token modifiers in order. */
  async modifyToken(token: BearerToken, request: OAuth2Request): Promise<BearerToken> {
    let result = token;
    for (const modifier of this.tokenModifiers) result = await modifier(result, request);
    return result;
  }

  /** Whether this server hands out refresh tokens at all (the `refresh_token` grant is enabled). */
  get issuesRefreshTokens(): boolean {
    return this.options.grantTypesSupported.includes('refresh_token');
  }

  /** Create a bearer token (with a refresh token as `refresh` says), run the token modifiers, and save it. */
  async issueToken(request: OAuth2Request, refresh: { issue: boolean; reuse?: string | null }): Promise<BearerToken> {
    const token = await this.modifyToken(await createBearerToken(request, this.options, refresh), request);
    await this.validator.saveBearerToken(token, request, tokenLifetimes(this.options, refresh.issue));
    return token;
  }

  /** Ask whether the client may use this grant type (RFC 6749 §5.2 `unauthorized_client`). */
  async validateGrantType(request: OAuth2Request, grantType: string): Promise<void> {
    const client = request.client;
    // Client authentication always runs first and sets the client; without one nobody may use the grant.
    if (client === null || !(await this.validator.validateGrantType(client.clientId, grantType, client, request))) {
      throw new UnauthorizedClientError(`Client is not authorized to use the ${grantType} grant type.`);
    }
  }

  /** Apply the default scopes when none were requested, then validate them: well-formed and allowed (RFC 6749 §3.3). */
  async validateScopes(request: OAuth2Request): Promise<void> {
    const clientId = request.clientId ?? '';
    if (request.scopes.length === 0) {
      request.scopes = this.validator.getDefaultScopes
        ? await this.validator.getDefaultScopes(clientId, request)
        : this.options.defaultScopes;
    }
    const client = request.client;
    if (
      !scopesWellFormed(request.scopes) ||
      client === null ||
      !(await this.validator.validateScopes(clientId, request.scopes, client, request))
    ) {
      throw new InvalidScopeError('The requested scope is invalid, unknown, or malformed.', { state: request.state });
    }
    request.scopes = splitScope(joinScope(request.scopes)); // canonical from here on: a hook may repeat a scope
  }

  /** Answer a successful token request: JSON with `no-store`, plus CORS when `cors` and the origin is allowed. */
  async tokenResponse(token: BearerToken, request: OAuth2Request, cors: boolean): Promise<OAuth2Response> {
    return jsonResponse(200, token, cors ? await this.corsHeaders(request) : {});
  }

  /** Return CORS headers for an `Origin` the client allows (oauthlib `_create_cors_headers`, the validator's rule). */
  corsHeaders(request: OAuth2Request): Promise<Record<string, string>> {
    return clientCorsHeaders(this.validator, request);
  }
}

/** A handler of one `grant_type` at the token endpoint. */
export interface TokenGrant {
  /** Validate the token request in oauthlib's order, then issue and save the token. */
  createTokenResponse(request: OAuth2Request): Promise<OAuth2Response>;
}

/**
 * Return whether a lookup found a code or refresh token issued to `clientId` (RFC 6749 §4.1.3, §6, §10.5). Checked
 * before anything else, so that another client's code or token, replayed or not, is `invalid_grant` with no side
 * effect: replay detection and family revocation are for the owning client only.
 */
export function isBoundTo<L extends CodeLookup | RefreshTokenLookup>(
  lookup: L,
  clientId: string,
): lookup is Exclude<L, { status: 'invalid' }> {
  if (lookup.status === 'invalid') return false;
  return (lookup.status === 'replayed' ? lookup.clientId : lookup.record.clientId) === clientId;
}
