import type { EntityManager } from '@mikro-orm/core';
import { decodeJwt } from 'jose';
import type { Application } from '../models/application.js';
import { tokenChecksum } from '../models/checksum.js';
import { AccessToken } from '../models/access-token.js';
import { IDToken } from '../models/id-token.js';
import { RefreshToken } from '../models/refresh-token.js';
import { revokeLive } from '../models/revoke.js';
import { linkAccessTokenToIdToken } from '../models/queries.js';
import { modelFor } from '../models/registry.js';
import type { BearerToken, OAuth2Client } from '../oauth2/records.js';
import type { IdTokenAlgorithm, IdTokenRecord } from '../oauth2/openid/request-validator.js';
import type { OAuth2Request } from '../oauth2/request.js';
import { joinScope } from '../oauth2/scopes.js';
import { oauth2Settings } from '../settings/store.js';
import { hasConsentOnRecord } from './consent.js';
import { asApplication, primaryKeyOf, requestApplication } from './session.js';

/**
 * The OpenID Connect answers of `OAuth2Validator` (oauthlib `openid.RequestValidator`, DOT §5.5) on the models. The
 * logged-in user is the one the backend put on the core request (`request.user`, from the `getUser` setting).
 */

/** Return the `sub` of a user: its primary key as a string (DOT's `str(user.pk)`); '' for no user. */
export function subjectOf(user: unknown): string {
  return primaryKeyOf(user as object | null | undefined) ?? '';
}

/** `prompt=none`: is someone logged in (OIDC Core §3.1.2.6)? */
export function validateSilentLogin(request: OAuth2Request): boolean {
  return request.user !== null && request.user !== undefined;
}

/** `prompt=none`: is consent on record for the requested scopes (the application skips it, or a live token covers them)? */
export async function validateSilentAuthorization(em: EntityManager, request: OAuth2Request): Promise<boolean> {
  if (!validateSilentLogin(request)) return false;
  const application = await requestApplication(em, request);
  if (application === null) return false;
  return hasConsentOnRecord(em, request.user as object, application, request.scopes);
}

/**
 * Return whether the session user is the one the client names: the `sub` of `id_token_hint` (its signature was
 * checked by the core) and a `sub` value asked for in the `claims` request (OIDC Core §3.1.2.2, §5.5.1). With a hint
 * or a `sub` value and nobody logged in, there is no match.
 */
export function validateUserMatch(hint: string | null, claims: unknown, request: OAuth2Request): boolean {
  const wanted = new Set<string>();
  if (hint !== null) {
    const sub = subjectOfJwt(hint);
    if (sub === null) return false;
    wanted.add(sub);
  }
  const requested = (claims as { id_token?: { sub?: { value?: unknown } | null } } | null)?.id_token?.sub?.value;
  if (requested !== undefined) wanted.add(String(requested));
  if (wanted.size === 0) return true;
  if (!validateSilentLogin(request)) return false;
  const subject = subjectOf(request.user);
  return [...wanted].every((sub) => sub === subject);
}

/** Return the `sub` of a JWT without verifying it (the core has), or null when it is malformed. */
function subjectOfJwt(token: string): string | null {
  try {
    const { sub } = decodeJwt(token);
    return typeof sub === 'string' ? sub : null;
  } catch {
    return null;
  }
}

/** Return the application's ID token algorithm (`Application.algorithm`), '' when it gets none. */
export function idTokenAlgorithm(client: OAuth2Client): IdTokenAlgorithm | '' {
  return asApplication(client)?.algorithm ?? '';
}

/** Return the HS256 key of an application: its secret, only when stored readable (`hashClientSecret` false). */
export function clientSigningSecret(client: OAuth2Client): string | null {
  const application = asApplication(client);
  if (application === null || application.hashClientSecret || !application.clientSecret) return null;
  return application.clientSecret;
}

/** Return the user's claims for `scopes` from the `getUserClaims` setting (the core filters them by scope). */
export async function userClaims(user: unknown, scopes: readonly string[]): Promise<Record<string, unknown>> {
  if (user === null || user === undefined) return {};
  return { ...(await oauth2Settings().getUserClaims(user, scopes)) };
}

/** Store an issued ID token (DOT's `IDToken` row) by its `jti`, for the application and user of the request. */
export async function saveIdToken(em: EntityManager, record: IdTokenRecord, request: OAuth2Request): Promise<void> {
  const application = await requestApplication(em, request, record.clientId);
  const row = em.create(modelFor(em, IDToken), {
    user: (record.user as object | null) ?? null,
    application,
    jti: record.jti,
    expires: record.expiresAt,
    scope: joinScope(record.scopes),
  });
  await em.flush();
  request.requestState.savedIdToken = { jti: record.jti, id: row.id };
}

/**
 * Link the access token of a token response to the ID token issued with it (DOT's `_create_access_token`), so that
 * deleting the ID token (RP-initiated logout) takes the access token along. The ID token is ours and was stored a
 * moment ago, so its `jti` is read without verifying the signature again.
 */
export async function linkIdToken(em: EntityManager, token: BearerToken, request: OAuth2Request): Promise<void> {
  const idToken = token['id_token'];
  if (typeof idToken !== 'string') return;
  const { jti } = decodeJwt(idToken);
  if (typeof jti !== 'string') return;
  const saved = request.requestState.savedIdToken;
  const id = saved?.jti === jti ? saved.id : (await em.findOne(modelFor(em, IDToken), { jti }))?.id;
  if (id === undefined) return;
  await linkAccessTokenToIdToken(em, tokenChecksum(token.access_token), id);
}

/**
 * Revoke every access and refresh token of `user` issued to `application` and delete their ID tokens (RP-initiated
 * logout). Limited to the client that asked, unlike DOT, which deletes the user's tokens of every client. Set-based.
 */
export async function revokeUserClientTokens(em: EntityManager, user: object, application: Application): Promise<void> {
  const now = new Date();
  await revokeLive(em, RefreshToken, { user, application }, now);
  await revokeLive(em, AccessToken, { user, application }, now);
  await em.nativeDelete(modelFor(em, IDToken), { user, application });
}
