import type { EntityManager } from '@mikro-orm/core';
import { decodeJwt } from 'jose';

import type { Application } from '../../models/application.js';
import { findApplicationByClientId } from '../../models/queries.js';
import { isLoopbackIpUri } from '../../models/redirect-uri.js';
import type { OpenIDServer } from '../../oauth2/openid/server.js';
import { OAuth2Request } from '../../oauth2/request.js';
import { oauth2Settings } from '../../settings.js';
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
 * the identified client, compared exactly.
 */
export async function validateLogoutRequest(
  em: EntityManager,
  server: OpenIDServer,
  params: LogoutParams,
  uri: string,
): Promise<ValidatedLogout> {
  let application: Application | null = null;
  if (params.client_id) {
    application = await findApplication(em, params.client_id);
    if (application === null) throw new InvalidOIDCClientError();
  }
  let subject: string | null = null;
  if (params.id_token_hint) {
    ({ application, subject } = await verifyHint(em, server, params.id_token_hint, application, uri));
  }
  if (params.post_logout_redirect_uri) checkPostLogoutRedirectUri(application, params.post_logout_redirect_uri);
  return { application, subject };
}

/** Verify the hint with the key of its audience (the given client, else the first known `aud`). */
async function verifyHint(
  em: EntityManager,
  server: OpenIDServer,
  hint: string,
  given: Application | null,
  uri: string,
): Promise<{ application: Application; subject: string }> {
  let audiences: string[];
  try {
    const { aud } = decodeJwt(hint);
    audiences = typeof aud === 'string' ? [aud] : (aud ?? []);
  } catch {
    throw new InvalidIDTokenError();
  }
  if (given !== null && !audiences.includes(given.clientId)) throw new ClientIdMissmatch();
  const application = given ?? (await findApplication(em, audiences[0] ?? ''));
  if (application === null) throw new InvalidIDTokenError();
  // Verifying needs only the client; the query was read already, leniently, so its stray escapes are not refused here.
  const request = OAuth2Request.parse({ uri: uri.split('?', 1)[0] ?? '', httpMethod: 'GET', session: em });
  request.client = application;
  const acceptExpired = oauth2Settings().oidcRpInitiatedLogoutAcceptExpiredTokens;
  const claims = await server.idTokens.verify(hint, request, acceptExpired);
  if (claims === null) throw new InvalidIDTokenError();
  return { application, subject: claims.sub };
}

/** The client must be known, and the URI one of its registered post-logout URIs, exactly (OIDC RP-Initiated Logout §3). */
function checkPostLogoutRedirectUri(application: Application | null, uri: string): void {
  if (application === null) throw new InvalidOIDCClientError();
  let scheme: string;
  try {
    scheme = new URL(uri).protocol.slice(0, -1);
  } catch {
    throw new InvalidOIDCRedirectURIError('A Scheme is required for the redirect URI.');
  }
  // http only for a loopback IP (RFC 8252 §7.3), as registration allows it (lib/models/application-clean.ts).
  const loopback = scheme === 'http' && isLoopbackIpUri(uri);
  if (!application.getAllowedSchemes().includes(scheme) && !loopback) {
    throw new InvalidOIDCRedirectURIError(`Redirect to scheme "${scheme}" is not permitted.`);
  }
  if (!application.postLogoutRedirectUriList().includes(uri)) {
    throw new InvalidOIDCRedirectURIError('This client does not have this redirect uri registered.');
  }
}

/** Find a usable application by client id; an unknown, malformed or unusable one is null. */
async function findApplication(em: EntityManager, clientId: string): Promise<Application | null> {
  if (!clientId || clientId.includes('\0') || clientId.length > 255) return null;
  const application = await findApplicationByClientId(em, clientId);
  return application !== null && application.isUsable() ? application : null;
}
