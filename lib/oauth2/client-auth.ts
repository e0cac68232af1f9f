import { InvalidClientError, InvalidRequestError, OAuth2Error } from './errors.js';
import { decodeComponent } from './form.js';
import type { ClientCredentials, RequestValidator } from './request-validator.js';
import type { OAuth2Client } from './records.js';
import type { OAuth2Request } from './request.js';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Build the `invalid_client` error, remembering the HTTP scheme the client used (RFC 6749 §5.2). */
export function invalidClient(
  scheme: string | null,
  description = 'Client authentication failed.',
): InvalidClientError {
  const error = new InvalidClientError(description);
  error.scheme = scheme;
  return error;
}

/**
 * Decode `Authorization: Basic` client credentials: base64, then each part form-urlencoded (RFC 6749 §2.3.1,
 * so `+` is a space and `%XX` is decoded). Returns null without a Basic header; malformed → `invalid_client`.
 */
export function parseBasicAuthorization(header: string | null): { clientId: string; clientSecret: string } | null {
  if (header === null) return null;
  const [scheme, token, ...rest] = header.trim().split(/\s+/);
  // Auth schemes are case-insensitive (RFC 9110 §11.1); another scheme (Bearer) is not client authentication.
  if (scheme?.toLowerCase() !== 'basic') return null;
  if (token === undefined || rest.length > 0 || !BASE64.test(token)) throw invalidClient('Basic');
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(token, 'base64'));
  } catch {
    throw invalidClient('Basic');
  }
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw invalidClient('Basic');
  try {
    return {
      clientId: decodeComponent(decoded.slice(0, colon)),
      clientSecret: decodeComponent(decoded.slice(colon + 1)),
    };
  } catch (error) {
    if (error instanceof OAuth2Error) throw invalidClient('Basic');
    /* c8 ignore next */ throw error; // decodeComponent throws only OAuth2Errors; rethrow anything unforeseen
  }
}

/**
 * Return whether the request presents client secret credentials, well-formed or not: an `Authorization: Basic`
 * header, or `client_secret` in the form body (RFC 6749 §2.3.1).
 */
export function presentsClientSecret(request: OAuth2Request): boolean {
  const scheme = request.header('authorization')?.trim().split(/\s+/)[0];
  return scheme?.toLowerCase() === 'basic' || request.bodyPairs.some(([name]) => name === 'client_secret');
}

/**
 * Find the secret-based credentials in a request: Basic or `client_secret` in the body, never both
 * (RFC 6749 §2.3: one method per request → `invalid_request`). Sets `request.clientId`.
 */
export function extractClientCredentials(request: OAuth2Request): ClientCredentials | null {
  request.assertNoDuplicates(['client_id', 'client_secret']);
  const basic = parseBasicAuthorization(request.header('authorization'));
  const bodyId = request.param('client_id');
  const bodySecret = request.param('client_secret');
  if (basic !== null) {
    if (bodySecret !== null) throw new InvalidRequestError('Only one client authentication method may be used.');
    if (bodyId !== null && bodyId !== basic.clientId) {
      throw new InvalidRequestError('client_id does not match the Authorization header.');
    }
    request.clientId = basic.clientId;
    return { ...basic, method: 'client_secret_basic' };
  }
  if (bodySecret === null) return null;
  if (!bodyId) throw invalidClient(null);
  return { clientId: bodyId, clientSecret: bodySecret, method: 'client_secret_post' };
}

/**
 * Authenticate a client by the secret it presented (oauthlib `authenticate_client`); a failure is `invalid_client`
 * with the scheme it used. Sets `request.client`, `clientId` and `clientAuthMethod`; returns the client.
 */
export async function authenticateClientCredentials(
  request: OAuth2Request,
  validator: RequestValidator,
  credentials: ClientCredentials,
): Promise<OAuth2Client> {
  const scheme = credentials.method === 'client_secret_basic' ? 'Basic' : null;
  const client = await validator.authenticateClient(credentials, request);
  if (client === null) throw invalidClient(scheme);
  request.client = client;
  request.clientAuthMethod = credentials.method;
  request.clientId = client.clientId;
  return client;
}

/**
 * Authenticate the client of a token, revocation or introspection request (oauthlib
 * `validate_client_authentication`): with presented secrets always; otherwise as a public client when
 * `clientAuthenticationRequired` says so is fine. `confidentialOnly` refuses public clients (client_credentials).
 * Returns the client, which is also set on the request.
 */
export async function authenticateRequestClient(
  request: OAuth2Request,
  validator: RequestValidator,
  confidentialOnly = false,
): Promise<OAuth2Client> {
  const credentials = extractClientCredentials(request);
  if (credentials !== null) return authenticateClientCredentials(request, validator, credentials);
  const clientId = request.clientId;
  if (confidentialOnly || !clientId || (await validator.clientAuthenticationRequired(request))) {
    throw invalidClient(null);
  }
  if (!(await validator.authenticateClientId(clientId, request)) || request.client === null) {
    throw invalidClient(null);
  }
  request.clientAuthMethod = 'none';
  request.clientId = request.client.clientId;
  return request.client;
}
