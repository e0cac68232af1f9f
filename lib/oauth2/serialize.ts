import { InsufficientScopeError, InvalidClientError, type OAuth2Error } from './errors.js';
import { encodeForm } from './form.js';
import { jsonResponse, redirectResponse, type OAuth2Response } from './response.js';

/** The wire fields of an error (RFC 6749 §4.1.2.1, §5.2); a non-exposed description is left out. */
export function errorFields(error: OAuth2Error): Record<string, string> {
  const fields: Record<string, string> = { error: error.error };
  if (error.expose && error.description) fields.error_description = error.description;
  if (error.uri) fields.error_uri = error.uri;
  return fields;
}

/** Quote a value for an auth-param (RFC 9110 §5.6.4: backslash-escape `"` and `\`). */
export function quoteAuthParam(value: string): string {
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** Build a `WWW-Authenticate` challenge: `Scheme realm="...", name="value"...` (RFC 9110 §11.6.1). */
export function wwwAuthenticate(scheme: string, params: Readonly<Record<string, string | undefined>>): string {
  const list = Object.entries(params)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${name}=${quoteAuthParam(value)}`);
  return list.length === 0 ? scheme : `${scheme} ${list.join(', ')}`;
}

/**
 * Serialize an error as a JSON body (RFC 6749 §5.2) with `no-store`. `invalid_client` carries a `Basic` challenge
 * (RFC 6749 §5.2 after Basic; RFC 9110 §15.5.2 wants one on every 401 and Basic is the only HTTP scheme a client
 * can use here).
 */
export function errorJsonResponse(error: OAuth2Error, realm: string): OAuth2Response {
  const headers: Record<string, string> = retryAfterHeader(error);
  if (error instanceof InvalidClientError) headers['www-authenticate'] = wwwAuthenticate('Basic', { realm });
  return jsonResponse(error.status, errorFields(error), headers);
}

/**
 * Serialize a resource-server error (RFC 6750 §3): the challenge carries the code; a request with no token at
 * all gets only `Bearer realm="..."` (RFC 6750 §3.1), and `insufficient_scope` names the scopes needed.
 */
export function bearerErrorResponse(error: OAuth2Error | null, realm: string): OAuth2Response {
  if (error === null) {
    return { status: 401, headers: { 'www-authenticate': wwwAuthenticate('Bearer', { realm }) }, body: '' };
  }
  const fields = errorFields(error);
  const scope = error instanceof InsufficientScopeError ? error.requiredScopes.join(' ') : undefined;
  const challenge = wwwAuthenticate('Bearer', {
    realm,
    error: fields.error,
    error_description: fields.error_description,
    scope: scope || undefined,
  });
  return jsonResponse(error.status, fields, { 'www-authenticate': challenge, ...retryAfterHeader(error) });
}

/** The `Retry-After` header of an error that says when to try again (RFC 9110 §10.2.3), else none. */
export function retryAfterHeader(error: OAuth2Error): Record<string, string> {
  const seconds = retryAfterSeconds(error);
  return seconds === null ? {} : { 'retry-after': String(seconds) };
}

/** Return the whole seconds (at least 1) after which the client may try again, or null when the error says none. */
export function retryAfterSeconds(error: OAuth2Error): number | null {
  return error.retryAfter === null ? null : Math.max(1, Math.ceil(error.retryAfter));
}

/**
 * Add parameters to a redirect URI: to the query, keeping any query it has (RFC 6749 §3.1.2), or to the
 * fragment. The URI is the registered string itself, so it is not re-normalized.
 */
export function addParamsToUri(
  uri: string,
  params: Readonly<Record<string, string | null | undefined>>,
  mode: 'query' | 'fragment',
): string {
  const encoded = encodeForm(params);
  const base = uri.split('#', 1)[0] ?? uri;
  if (mode === 'fragment') return `${base}#${encoded}`;
  if (encoded === '') return base;
  const separator = base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?';
  return `${base}${separator}${encoded}`;
}

/**
 * Serialize a redirectable error as a 302 to its redirect URI, with `state` and, when given, `iss` (RFC 9207).
 * Returns null when the error must not be redirected.
 */
export function errorRedirectResponse(error: OAuth2Error, iss: string | null): OAuth2Response | null {
  if (!error.allowRedirect || !error.redirectUri) return null;
  const params = { ...errorFields(error), state: error.state, iss };
  return redirectResponse(addParamsToUri(error.redirectUri, params, error.responseMode));
}
