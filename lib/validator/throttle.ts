import type { EntityManager } from '@mikro-orm/core';
import type { Application } from '../models/application.js';
import { findApplicationByClientId, findApplicationWithThrottle } from '../models/queries.js';
import { DatabaseThrottleStore } from '../models/throttle-store.js';
import type { OAuth2Request } from '../oauth2/request.js';
import { activeThrottle } from '../throttle/guard.js';
import { throttleKeys, type ThrottleKeys } from '../throttle/keys.js';

/** Return the throttling keys of a check of `clientId`'s secret in this request. */
export function clientKeys(request: OAuth2Request, clientId: string): ThrottleKeys {
  return throttleKeys('client', clientId, request.clientAddress);
}

/** Return the throttling keys of a check of `username`'s password in this request (login's counters too). */
export function userKeys(request: OAuth2Request, username: string): ThrottleKeys {
  return throttleKeys('user', username, request.clientAddress);
}

/**
 * Return the keys the client lookup of `request` reads: the pair of the client whose secret it presents (`clientId`),
 * the pair of the user of a password grant, and the address; none when the request checks no secret (a public
 * client, the authorization endpoint).
 */
export function lookupKeys(request: OAuth2Request, clientId: string | null): string[] {
  const checks: ThrottleKeys[] = [];
  if (clientId !== null) checks.push(clientKeys(request, clientId));
  const username = request.grantType === 'password' ? request.param('username') : null;
  if (username) checks.push(userKeys(request, username));
  const [first] = checks;
  return first === undefined ? [] : [...checks.map((keys) => keys.pair), first.address];
}

/**
 * Find an application by client id, reading the throttling state of `keys` in the same statement when the
 * counters are in the database (one statement either way), and remember that state for the request.
 */
export async function findApplicationReadingThrottle(
  em: EntityManager,
  clientId: string,
  request: OAuth2Request,
  keys: readonly string[],
): Promise<Application | null> {
  const throttle = activeThrottle();
  if (throttle === null || keys.length === 0 || known(request, keys) !== undefined) {
    return findApplicationByClientId(em, clientId);
  }
  if (!(throttle.store instanceof DatabaseThrottleStore)) {
    await readThrottleState(em, request, keys);
    return findApplicationByClientId(em, clientId);
  }
  const { application, blockedUntil } = await findApplicationWithThrottle(em, clientId, keys);
  request.requestState.throttleRead = { keys: new Set(keys), blockedUntil };
  return application;
}

/**
 * Return the latest block end of `keys` (maybe past), or null: what the request's client lookup read when it
 * covered them, else read now (one SELECT on the database store) and remembered.
 */
export async function readThrottleState(
  em: EntityManager,
  request: OAuth2Request,
  keys: readonly string[],
): Promise<number | null> {
  const throttle = activeThrottle();
  if (throttle === null || keys.length === 0) return null;
  const seen = known(request, keys);
  if (seen !== undefined) return seen;
  const blockedUntil = await throttle.store.blockedUntil(em, keys);
  request.requestState.throttleRead = { keys: new Set(keys), blockedUntil };
  return blockedUntil;
}

/**
 * Return the block end of `keys` this request has read, when it read every one of them: the client lookup reads it
 * for every check the request will make, so that the checks themselves read nothing more.
 */
function known(request: OAuth2Request, keys: readonly string[]): number | null | undefined {
  const read = request.requestState.throttleRead;
  return read !== null && keys.every((key) => read.keys.has(key)) ? read.blockedUntil : undefined;
}
