import { decodeJwt } from 'jose';

import type { OAuthLibCore } from '../../backend.js';
import type { Application } from '../../validator.js';
import type { OpenIDServer } from '../../oauth2/openid/server.js';
import type { OAuth2Request } from '../../oauth2/request.js';
import { oauth2Settings } from '../../settings/store.js';
import {
  ClientIdMissmatch,
  InvalidIDTokenError,
  InvalidOIDCClientError,
  InvalidOIDCRedirectURIError,
} from '../../oauth2/openid/errors.js';
import type { LogoutParams } from './logout-form.js';

/** A validated logout request: the client it came from and what the verified `id_token_hint` says. */
export interface ValidatedLogout {
  /** The client named by `client_id` or by the hint's `aud`, or null when there is neither. */
  readonly application: Application | null;
  /** The hint's `sub`, or null without a hint: who the RP believes is logged in, never authority to act on. */
  readonly subject: string | null;
}

/**
 * Validate a logout request (DOT's `validate_logout_request`, OIDC RP-Initiated Logout 1.0 §2-§3): an unknown
 * `client_id` is a 400 page (DOT answers 500), `id_token_hint` must be an ID token of ours for that client (expired
 * accepted with `oidcRpInitiatedLogoutAcceptExpiredTokens`), and `post_logout_redirect_uri` must be registered for
 * the identified client, compared exactly. Every client and URI question goes to the backend's validator, on
 * `request` (a bodyless core request of the backend's `lookupRequest()`).
 */
export async function validateLogoutRequest(
  core: OAuthLibCore,
  server: OpenIDServer,
  params: LogoutParams,
  request: OAuth2Request,
): Promise<ValidatedLogout> {
  let application: Application | null = null;
  if (params.client_id) {
    application = await findApplication(server, params.client_id, request);
    if (application === null) throw new InvalidOIDCClientError();
  }
  let subject: string | null = null;
  if (params.id_token_hint) {
    ({ application, subject } = await verifyHint(server, params.id_token_hint, application, request));
  }
  const uri = params.post_logout_redirect_uri;
  if (uri) await checkPostLogoutRedirectUri(core, application, uri, request);
  return { application, subject };
}

/** Verify the hint with the key of its audience (the given client, else the first known `aud`). */
async function verifyHint(
  server: OpenIDServer,
  hint: string,
  given: Application | null,
  request: OAuth2Request,
): Promise<{ application: Application; subject: string }> {
  let audiences: string[];
  try {
    const { aud } = decodeJwt(hint);
    audiences = typeof aud === 'string' ? [aud] : (aud ?? []);
  } catch {
    throw new InvalidIDTokenError();
  }
  if (given !== null && !audiences.includes(given.clientId)) throw new ClientIdMissmatch();
  const application = given ?? (await findApplication(server, audiences[0] ?? '', request));
  if (application === null) throw new InvalidIDTokenError();
  request.client = application;
  const acceptExpired = oauth2Settings().oidcRpInitiatedLogoutAcceptExpiredTokens;
  const claims = await server.idTokens.verify(hint, request, acceptExpired);
  if (claims === null) throw new InvalidIDTokenError();
  return { application, subject: claims.sub };
}

/** The client must be known, and the URI one of its registered post-logout URIs, as the validator judges. */
async function checkPostLogoutRedirectUri(
  core: OAuthLibCore,
  application: Application | null,
  uri: string,
  request: OAuth2Request,
): Promise<void> {
  if (application === null) throw new InvalidOIDCClientError();
  const validator = core.viewValidator('validatePostLogoutRedirectUri');
  const problem = await validator.validatePostLogoutRedirectUri(application, uri, request);
  if (problem === 'scheme-missing') throw new InvalidOIDCRedirectURIError('A Scheme is required for the redirect URI.');
  if (problem === 'scheme-not-permitted') {
    const scheme = new URL(uri).protocol.slice(0, -1);
    throw new InvalidOIDCRedirectURIError(`Redirect to scheme "${scheme}" is not permitted.`);
  }
  if (problem === 'not-registered') {
    throw new InvalidOIDCRedirectURIError('This client does not have this redirect uri registered.');
  }
}

/** Find a usable client by id through the validator (`validateClientId`); an unknown or unusable one is null. */
async function findApplication(
  server: OpenIDServer,
  clientId: string,
  request: OAuth2Request,
): Promise<Application | null> {
  if (!(await server.validator.validateClientId(clientId, request))) return null;
  // The validator's client: an `Application` for `OAuth2Validator`.
  return request.client as Application | null;
}
