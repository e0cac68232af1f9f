import { OAuth2ProviderError } from '../../oauth2/provider-error.js';

/**
 * An error of the RP-initiated logout request (DOT's `OIDCError`): shown on the logout page with its `error` code
 * and description and status 400, never redirected to the client, whose identity or URI is in doubt.
 */
export abstract class OIDCError extends OAuth2ProviderError {
  /** The description used when none is given. */
  static readonly defaultDescription: string = '';
  /** The HTTP status of the page: 400, or the status of the malformed request's own error (413 for a large body). */
  readonly status: number;
  /** The error code shown as "Error: <code>". */
  abstract readonly error: string;
  /** The human-readable description. */
  readonly description: string;

  constructor(description?: string, { status = 400 }: { status?: number } = {}) {
    const text = description ?? (new.target as unknown as typeof OIDCError).defaultDescription;
    super(text);
    this.description = text;
    this.status = status;
  }
}

/** `invalid_request`: the logout request cannot be acted on (DOT's `InvalidRequestFatalError`). */
export class InvalidRequestFatalError extends OIDCError {
  readonly error: string = 'invalid_request';
}

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

/** The user pressed "Cancel" on the confirmation page. */
export class LogoutDenied extends OIDCError {
  static override readonly defaultDescription = 'Logout has been refused by the user.';
  readonly error: string = 'logout_denied';
}
