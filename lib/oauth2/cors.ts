import type { RequestValidator } from './request-validator.js';
import type { OAuth2Request } from './request.js';

/**
 * CORS headers for an `Origin` the request's client allows (oauthlib `_create_cors_headers`); none otherwise. The
 * validator's `isOriginAllowed` is the one rule (for `OAuth2Validator`: the application's `allowedOrigins`, within
 * `allowedSchemes`, as DOT's `is_origin_allowed`), so the scheme is not judged twice here. The client is the
 * authenticated one at the token and revocation endpoints, the token's at UserInfo (ARCHITECTURE.md, CORS).
 */
export async function clientCorsHeaders(
  validator: RequestValidator,
  request: OAuth2Request,
): Promise<Record<string, string>> {
  const origin = request.header('origin');
  if (origin === null || request.clientId === null) return {};
  if (!(await validator.isOriginAllowed(request.clientId, origin, request))) return {};
  return { 'access-control-allow-origin': origin, vary: 'Origin' };
}
