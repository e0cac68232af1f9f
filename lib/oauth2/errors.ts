import type {
  LogoutDenied,
  RegistrationNotSupportedError,
  RequestNotSupportedError,
  RequestUriNotSupportedError,
} from './openid/errors.js';
import type { AuthorizationPendingError, ExpiredTokenError, SlowDownError } from './device/errors.js';
import { OAuth2ProviderError } from './provider-error.js';

/** Where a redirected error travels: the query (code flow) or the fragment (response types that return tokens). */
export type ResponseMode = 'query' | 'fragment';

/** Options every RFC error accepts besides its description. */
export interface OAuth2ErrorOptions {
  /** The client's `state`, echoed in a redirected error (RFC 6749 §4.1.2.1). */
  state?: string | null;
  /** The validated redirect URI; set only once it is safe to redirect there. */
  redirectUri?: string | null;
  /** Query or fragment for a redirected error. */
  responseMode?: ResponseMode;
  /** An `error_uri` for the body (RFC 6749 §5.2). */
  uri?: string | null;
  /** The underlying error, kept for logs, never serialized. */
  cause?: unknown;
  /** Seconds after which the client may try again, sent as `Retry-After` (RFC 9110 §10.2.3). */
  retryAfter?: number | null;
}

/**
 * Base class of the RFC protocol errors: the wire `error` code, a safe `description`, the HTTP `status`, and
 * whether the error may be redirected to the client (`allowRedirect`). Thrown in the core and turned into a
 * response by one serializer (`errors/serialize.ts`).
 */
export abstract class OAuth2Error extends OAuth2ProviderError {
  /** The description used when none is given. */
  static readonly defaultDescription: string = '';
  override readonly code = 'ERR_OAUTH2_PROTOCOL' as const;
  /** The RFC error code, e.g. `invalid_request`. */
  abstract readonly error: string;
  /** HTTP status of the error response. */
  readonly status: number = 400;
  /** False for errors that must never be redirected (RFC 6749 §4.1.2.1: bad client_id or redirect_uri). */
  readonly allowRedirect: boolean = true;
  /** Text safe to show the client; `server_error` hides it. */
  readonly description: string;
  /** The client's `state`, if any. */
  state: string | null;
  /** The redirect URI the error may travel to (only set when `allowRedirect`). */
  redirectUri: string | null;
  /** Query or fragment when redirected. */
  responseMode: ResponseMode;
  /** Optional `error_uri`. */
  uri: string | null;
  /** Seconds after which the client may try again (`Retry-After`), or null. */
  retryAfter: number | null;

  constructor(description?: string, options: OAuth2ErrorOptions = {}) {
    const text = description ?? (new.target as unknown as typeof OAuth2Error).defaultDescription;
    super(text, options.cause === undefined ? undefined : { cause: options.cause });
    this.description = text;
    this.state = options.state ?? null;
    this.redirectUri = options.redirectUri ?? null;
    this.responseMode = options.responseMode ?? 'query';
    this.uri = options.uri ?? null;
    this.retryAfter = options.retryAfter ?? null;
  }

  /** Koa's name for `status`. */
  get statusCode(): number {
    return this.status;
  }

  /** Whether `description` may be shown (Koa's `expose`: only below 500). */
  get expose(): boolean {
    return this.status < 500;
  }
}

/** `invalid_request` (RFC 6749 §4.1.2.1, §5.2; RFC 6750 §3.1): a missing, repeated or malformed parameter. */
export class InvalidRequestError extends OAuth2Error {
  readonly error = 'invalid_request';
}

/** `invalid_request` that must not be redirected, because the client or redirect URI is not yet trusted. */
export class InvalidRequestFatalError extends InvalidRequestError {
  override readonly allowRedirect = false;
}

/** Fatal: `client_id` is missing (RFC 6749 §4.1.2.1). */
export class MissingClientIdError extends InvalidRequestFatalError {
  static override readonly defaultDescription = 'Missing client_id parameter.';
}

/** Fatal: `client_id` names no usable client (RFC 6749 §4.1.2.1). */
export class InvalidClientIdError extends InvalidRequestFatalError {
  static override readonly defaultDescription = 'Invalid client_id parameter value.';
}

/** Fatal: no `redirect_uri` and no single registered default (RFC 6749 §3.1.2.3). */
export class MissingRedirectUriError extends InvalidRequestFatalError {
  static override readonly defaultDescription = 'Missing redirect URI.';
}

/** Fatal: `redirect_uri` is not an absolute URI without a fragment (RFC 6749 §3.1.2). */
export class InvalidRedirectUriError extends InvalidRequestFatalError {
  static override readonly defaultDescription = 'Invalid redirect URI.';
}

/** Fatal: `redirect_uri` does not match a registered one (RFC 6749 §3.1.2.4, RFC 9700 §4.1.3). */
export class MismatchingRedirectUriError extends InvalidRequestFatalError {
  static override readonly defaultDescription = 'Mismatching redirect URI.';
}

/** `invalid_client` (RFC 6749 §5.2): client authentication failed; 401, never redirected. */
export class InvalidClientError extends OAuth2Error {
  readonly error = 'invalid_client';
  override readonly status = 401;
  override readonly allowRedirect = false;
  /** The HTTP scheme the client tried (`Basic`), so the challenge can match it (RFC 6749 §5.2). */
  scheme: string | null = null;
}

