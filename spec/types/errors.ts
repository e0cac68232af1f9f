// Type-level tests, checked by `tsc --noEmit` (not run by mocha): `AnyOAuth2Error` names every error the toolkit
// exports with a wire code, so that a `switch (err.error)` over it is exhaustive. A new error class left out of
// the union fails the type check here, by name.
import type * as toolkit from '../../lib/index.js';
import type * as core from '../../lib/oauth2/index.js';
import type { AnyOAuth2Error, OAuth2Error, OAuth2ErrorCode } from '../../lib/oauth2/index.js';

type Exports = typeof toolkit & typeof core;

/** The names of the exported concrete classes whose instances are OAuth2Errors. */
type ErrorClassNames = {
  [K in keyof Exports]: Exports[K] extends new (...args: never[]) => infer I
    ? I extends OAuth2Error
      ? K
      : never
    : never;
}[keyof Exports];

/** The names of those classes whose instances `AnyOAuth2Error` leaves out (must be none). */
type LeftOut = {
  [K in ErrorClassNames]: Exports[K] extends new (...args: never[]) => infer I
    ? I extends AnyOAuth2Error
      ? never
      : K
    : never;
}[ErrorClassNames];

const noneLeftOut: [LeftOut] extends [never] ? true : LeftOut = true;
void noneLeftOut;

// The check sees the classes (it would pass vacuously otherwise).
const seen: 'LogoutDenied' extends ErrorClassNames
  ? 'InvalidClientError' extends ErrorClassNames
    ? true
    : never
  : never = true;
void seen;

/** An exhaustive switch over every code: a code missing here, or added to the union, fails to compile. */
export function describeCode(err: AnyOAuth2Error): string {
  switch (err.error) {
    case 'invalid_request':
    case 'invalid_client':
    case 'invalid_grant':
    case 'unauthorized_client':
    case 'unsupported_grant_type':
    case 'unsupported_response_type':
    case 'invalid_scope':
    case 'access_denied':
    case 'unsupported_token_type':
      return 'oauth2';
    case 'server_error':
    case 'temporarily_unavailable':
      return 'retry';
    case 'invalid_token':
    case 'insufficient_scope':
      return 'bearer';
    case 'login_required':
    case 'consent_required':
    case 'interaction_required':
    case 'account_selection_required':
    case 'invalid_request_uri':
    case 'invalid_request_object':
    case 'request_not_supported':
    case 'request_uri_not_supported':
    case 'registration_not_supported':
      return 'oidc';
    case 'logout_denied':
      return 'logout';
    case 'authorization_pending':
    case 'slow_down':
    case 'expired_token':
      return 'device';
    default: {
      const unreachable: never = err;
      return unreachable;
    }
  }
}

// Every code of the union is a code some error carries.
const logout: OAuth2ErrorCode = 'logout_denied';
void logout;
// @ts-expect-error an unknown code is not an OAuth2ErrorCode
const unknown: OAuth2ErrorCode = 'no_such_error';
void unknown;
