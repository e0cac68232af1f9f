import type { OAuth2Client } from './records.js';

/** The throttling state a request has read, and for which keys. */
export interface ThrottleRead {
  readonly keys: ReadonlySet<string>;
  readonly blockedUntil: number | null;
}

/**
 * What one request learns as it goes and reuses later in that request: one object per HTTP request, shared by the
 * HTTP layer, every core request built for it (`OAuth2Request.state`) and the validator, so that nothing hides in a
 * module-level map keyed by the request. The HTTP layer may extend it with its own fields.
 */
export class OAuth2RequestState {
  /** The client that authenticated with its secret at this request (the HTTP layer's `authenticateClient`). */
  authenticatedClient: OAuth2Client | null = null;
  /** Whether the request presents client secret credentials (HTTP Basic or `client_secret` in the body). */
  presentsClientCredentials = false;
  /**
   * Whether the HTTP layer has already authenticated the caller of this introspection request (a client by its
   * secret, or a bearer token with the scopes it requires), so that the endpoint does not check it a second time.
   */
  introspectionCallerVerified = false;
  /** The client read by client id at this request: a second lookup of the same id reads nothing. */
  loadedClient: OAuth2Client | null = null;
  /** The token family of the code this request redeems, read with the code (a family never changes once set). */
  codeFamily: { readonly codeChecksum: string; readonly family: string } | null = null;
  /** The ID token this request stored, so that linking it to the access token issued with it reads nothing. */
  savedIdToken: { readonly jti: string; readonly id: number } | null = null;
  /** The throttling state the request's client lookup read, for the secret checks that follow. */
  throttleRead: ThrottleRead | null = null;
}
