import { InvalidRequestError, OAuth2Error, UnsupportedTokenTypeError } from '../errors.js';
import type { TokenTypeHint } from '../records.js';
import { OAuth2Request, type OAuth2RequestInit } from '../request.js';
import type { OAuth2Response } from '../response.js';
import { errorJsonResponse } from '../serialize.js';

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
