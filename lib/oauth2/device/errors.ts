import { OAuth2Error } from '../errors.js';

/** `authorization_pending` (RFC 8628 §3.5): the user has not yet approved or denied; keep polling. */
export class AuthorizationPendingError extends OAuth2Error {
  readonly error = 'authorization_pending';
  static override readonly defaultDescription = 'The user has not yet completed the authorization.';
}

/** `slow_down` (RFC 8628 §3.5): polled too soon; the interval is 5 s longer from now on. */
export class SlowDownError extends OAuth2Error {
  readonly error = 'slow_down';
  static override readonly defaultDescription = 'Polling too fast: wait 5 more seconds between requests.';
}

/** `expired_token` (RFC 8628 §3.5): the device code has expired; start a new device authorization. */
export class ExpiredTokenError extends OAuth2Error {
  readonly error = 'expired_token';
  static override readonly defaultDescription = 'The device code has expired.';
}
