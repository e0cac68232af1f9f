import { OAuth2Error } from '../errors.js';

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
