import type { EntityManager } from '@mikro-orm/core';
import { wrap } from '@mikro-orm/core';
import { ImproperlyConfigured } from '../errors.js';
import { AccessToken } from '../models/access-token.js';
import { Application } from '../models/application.js';
import { Grant } from '../models/grant.js';
import { RefreshToken } from '../models/refresh-token.js';
import { modelFor } from '../models/registry.js';
import type { OAuth2Client } from '../oauth2/records.js';
import type { OAuth2Request } from '../oauth2/request.js';
import { findApplicationReadingThrottle, readThrottleState } from './throttle.js';

/**
 * Return the request's EntityManager, which the backend puts on the core request (ARCHITECTURE.md, Request session), so
 * that every question is answered in the request's own session and transaction.
 * @throws ImproperlyConfigured when the request carries none
 */
export function requestEm(request: OAuth2Request): EntityManager {
  const em = request.session as EntityManager | null | undefined;
  if (!em || typeof em.getMetadata !== 'function' || typeof em.nativeUpdate !== 'function') {
    throw new ImproperlyConfigured(
      "OAuth2Validator needs the EntityManager of the request on the core request's `session`: build requests " +
        'through OAuthLibCore (lib/backend.ts), or pass `session: em` to the Server methods',
    );
  }
  return em;
}

/** The concrete (possibly swapped) model classes registered with the ORM behind `em`. */
export function models(em: EntityManager) {
  return {
    Application: modelFor(em, Application),
    Grant: modelFor(em, Grant),
    AccessToken: modelFor(em, AccessToken),
    RefreshToken: modelFor(em, RefreshToken),
  };
}

/**
 * Return whether a client id is one the database can hold (at most 255 characters, no NUL byte, which PostgreSQL
 * text cannot store, DOT #1006): any other names no application and no grant, and is never sent to the database.
 */
export function storableClientId(clientId: string): boolean {
  return clientId !== '' && clientId.length <= 255 && !clientId.includes('\0');
}

/**
 * Find a usable application by client id (DOT `_load_application`): the request's client, or the application the
 * request has already read, is reused when it is that application; an unknown, malformed or unusable one
 * (`isUsable()` false) is invisible and clears the client. The throttling state of `throttleKeys` (see
 * `lookupKeys()`) is read with it, for the secret checks that follow.
 */
export async function loadApplication(
  em: EntityManager,
  clientId: string | null | undefined,
  request: OAuth2Request,
  throttleKeys: readonly string[] = [],
): Promise<Application | null> {
  if (!clientId || !storableClientId(clientId)) return null;
  // Client authentication asks twice for a public client (whether it must authenticate, then to identify it): the
  // application the request has read answers the second time without a second SELECT.
  const known = [request.client, request.requestState.loadedClient]
    .map(asApplication)
    .find((a) => a?.clientId === clientId);
  if (known !== undefined) await readThrottleState(em, request, throttleKeys);
  const application = known ?? (await findApplicationReadingThrottle(em, clientId, request, throttleKeys));
  if (application !== null && known === undefined) request.requestState.loadedClient = application;
  if (application === null || !application.isUsable(request)) {
    if (request.client?.clientId === clientId) request.client = null;
    return null;
  }
  return application;
}

/** Return the client as an Application (the request's loaded client, say), or null when it is something else. */
export function asApplication(client: OAuth2Client | null | undefined): Application | null {
  return client instanceof Application ? client : null;
}

/** Return the application of `request` (set by client authentication), loading it by `clientId` if needed. */
export async function requestApplication(
  em: EntityManager,
  request: OAuth2Request,
  clientId: string | null = request.clientId,
): Promise<Application | null> {
  const current = asApplication(request.client);
  if (current !== null && (clientId === null || current.clientId === clientId)) return current;
  return loadApplication(em, clientId ?? request.client?.clientId, request);
}

/** Return the primary key of an entity (a user) as a string, for `sub` (DOT: `str(user.pk)`). */
export function primaryKeyOf(entity: object | null | undefined): string | undefined {
  if (!entity) return undefined;
  const pk = wrap(entity, true).getPrimaryKey();
  return pk === null || pk === undefined ? undefined : String(pk as string | number);
}

/** Return the `username` of a user entity when it has one (RFC 7662 §2.2), without loading anything. */
export function usernameOf(user: object | null | undefined): string | undefined {
  const name = (user as { username?: unknown } | null | undefined)?.username;
  return typeof name === 'string' ? name : undefined;
}

/** Return an instant as whole seconds since the epoch (RFC 7519 NumericDate). */
export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
