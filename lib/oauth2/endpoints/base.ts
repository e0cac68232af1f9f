import { InvalidRequestError, OAuth2Error, UnsupportedTokenTypeError } from '../errors.js';
import type { ResolvedServerOptions } from '../options.js';
import type { TokenTypeHint } from '../records.js';
import type { RequestValidator } from '../request-validator.js';
import { OAuth2Request, type OAuth2RequestInit } from '../request.js';
import type { OAuth2Response } from '../response.js';
import { errorJsonResponse } from '../serialize.js';

/**
 * A class that may be abstract: what an endpoint mixin takes and returns, so that `Server` inherits from its
 * endpoints as oauthlib's does (the core's own alias, since it imports nothing outside itself).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a mixin base must accept any constructor signature (TS2545)
export type AbstractConstructor<T = object> = abstract new (...args: any[]) => T;

/** What every endpoint reads from the server it is part of: the resolved options. */
export interface EndpointHost {
  readonly options: ResolvedServerOptions;
}

/** What an endpoint that asks the validator reads from its server. */
export interface ValidatorHost extends EndpointHost {
  readonly validator: RequestValidator;
}

/** What the revocation and introspection endpoints read: the token types the server's flows issue. */
export interface TokenTypesHost extends ValidatorHost {
  readonly supportedTokenTypes: readonly TokenTypeHint[];
}

const KNOWN_TOKEN_TYPES: readonly string[] = ['access_token', 'refresh_token'];

/**
 * The checks shared by the token, revocation and introspection endpoints, in oauthlib's order: POST only, no
 * query string (credentials must not travel in the URI, RFC 6749 §2.3.1, §3.2), and a form-encoded body.
 */
export function assertFormPost(request: OAuth2Request): void {
  if (request.httpMethod !== 'POST') throw new InvalidRequestError(`Unsupported request method ${request.httpMethod}.`);
  if (request.query !== '') throw new InvalidRequestError('URL query parameters are not allowed.');
  if (!request.isFormEncoded()) {
    throw new InvalidRequestError('The request body must be application/x-www-form-urlencoded.');
  }
}

/**
 * Read `token_type_hint` (RFC 7009 §2.1, RFC 7662 §2.1): a known type this endpoint does not serve is
 * `unsupported_token_type`; an unknown value is ignored, since the hint is only a hint.
 */
export function tokenTypeHint(request: OAuth2Request, supported: readonly TokenTypeHint[]): TokenTypeHint | null {
  const hint = request.param('token_type_hint');
  if (hint === null || !KNOWN_TOKEN_TYPES.includes(hint)) return null;
  if (!(supported as readonly string[]).includes(hint)) throw new UnsupportedTokenTypeError();
  return hint as TokenTypeHint;
}

/** Parse the request and run `handler`; protocol errors become JSON error responses, anything else propagates. */
export async function withJsonErrors(
  init: OAuth2RequestInit,
  realm: string,
  handler: (request: OAuth2Request) => Promise<OAuth2Response>,
): Promise<OAuth2Response> {
  try {
    return await handler(OAuth2Request.parse(init));
  } catch (error) {
    if (error instanceof OAuth2Error) return errorJsonResponse(error, realm);
    throw error;
  }
}

/** The state of an endpoint built on its own that asks the validator (in a `Server`, the server holds it). */
export class ValidatorEndpointState implements ValidatorHost {
  constructor(
    readonly validator: RequestValidator,
    readonly options: ResolvedServerOptions,
  ) {}
}

/** The state of a revocation or introspection endpoint built on its own. */
export class TokenTypesEndpointState extends ValidatorEndpointState implements TokenTypesHost {
  constructor(
    validator: RequestValidator,
    options: ResolvedServerOptions,
    readonly supportedTokenTypes: readonly TokenTypeHint[] = ['access_token', 'refresh_token'],
  ) {
    super(validator, options);
  }
}