/** `invalid_grant` (RFC 6749 §5.2): bad, expired, revoked or replayed code or refresh token, or wrong owner. */
export class InvalidGrantError extends OAuth2Error {
  readonly error = 'invalid_grant';
}

/** `unauthorized_client` (RFC 6749 §4.1.2.1, §5.2): the client may not use this grant or response type. */
export class UnauthorizedClientError extends OAuth2Error {
  readonly error = 'unauthorized_client';
}

/** `unsupported_grant_type` (RFC 6749 §5.2): unknown or disabled `grant_type`. */
export class UnsupportedGrantTypeError extends OAuth2Error {
  readonly error = 'unsupported_grant_type';
}

/** `unsupported_response_type` (RFC 6749 §4.1.2.1): unknown or disabled `response_type`. */
export class UnsupportedResponseTypeError extends OAuth2Error {
  readonly error = 'unsupported_response_type';
}

/** `invalid_scope` (RFC 6749 §4.1.2.1, §5.2): unknown scope or wider than allowed. */
export class InvalidScopeError extends OAuth2Error {
  readonly error = 'invalid_scope';
}

/** `access_denied` (RFC 6749 §4.1.2.1): the resource owner or server refused. */
export class AccessDeniedError extends OAuth2Error {
  readonly error = 'access_denied';
}

/** `server_error` (RFC 6749 §4.1.2.1): 500, description never exposed. */
export class ServerError extends OAuth2Error {
  readonly error = 'server_error';
  override readonly status = 500;
}

/** `temporarily_unavailable` (RFC 6749 §4.1.2.1): 503. */
export class TemporarilyUnavailableError extends OAuth2Error {
  readonly error = 'temporarily_unavailable';
  override readonly status = 503;
}

/**
 * Too many failed attempts from this address (RFC 6585 §4): 429 with `Retry-After`. The wire code is
 * `temporarily_unavailable`, the registered OAuth code for "try again later"; the status and header say why.
 */
export class TooManyRequestsError extends OAuth2Error {
  readonly error = 'temporarily_unavailable';
  override readonly status = 429;
  override readonly allowRedirect = false;
}

/** `invalid_token` (RFC 6750 §3.1): expired, revoked, malformed or unknown access token; 401. */
export class InvalidTokenError extends OAuth2Error {
  readonly error = 'invalid_token';
  override readonly status = 401;
  override readonly allowRedirect = false;
}

/** `insufficient_scope` (RFC 6750 §3.1): the token lacks a required scope; 403. */
export class InsufficientScopeError extends OAuth2Error {
  readonly error = 'insufficient_scope';
  override readonly status = 403;
  override readonly allowRedirect = false;
  /** The scopes the resource needs, for the `scope` attribute of the challenge. */
  requiredScopes: readonly string[] = [];
}

/** `unsupported_token_type` (RFC 7009 §2.2.1): the server cannot revoke this type of token. */
export class UnsupportedTokenTypeError extends OAuth2Error {
  readonly error = 'unsupported_token_type';
}

/** `login_required` (OIDC Core §3.1.2.6): `prompt=none` but the user is not logged in. */
export class LoginRequiredError extends OAuth2Error {
  readonly error = 'login_required';
}

/** `consent_required` (OIDC Core §3.1.2.6): `prompt=none` but consent is needed. */
export class ConsentRequiredError extends OAuth2Error {
  readonly error = 'consent_required';
}

/** `interaction_required` (OIDC Core §3.1.2.6): `prompt=none` but some UI is needed. */
export class InteractionRequiredError extends OAuth2Error {
  readonly error = 'interaction_required';
}

/** `account_selection_required` (OIDC Core §3.1.2.6). */
export class AccountSelectionRequiredError extends OAuth2Error {
  readonly error = 'account_selection_required';
}

/** `invalid_request_uri` (OIDC Core §3.1.2.6). */
export class InvalidRequestUriError extends OAuth2Error {
  readonly error = 'invalid_request_uri';
}

/** `invalid_request_object` (OIDC Core §3.1.2.6). */
export class InvalidRequestObjectError extends OAuth2Error {
  readonly error = 'invalid_request_object';
}

/**
 * Every error the toolkit throws with a wire code, for an exhaustive `switch (err.error)`. Subclasses that keep
 * their parent's code (the fatal `invalid_request`s, the logout ones, 413/415 bodies) are covered by the parent.
 * @example
 * function retryable(err: AnyOAuth2Error): boolean {
 *   switch (err.error) { case 'temporarily_unavailable': case 'server_error': return true; default: return false; }
 * }
 */
export type AnyOAuth2Error =
  | InvalidRequestError
  | InvalidClientError
  | InvalidGrantError
  | UnauthorizedClientError
  | UnsupportedGrantTypeError
  | UnsupportedResponseTypeError
  | InvalidScopeError
  | AccessDeniedError
  | ServerError
  | TemporarilyUnavailableError
  | TooManyRequestsError
  | InvalidTokenError
  | InsufficientScopeError
  | UnsupportedTokenTypeError
  | LoginRequiredError
  | ConsentRequiredError
  | InteractionRequiredError
  | AccountSelectionRequiredError
  | InvalidRequestUriError
  | InvalidRequestObjectError
  | RequestNotSupportedError
  | RequestUriNotSupportedError
  | RegistrationNotSupportedError
  | LogoutDenied
  | AuthorizationPendingError
  | SlowDownError
  | ExpiredTokenError;

/** Every wire error code the toolkit can produce. */
export type OAuth2ErrorCode = AnyOAuth2Error['error'];
