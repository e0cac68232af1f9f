import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { tokenChecksum } from '../models/checksum.js';
import { RefreshToken } from '../models/refresh-token.js';
import type { Application } from '../models/application.js';
import type { AuthorizationCodeRecord, CodeLookup, ConsumeResult } from '../oauth2/records.js';
import type { OAuth2Request } from '../oauth2/request.js';
import { splitScope } from '../oauth2/request.js';
import { consumeGrant, readWithApplicationAndUser } from '../models/queries.js';
import { storedLoginFacts } from './login-facts.js';
import { asApplication, epochSeconds, models } from './session.js';

/**
 * Store a new code by its checksum only, with a fresh token family that every token issued from it will share
 * (so that a replay revokes them all at once, RFC 9700 §4.2.4). `redirectUri` is stored empty when the request
 * did not name one: the Grant has no column for `redirectUriProvided`, and the application's only registered
 * URI is then the one the code was delivered to (RFC 6749 §3.1.2.3).
 */
export async function saveAuthorizationCode(
  em: EntityManager,
  application: Application,
  record: AuthorizationCodeRecord,
): Promise<void> {
  const grant = em.create(models(em).Grant, {
    user: record.user as object,
    application,
    expires: record.expiresAt,
    redirectUri: record.redirectUriProvided ? record.redirectUri : '',
    scope: record.scopes.join(' '),
    codeChallenge: record.codeChallenge ?? '',
    codeChallengeMethod: record.codeChallenge === null ? '' : (record.codeChallengeMethod ?? ''),
    nonce: record.nonce ?? '',
    ...storedLoginFacts(record),
    family: randomUUID(),
  } as never);
  grant.setCode(record.code);
  await em.persistAndFlush(grant);
}

/** Look a code up by checksum: `valid` with its record, `replayed` once consumed, `invalid` when unknown. */
export async function validateCode(em: EntityManager, code: string, request: OAuth2Request): Promise<CodeLookup> {
  const codeChecksum = tokenChecksum(code);
  const { Grant } = models(em);
  const grant = await readWithApplicationAndUser(
    em,
    Grant,
    'codeChecksum',
    codeChecksum,
    asApplication(request.client),
  );
  if (grant === null) return { status: 'invalid' };
  if (grant.family !== null) knownFamilies.set(request, { codeChecksum, family: grant.family });
  if (grant.consumed !== null) return { status: 'replayed' };
  // A code's application is a non-null foreign key, cascading on delete: a code always has one.
  const application = grant.application!;
  const record: AuthorizationCodeRecord = {
    code,
    clientId: application.clientId,
    redirectUri: grant.redirectUri || (application.defaultRedirectUri ?? ''),
    redirectUriProvided: grant.redirectUri !== '',
    scopes: splitScope(grant.scope),
    codeChallenge: grant.codeChallenge || null,
    codeChallengeMethod: grant.codeChallengeMethod || null,
    user: grant.user,
    nonce: grant.nonce || null,
    claims: grant.claims === '' ? null : (JSON.parse(grant.claims) as unknown),
    authTime: grant.authTime === null ? null : epochSeconds(grant.authTime),
    acr: grant.acr || null,
    expiresAt: grant.expires,
  };
  return { status: 'valid', record };
}

/**
 * Redeem a code once: one conditional UPDATE (`consumed IS NULL`), whose affected-row count decides the one
 * winner among concurrent requests on every process (DESIGN.md, Many processes). The row stays as a tombstone.
 */
export async function consumeAuthorizationCode(em: EntityManager, code: string): Promise<ConsumeResult> {
  const codeChecksum = tokenChecksum(code);
  if (await consumeGrant(em, codeChecksum, new Date())) return 'ok';
  return (await em.count(models(em).Grant, { codeChecksum })) > 0 ? 'replayed' : 'unknown';
}

// The family a code had when `validateCode` read it, per request: a family never changes once set, so the exchange
// does not read the code a second time.
const knownFamilies = new WeakMap<OAuth2Request, { codeChecksum: string; family: string }>();

/**
 * Return the token family of a code, giving it one if it has none (a code stored by other means): a conditional
 * UPDATE, so that concurrent exchanges of one code agree on a single family.
 */
export async function codeFamily(em: EntityManager, code: string, request: OAuth2Request): Promise<string> {
  const { Grant } = models(em);
  const codeChecksum = tokenChecksum(code);
  const known = knownFamilies.get(request);
  if (known?.codeChecksum === codeChecksum) return known.family;
  const family = await storedFamily(em, codeChecksum);
  if (family !== null) return family;
  await em.nativeUpdate(Grant, { codeChecksum, family: null }, { family: randomUUID() });
  return (await storedFamily(em, codeChecksum)) ?? randomUUID();
}

/** Read a code's family from the database, not the identity map (it may have been set by a native UPDATE). */
async function storedFamily(em: EntityManager, codeChecksum: string): Promise<string | null> {
  const grant = await em.findOne(models(em).Grant, { codeChecksum }, { refresh: true });
  return grant?.family ?? null;
}

/**
 * Revoke everything issued from a code (RFC 6749 §4.1.2): its family, which includes a concurrent winner's tokens
 * and every rotation since. Set-based and idempotent.
 */
export async function revokeTokensIssuedByCode(em: EntityManager, code: string): Promise<void> {
  const family = await storedFamily(em, tokenChecksum(code));
  if (family !== null) await RefreshToken.revokeFamily(em, family);
}
