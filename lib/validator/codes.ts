import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { ImproperlyConfigured } from '../errors.js';
import { tokenChecksum } from '../models/checksum.js';
import { RefreshToken } from '../models/refresh-token.js';
import type { Application } from '../models/application.js';
import type { AuthorizationCodeRecord, CodeLookup, ConsumeResult, OAuth2Client } from '../oauth2/records.js';
import type { OAuth2Request } from '../oauth2/request.js';
import { joinScope, splitScope } from '../oauth2/scopes.js';
import { consumeGrant, readWithApplicationAndUser } from '../models/queries.js';
import { storedLoginFacts } from './login-facts.js';
import type { AbstractConstructor, ValidatorLayerBase } from './base.js';
import { asApplication, epochSeconds, models, requestApplication, requestEm } from './session.js';

/** The authorization code answers of `OAuth2Validator` (RFC 6749 §4.1; `RequestValidator`'s). */
export interface AuthorizationCodeAnswers {
  saveAuthorizationCode(record: AuthorizationCodeRecord, request: OAuth2Request): Promise<void>;
  validateCode(clientId: string, code: string, client: OAuth2Client, request: OAuth2Request): Promise<CodeLookup>;
  consumeAuthorizationCode(clientId: string, code: string, request: OAuth2Request): Promise<ConsumeResult>;
  revokeTokensIssuedByCode(code: string, request: OAuth2Request): Promise<void>;
}

/** The validator layer that stores, looks up, redeems once and revokes by authorization codes. */
export function AuthorizationCodes<TBase extends ValidatorLayerBase>(Base: TBase) {
  abstract class AuthorizationCodesLayer extends Base implements AuthorizationCodeAnswers {
    /**
     * Store a new code by its checksum only, with a fresh token family that every token issued from it will share
     * (so that a replay revokes them all at once, RFC 9700 §4.2.4). `redirectUri` is stored empty when the request
     * did not name one: the Grant has no column for `redirectUriProvided`, and the application's only registered
     * URI is then the one the code was delivered to (RFC 6749 §3.1.2.3).
     */
    async saveAuthorizationCode(record: AuthorizationCodeRecord, request: OAuth2Request): Promise<void> {
      const em = requestEm(request);
      const application = await requestApplication(em, request, record.clientId);
      if (application === null) throw new ImproperlyConfigured('No usable application for the code being saved');
      const grant = em.create(
        models(em).Grant,
        {
          user: record.user as object,
          application,
          expires: record.expiresAt,
          redirectUri: record.redirectUriProvided ? record.redirectUri : '',
          scope: joinScope(record.scopes),
          codeChallenge: record.codeChallenge ?? '',
          codeChallengeMethod: record.codeChallenge === null ? '' : (record.codeChallengeMethod ?? ''),
          nonce: record.nonce ?? '',
          ...storedLoginFacts(record),
          family: randomUUID(),
        },
        // The code's checksum is set by setCode() below.
        { partial: true },
      );
      grant.setCode(record.code);
      await em.persistAndFlush(grant);
    }

    /**
     * Look a code up by checksum: `invalid` when unknown or issued to another client than `client` (RFC 6749
     * §4.1.3), `replayed` once consumed, else `valid` with its record.
     */
    async validateCode(
      _clientId: string,
      code: string,
      client: OAuth2Client,
      request: OAuth2Request,
    ): Promise<CodeLookup> {
      const codeChecksum = tokenChecksum(code);
      const em = requestEm(request);
      const { Grant } = models(em);
      const grant = await readWithApplicationAndUser(
        em,
        Grant,
        'codeChecksum',
        codeChecksum,
        asApplication(request.client),
      );
      // A code's application is a non-null foreign key, cascading on delete: a code always has one.
      const application = grant?.application;
      if (!grant || !application || application.clientId !== client.clientId) return { status: 'invalid' };
      if (grant.family !== null) request.requestState.codeFamily = { codeChecksum, family: grant.family };
      if (grant.consumed !== null) return { status: 'replayed', clientId: application.clientId };
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
     * Redeem a code of `clientId` once: one conditional UPDATE (`consumed IS NULL`, and the application), whose
     * affected-row count decides the one winner among concurrent requests on every process, and which another
     * client cannot win. The row stays as a tombstone.
     */
    async consumeAuthorizationCode(clientId: string, code: string, request: OAuth2Request): Promise<ConsumeResult> {
      const em = requestEm(request);
      const application = await requestApplication(em, request, clientId);
      if (application === null) return 'unknown';
      const codeChecksum = tokenChecksum(code);
      if (await consumeGrant(em, codeChecksum, application.id, new Date())) return 'ok';
      return (await em.count(models(em).Grant, { codeChecksum, application })) > 0 ? 'replayed' : 'unknown';
    }

    /**
     * Revoke everything issued from a code of `request.client` (RFC 6749 §4.1.2): its family, which includes a
     * concurrent winner's tokens and every rotation since. Another client's code is left alone. Set-based and
     * idempotent.
     */
    async revokeTokensIssuedByCode(code: string, request: OAuth2Request): Promise<void> {
      const em = requestEm(request);
      const application = await requestApplication(em, request);
      if (application === null) return;
      const family = await storedFamily(em, tokenChecksum(code), application);
      if (family !== null) await RefreshToken.revokeFamily(em, family);
    }
  }
  return AuthorizationCodesLayer as TBase & AbstractConstructor<AuthorizationCodeAnswers>;
}

/**
 * Return the token family of a code, giving it one if it has none (a code stored by other means): a conditional
 * UPDATE, so that concurrent exchanges of one code agree on a single family.
 */
export async function codeFamily(em: EntityManager, code: string, request: OAuth2Request): Promise<string> {
  const { Grant } = models(em);
  const codeChecksum = tokenChecksum(code);
  // The family `validateCode` read: a family never changes once set, so the exchange does not read the code again.
  const known = request.requestState.codeFamily;
  if (known?.codeChecksum === codeChecksum) return known.family;
  const family = await storedFamily(em, codeChecksum);
  if (family !== null) return family;
  await em.nativeUpdate(Grant, { codeChecksum, family: null }, { family: randomUUID() });
  return (await storedFamily(em, codeChecksum)) ?? randomUUID();
}

/**
 * Read a code's family from the database, not the identity map (it may have been set by a native UPDATE); with
 * `application`, only if the code is that application's.
 */
async function storedFamily(
  em: EntityManager,
  codeChecksum: string,
  application?: Application,
): Promise<string | null> {
  const where = application === undefined ? { codeChecksum } : { codeChecksum, application };
  const grant = await em.findOne(models(em).Grant, where, { refresh: true });
  return grant?.family ?? null;
}
