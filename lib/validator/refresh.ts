import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { ImproperlyConfigured } from '../errors.js';
import { tokenChecksum } from '../models/checksum.js';
import { insertTokens } from '../models/queries.js';
import { AccessToken } from '../models/access-token.js';
import { RefreshToken } from '../models/refresh-token.js';
import { revokeLive } from '../models/revoke.js';
import type { BearerToken, OAuth2Client, RefreshTokenLookup, RotateResult, TokenLifetimes } from '../oauth2/records.js';
import type { OAuth2Request } from '../oauth2/request.js';
import { splitScope } from '../oauth2/scopes.js';
import { oauth2Settings } from '../settings/store.js';
import { openSuccessor, sealSuccessor } from './grace-cipher.js';
import type { AbstractConstructor, ValidatorLayerBase } from './base.js';
import { linkIdToken } from './openid.js';
import { epochSeconds, models, requestApplication, requestEm } from './session.js';
import { copyLoginFacts } from './login-facts.js';
import { findRefreshToken } from './tokens.js';

/**
 * Return the scopes of the grant a refresh token belongs to: those of the first access token of its family, so
 * that a refresh that narrowed the scope does not narrow what later refreshes may ask for (RFC 6749 §6). Falls back
 * to the token's own access token (DOT's `rt.access_token.scope`) when the family's first token is gone.
 */
export async function originalScopes(em: EntityManager, refreshToken: RefreshToken): Promise<readonly string[]> {
  if (refreshToken.family !== null) {
    const { AccessToken: AT } = models(em);
    const [first] = await em.find(AT, { family: refreshToken.family }, { orderBy: { id: 'asc' }, limit: 1 });
    if (first) return splitScope(first.scope);
  }
  const own = refreshToken.accessToken;
  return own ? splitScope((await em.findOne(models(em).AccessToken, { id: own.id }))?.scope) : [];
}

/** Return when a refresh token stops being usable (`refreshTokenExpireSeconds` after issue), or null for never. */
export function refreshTokenExpiry(refreshToken: RefreshToken): Date | null {
  const seconds = oauth2Settings().refreshTokenExpireSeconds;
  return seconds === null ? null : new Date(refreshToken.created.getTime() + seconds * 1000);
}

/** The refresh token answers of `OAuth2Validator` (RFC 6749 §6, RFC 9700 §4.14.2; `RequestValidator`'s). */
export interface RefreshTokenAnswers {
  validateRefreshToken(token: string, client: OAuth2Client, request: OAuth2Request): Promise<RefreshTokenLookup>;
  rotateRefreshToken(
    old: string,
    token: BearerToken,
    request: OAuth2Request,
    lifetimes: TokenLifetimes,
  ): Promise<RotateResult>;
  getGracePeriodToken(old: string, request: OAuth2Request): Promise<BearerToken | null>;
  revokeRefreshTokenFamily(token: string, request: OAuth2Request): Promise<void>;
}

