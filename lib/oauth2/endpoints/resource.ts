import { InsufficientScopeError, InvalidRequestError, InvalidTokenError, OAuth2Error } from '../errors.js';
import type { ResolvedServerOptions } from '../options.js';
import { OAuth2Request, type OAuth2RequestInit } from '../request.js';
import type { OAuth2Response } from '../response.js';
import { scopesCover } from '../scopes.js';
import { bearerErrorResponse } from '../serialize.js';
import { ValidatorEndpointState, type AbstractConstructor, type ValidatorHost } from './base.js';

/** RFC 6750 §2.1 `b64token`. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** The outcome of checking a bearer token: the request (with `accessToken`, `user`, `scopes`) or the error answer. */
export type VerifyResult =
  | { readonly valid: true; readonly request: OAuth2Request }
  | {
      readonly valid: false;
      readonly request: OAuth2Request | null;
      /** Null when no token was sent at all (RFC 6750 §3.1: no error code then). */
      readonly error: OAuth2Error | null;
      readonly response: OAuth2Response;
    };

/**
 * Read the bearer token from the places `bearerTokenLocations` allows (RFC 6750 §2): more than one method, or a
 * token where it is not allowed, is `invalid_request`; no token at all is null.
 */
export function findBearerToken(request: OAuth2Request, options: ResolvedServerOptions): string | null {
  const found: string[] = [];
  const header = request.header('authorization');
  const [scheme, token, ...rest] = (header ?? '').trim().split(/\s+/);
  if (scheme?.toLowerCase() === 'bearer') {
    if (token === undefined || rest.length > 0 || !B64TOKEN.test(token)) {
      throw new InvalidRequestError('Malformed Authorization header.');
    }
    refuseUnless(options, 'header', 'the Authorization header');
    found.push(token);
  }
  const inBody = request.bodyPairs.filter(([name]) => name === 'access_token').map(([, value]) => value);
  if (inBody.length > 0) refuseUnless(options, 'body', 'the request body');
  // RFC 6750 §2.2: only a form body of a request with body semantics may carry the token.
  if (inBody.length > 0 && request.httpMethod === 'GET') throw new InvalidRequestError('GET has no body.');
  const inQuery = request.queryPairs.filter(([name]) => name === 'access_token').map(([, value]) => value);
  if (inQuery.length > 0) refuseUnless(options, 'query', 'the query string');
  found.push(...inBody, ...inQuery);
  if (found.length > 1) throw new InvalidRequestError('More than one access token was sent.');
  return found[0] ?? null;
}

/** Throw `invalid_request` when a token arrives through a location the options do not allow. */
function refuseUnless(options: ResolvedServerOptions, location: 'header' | 'body' | 'query', label: string): void {
  if (!options.bearerTokenLocations.includes(location)) {
    throw new InvalidRequestError(`Access tokens are not accepted in ${label}.`);
  }
}

/** What the resource endpoint adds to its server. */
export interface ResourceEndpointMethods {
  verifyRequest(init: OAuth2RequestInit, scopes: readonly string[]): Promise<VerifyResult>;
  validateToken(request: OAuth2Request, token: string, scopes: readonly string[]): Promise<void>;
}

/** The resource endpoint (RFC 6750) as a layer of a server: checks a bearer token and the scopes a resource requires. */
export function ResourceEndpointMixin<TBase extends AbstractConstructor<ValidatorHost>>(Base: TBase) {
  abstract class ResourceEndpointLayer extends Base implements ResourceEndpointMethods {
    /**
     * Verify the request's bearer token against `scopes` (RFC 6750 §3.1): no token → 401 with a bare challenge;
     * unknown, revoked or expired → 401 `invalid_token`; malformed → 400 `invalid_request`; missing scope →
     * 403 `insufficient_scope`.
     *
     * @example
     * const result = await server.verifyRequest({ uri: ctx.url, httpMethod: ctx.method, headers }, ['read']);
     */
    async verifyRequest(init: OAuth2RequestInit, scopes: readonly string[]): Promise<VerifyResult> {
      let request: OAuth2Request | null = null;
      try {
        request = OAuth2Request.parse(init);
        const token = findBearerToken(request, this.options);
        if (token === null) return verifyFailure(request, null, this.options);
        await this.validateToken(request, token, scopes);
        return { valid: true, request };
      } catch (error) {
        if (error instanceof OAuth2Error) return verifyFailure(request, error, this.options);
        throw error;
      }
    }

    /** Check one token: active, unexpired, with every required scope; fill the request from its record. */
    async validateToken(request: OAuth2Request, token: string, scopes: readonly string[]): Promise<void> {
      const record = await this.validator.validateBearerToken(token, scopes, request);
      if (record === null) throw new InvalidTokenError('The access token is invalid.');
      if (record.expiresAt.getTime() <= this.options.now()) {
        throw new InvalidTokenError('The access token has expired.');
      }
      if (!scopesCover(record.scopes, scopes)) {
        const error = new InsufficientScopeError('The access token is valid but does not have enough scope.');
        error.requiredScopes = scopes;
        throw error;
      }
      request.accessToken = record;
      request.scopes = record.scopes;
      request.user = record.user;
      request.clientId = record.clientId;
    }
  }
  return ResourceEndpointLayer as TBase & AbstractConstructor<ResourceEndpointMethods>;
}

function verifyFailure(
  request: OAuth2Request | null,
  error: OAuth2Error | null,
  options: ResolvedServerOptions,
): VerifyResult {
  return { valid: false, request, error, response: bearerErrorResponse(error, options.realm) };
}

/** The resource endpoint on its own (oauthlib `ResourceEndpoint`); `Server` inherits the same methods. */
export class ResourceEndpoint extends ResourceEndpointMixin(ValidatorEndpointState) {}
