import { InvalidRequestError, type OAuth2Error, type OAuth2ErrorOptions } from '../../oauth2/errors.js';
import { decodeComponent } from '../../oauth2/form.js';
import type { AuthorizationCredentials } from '../../oauth2/grants/authorization-base.js';
import { splitSpaceList } from '../../oauth2/request.js';

/** Return the `prompt` values of a query string as a set (OIDC Core §3.1.2.1: space-separated, case-sensitive). */
export function promptOf(querystring: string): readonly string[] {
  const values = new URLSearchParams(querystring).getAll('prompt');
  // A repeated prompt is refused by validation (RFC 6749 §3.1); before it runs, read none of them.
  return values.length === 1 ? splitSpaceList(values[0]) : [];
}

/**
 * Return `url` (a path with its query) with `login` taken out of `prompt`, and `prompt` dropped when nothing is
 * left, so that the login page sends the user back once rather than into another forced login. The other
 * parameters keep their exact encoding.
 */
export function withoutPromptLogin(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const parts = url
    .slice(q + 1)
    .split('&')
    .flatMap((part) => {
      const eq = part.indexOf('=');
      const name = safeDecode(eq === -1 ? part : part.slice(0, eq));
      if (name !== 'prompt') return [part];
      const rest = splitSpaceList(safeDecode(eq === -1 ? '' : part.slice(eq + 1))).filter((value) => value !== 'login');
      return rest.length === 0 ? [] : [`prompt=${encodeURIComponent(rest.join(' '))}`];
    });
  const path = url.slice(0, q);
  return parts.length === 0 ? path : `${path}?${parts.join('&')}`;
}

function safeDecode(raw: string): string {
  try {
    return decodeComponent(raw);
  } catch {
    return raw;
  }
}

/** An error class of the RFCs that takes a description and options. */
type ErrorClass = new (description?: string, options?: OAuth2ErrorOptions) => OAuth2Error;

/** Return an error that travels to the validated redirect URI with `state`, as the core's own errors do. */
export function redirectableError(
  ErrorClass: ErrorClass,
  description: string,
  credentials: AuthorizationCredentials,
): OAuth2Error {
  return new ErrorClass(description, {
    redirectUri: credentials.redirectUri,
    state: credentials.state,
    responseMode: credentials.responseMode,
  });
}

/** OIDC Core §3.1.2.1: `none` with any other value is an error (`invalid_request`, redirected). */
export function assertPromptNoneAlone(prompt: readonly string[], credentials: AuthorizationCredentials): void {
  if (prompt.includes('none') && prompt.length > 1) {
    throw redirectableError(InvalidRequestError, 'prompt=none cannot be combined with other values.', credentials);
  }
}