/** The validator layer that looks refresh tokens up, rotates them once, and keeps the grace window. */
export function RefreshTokens<TBase extends ValidatorLayerBase>(Base: TBase) {
  abstract class RefreshTokensLayer extends Base implements RefreshTokenAnswers {
    /**
     * Look a refresh token up: `invalid` when unknown, issued to another client than `client` (RFC 6749 §6) or of
     * an unusable application, `replayed` once rotated or revoked, else `valid` with its record.
     */
    async validateRefreshToken(
      token: string,
      client: OAuth2Client,
      request: OAuth2Request,
    ): Promise<RefreshTokenLookup> {
      const em = requestEm(request);
      const refreshToken = await findRefreshToken(em, token);
      const application = refreshToken?.application;
      if (!refreshToken || application?.clientId !== client.clientId || !application.isUsable(request)) {
        return { status: 'invalid' };
      }
      if (refreshToken.revoked !== null) return { status: 'replayed', clientId: application.clientId };
      const record = {
        clientId: refreshToken.application.clientId,
        scopes: await originalScopes(em, refreshToken),
        user: refreshToken.user,
        expiresAt: refreshTokenExpiry(refreshToken),
        // OIDC Core §12.2: a refreshed ID token carries the auth_time (and acr) of the login that started the grant.
        authTime: refreshToken.authTime === null ? null : epochSeconds(refreshToken.authTime),
        acr: refreshToken.acr || null,
      };
      return { status: 'valid', record };
    }

    /**
     * Rotate a token of `request.client` in one transaction (RFC 9700 §4.14.2): a conditional UPDATE revokes the
     * old token (and, with a grace window, stores the encrypted successor pair in the same statement); only if it
     * changed exactly one row are the old access token revoked and the successors inserted. The UPDATE names the
     * application, so another client's request never wins. A unique violation (a second successor of the same
     * token) is a lost race too. Either way the loser stores nothing and gets `replayed`. An ID token issued with
     * the new pair is linked to its access token.
     */
    async rotateRefreshToken(
      old: string,
      token: BearerToken,
      request: OAuth2Request,
      lifetimes: TokenLifetimes,
    ): Promise<RotateResult> {
      const em = requestEm(request);
      const application = await requestApplication(em, request);
      if (application === null) throw new ImproperlyConfigured('No usable application for the token being rotated');
      const oldChecksum = tokenChecksum(old);
      let result: RotateResult;
      try {
        result = await em.transactional(async (tem): Promise<RotateResult> => {
          const { RefreshToken: RT } = models(tem);
          const now = new Date();
          const grace =
            lifetimes.graceUntil === null
              ? {}
              : { successorCiphertext: sealSuccessor(token, oldChecksum), successorExpires: lifetimes.graceUntil };
          const live = { tokenChecksum: oldChecksum, application: application.id, revoked: null };
          const n = await tem.nativeUpdate(RT, live, { revoked: now, ...grace });
          if (n !== 1) return 'replayed';
          const previous = await tem.findOneOrFail(RT, { tokenChecksum: oldChecksum }, { refresh: true });
          if (previous.accessToken) await revokeLive(tem, AccessToken, { id: previous.accessToken.id }, now);
          const family = previous.family ?? randomUUID();
          const common = {
            user: previous.user,
            application: previous.application,
            family,
            ...copyLoginFacts(previous),
          };
          // The successor pair in one statement, as a first issue writes it (lib/models/queries.ts).
          await insertTokens(
            tem,
            {
              ...common,
              expires: lifetimes.accessTokenExpiresAt,
              scope: token.scope,
              sourceRefreshToken: previous,
              tokenChecksum: tokenChecksum(token.access_token),
            },
            { ...common, tokenChecksum: tokenChecksum(token.refresh_token ?? '') },
          );
          return 'ok';
        });
      } catch (error) {
        if (error instanceof UniqueConstraintViolationException) return 'replayed';
        throw error;
      }
      if (result === 'ok') await linkIdToken(em, token, request);
      return result;
    }

    /**
     * Return the pair issued when `old` was rotated, while the grace window lasts, to the same client, and only if
     * its refresh token is still live: a deliberately revoked token has no stored successor, so it gets nothing.
     */
    async getGracePeriodToken(old: string, request: OAuth2Request): Promise<BearerToken | null> {
      const em = requestEm(request);
      const rotated = await findRefreshToken(em, old);
      if (rotated === null || rotated.revoked === null || rotated.successorCiphertext === null) return null;
      if (rotated.successorExpires === null || rotated.successorExpires.getTime() <= this.now()) return null;
      if (!request.client || rotated.application.clientId !== request.client.clientId) return null;
      const pair = openSuccessor(rotated.successorCiphertext, rotated.tokenChecksum);
      if (pair === null || pair.refresh_token === undefined) return null;
      const successor = await findRefreshToken(em, pair.refresh_token);
      if (successor === null || successor.revoked !== null) return null;
      return pair;
    }

    /**
     * Revoke the whole family of a refresh token of `request.client`, refresh and access tokens, set-based (RFC 9700
     * §4.14.2). Another client's token is left alone.
     */
    async revokeRefreshTokenFamily(token: string, request: OAuth2Request): Promise<void> {
      const em = requestEm(request);
      const client = request.client;
      const refreshToken = await findRefreshToken(em, token);
      if (refreshToken === null || !client || refreshToken.application.clientId !== client.clientId) return;
      if (refreshToken.family !== null) await RefreshToken.revokeFamily(em, refreshToken.family);
      else await refreshToken.revoke(em);
    }
  }
  return RefreshTokensLayer as TBase & AbstractConstructor<RefreshTokenAnswers>;
}
