import { InvalidRequestFatalError, OAuth2Error } from '../errors.js';

/** `request_not_supported` (OIDC Core §3.1.2.6): the provider serves no request objects (`request`). */
export class RequestNotSupportedError extends OAuth2Error {
  readonly error = 'request_not_supported';
}

/** `request_uri_not_supported` (OIDC Core §3.1.2.6): the provider serves no `request_uri`. */
export class RequestUriNotSupportedError extends OAuth2Error {
  readonly error = 'request_uri_not_supported';
}

/** `registration_not_supported` (OIDC Core §3.1.2.6): the provider takes no `registration` parameter. */
export class RegistrationNotSupportedError extends OAuth2Error {
  readonly error = 'registration_not_supported';
}

// The RP-initiated logout errors (OIDC RP-Initiated Logout 1.0; DOT's names): shown on the logout page with status
// 400, never redirected, since the client or its post-logout URI is in doubt.

/** `client_id` is not an audience of `id_token_hint` (DOT's `ClientIdMissmatch`, DOT's spelling). */
export class ClientIdMissmatch extends InvalidRequestFatalError {
  static override readonly defaultDescription =
    'Mismatch between the Client ID of the ID Token and the Client ID that was provided.';
}

/** The client is unknown, or a `post_logout_redirect_uri` came without any way to identify it. */
export class InvalidOIDCClientError extends InvalidRequestFatalError {
  static override readonly defaultDescription = 'The client is unknown or no client has been included.';
}

/** `post_logout_redirect_uri` is not one the client registered. */
export class InvalidOIDCRedirectURIError extends InvalidRequestFatalError {
  static override readonly defaultDescription = 'Invalid post logout redirect URI.';
}

/** `id_token_hint` is not an ID token this provider issued (bad signature, issuer or audience, or expired). */
export class InvalidIDTokenError extends InvalidRequestFatalError {
  static override readonly defaultDescription = 'The ID Token is expired, revoked, malformed, or otherwise invalid.';
}

/** `logout_denied`: the user pressed "Cancel" on the logout confirmation page. */
export class LogoutDenied extends OAuth2Error {
  static override readonly defaultDescription = 'Logout has been refused by the user.';
  readonly error = 'logout_denied';
  override readonly allowRedirect = false;
}
