import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { ImproperlyConfigured } from '../errors.js';
import { tokenChecksum } from '../models/checksum.js';
import { AccessToken } from '../models/access-token.js';
import type { Application } from '../models/application.js';
import { findWithApplicationAndUser, insertTokens, readWithApplicationAndUser, type Facts } from '../models/queries.js';
import { RefreshToken } from '../models/refresh-token.js';
import { revokeLive } from '../models/revoke.js';
import type { AccessTokenRecord, BearerToken, RevokeResult, TokenLifetimes, TokenTypeHint } from '../oauth2/records.js';
import type { OAuth2Request } from '../oauth2/request.js';
import { splitScope } from '../oauth2/scopes.js';
import { codeFamily } from './codes.js';
import { copyLoginFacts, storedLoginFacts } from './login-facts.js';
import type { AbstractConstructor, ValidatorLayerBase } from './base.js';
import { linkIdToken } from './openid.js';
import { models, requestApplication, requestEm } from './session.js';

/** The access token answers of `OAuth2Validator`: issue, verify (RFC 6750), revoke (RFC 7009; `RequestValidator`'s). */
export interface BearerTokenAnswers {
  saveBearerToken(token: BearerToken, request: OAuth2Request, lifetimes: TokenLifetimes): Promise<void>;
  validateBearerToken(
    token: string,
    scopes: readonly string[],
    request: OAuth2Request,
  ): Promise<AccessTokenRecord | null>;
  revokeToken(token: string, hint: TokenTypeHint | null, request: OAuth2Request): Promise<RevokeResult>;
}

/** The validator layer that stores issued tokens by checksum, checks bearer tokens and revokes them. */
export function BearerTokens<TBase extends ValidatorLayerBase>(Base: TBase) {
  abstract class BearerTokensLayer extends Base implements BearerTokenAnswers {
    /**
     * Store a newly issued token by checksum, with its refresh token (same family) when there is one. The tokens of
     * a code exchange join the code's family, so that a replay of the code revokes them (RFC 9700 §4.2.4). One
     * INSERT statement for both (lib/models/queries.ts). With rotation off the presented refresh token is kept and
     * given the new access token. An ID token issued with it is linked to the access token.
     */
    async saveBearerToken(token: BearerToken, request: OAuth2Request, lifetimes: TokenLifetimes): Promise<void> {
      const em = requestEm(request);
      const application = await requestApplication(em, request);
      if (application === null) throw new ImproperlyConfigured('No usable application for the token being saved');
      await insertIssuedTokens(em, application, token, request, lifetimes);
      await linkIdToken(em, token, request);
    }

    /** Return the record of a known, unrevoked access token of a usable application, and set client and user. */
    async validateBearerToken(
      token: string,
      _scopes: readonly string[],
      request: OAuth2Request,
    ): Promise<AccessTokenRecord | null> {
      const accessToken = await readAccessToken(requestEm(request), token);
      if (accessToken === null || accessToken.revoked !== null) return null;
      const application = accessToken.application ?? null;
      // DOT 3.4.1: an application that is no longer usable cannot use its tokens either.
      if (application !== null && !application.isUsable(request)) return null;
      if (application !== null) request.client = application;
      request.user = accessToken.user ?? null;
      return {
        clientId: application?.clientId ?? null,
        scopes: splitScope(accessToken.scope),
        user: accessToken.user ?? null,
        expiresAt: accessToken.expires,
      };
    }

    /**
     * Revoke a token of `request.client` (RFC 7009 §2.1), the hinted type first. Another client's token is left as
     * it is (`other_client`). A refresh token takes its access token along; an access token takes its refresh
     * token's whole family (DOT 3.4.1 `revoke_access_token`, #746), so that no refresh can mint a replacement.
     */
    async revokeToken(token: string, hint: TokenTypeHint | null, request: OAuth2Request): Promise<RevokeResult> {
      const em = requestEm(request);
      const found =
        hint === 'refresh_token'
          ? ((await findRefreshToken(em, token)) ?? (await findAccessToken(em, token)))
          : ((await findAccessToken(em, token)) ?? (await findRefreshToken(em, token)));
      if (found === null || found.revoked !== null) return 'unknown';
      if (!request.client || found.application?.clientId !== request.client.clientId) return 'other_client';
      if (found instanceof RefreshToken) await found.revoke(em);
      else await revokeAccessTokenFamily(em, found);
      return 'revoked';
    }
  }
  return BearerTokensLayer as TBase & AbstractConstructor<BearerTokenAnswers>;
}

/**
 * Insert a newly issued token and its refresh token (one statement), in the code's family for a code exchange; with
 * rotation off, give the presented refresh token the new access token instead.
 */
async function insertIssuedTokens(
  em: EntityManager,
  application: Application,
  token: BearerToken,
  request: OAuth2Request,
  lifetimes: TokenLifetimes,
): Promise<void> {
  // Only a refresh with rotation off hands back the presented refresh token; any other grant's is brand new, so
  // looking it up would be a wasted query on the token endpoint's hot path.
  if (token.refresh_token !== undefined && request.grantType === 'refresh_token') {
    const kept = await em.findOne(
      models(em).RefreshToken,
      { tokenChecksum: tokenChecksum(token.refresh_token) },
      { refresh: true },
    );
    if (kept !== null) return replaceAccessToken(em, kept, token, lifetimes);
  }
  const code = request.grantType === 'authorization_code' ? request.code : null;
  const family = code ? await codeFamily(em, code, request) : randomUUID();
  const facts = storedLoginFacts(request);
  const user = (request.user as object | null) ?? null;
  const accessToken = {
    user,
    application,
    expires: lifetimes.accessTokenExpiresAt,
    scope: token.scope,
    family,
    tokenChecksum: tokenChecksum(token.access_token),
    ...facts,
  };
  const refreshToken =
    token.refresh_token === undefined
      ? null
      : { user, application, family, tokenChecksum: tokenChecksum(token.refresh_token), ...facts };
  await insertTokens(em, accessToken, refreshToken);
}

/** Rotation off (RFC 6749 §6): revoke the refresh token's access token and link the new one, in one transaction. */
async function replaceAccessToken(
  em: EntityManager,
  kept: RefreshToken,
  token: BearerToken,
  lifetimes: TokenLifetimes,
): Promise<void> {
  await em.transactional(async (tem) => {
    const { AccessToken: AT, RefreshToken: RT } = models(tem);
    const refreshToken = await tem.findOneOrFail(RT, { id: kept.id }, { refresh: true });
    const previous = refreshToken.accessToken;
    if (previous) await revokeLive(tem, AccessToken, { id: previous.id }, new Date());
    const accessToken = tem.create(
      AT,
      {
        user: refreshToken.user,
        application: refreshToken.application,
        expires: lifetimes.accessTokenExpiresAt,
        scope: token.scope,
        family: refreshToken.family,
        ...copyLoginFacts(refreshToken),
      },
      // The token's checksum is set by setToken() below.
      { partial: true },
    );
    accessToken.setToken(token.access_token);
    refreshToken.accessToken = accessToken;
  });
}

/**
 * Read an access token by its checksum as plain values, with its application and user (one SELECT); `loaded` is an
 * application the request holds already, used as it is when it is the token's.
 */
export function readAccessToken(
  em: EntityManager,
  token: string,
  loaded: Application | null = null,
): Promise<Facts<AccessToken> | null> {
  return readWithApplicationAndUser(em, models(em).AccessToken, 'tokenChecksum', tokenChecksum(token), loaded);
}

/** Find an access token by its checksum, fresh from the database, with its application and user (one SELECT). */
export function findAccessToken(em: EntityManager, token: string): Promise<AccessToken | null> {
  return findWithApplicationAndUser(em, models(em).AccessToken, 'tokenChecksum', tokenChecksum(token));
}

/** Find a refresh token by its checksum, fresh from the database, with its application, user and access token. */
export function findRefreshToken(em: EntityManager, token: string): Promise<RefreshToken | null> {
  const where = { tokenChecksum: tokenChecksum(token) };
  const populate = ['application', 'user', 'accessToken'] as const;
  return em.findOne(models(em).RefreshToken, where, { populate, refresh: true });
}

/**
 * Revoke an access token, its refresh token and that refresh token's whole family (DOT 3.4.1
 * `revoke_access_token`, #746, #1510), so that no refresh can mint a replacement: the revocation endpoint and the
 * authorized-tokens page alike.
 */
export async function revokeAccessTokenFamily(em: EntityManager, accessToken: AccessToken): Promise<void> {
  await accessToken.revoke(em);
  const refreshToken = await em.findOne(models(em).RefreshToken, { accessToken: accessToken.id }, { refresh: true });
  if (refreshToken?.family) await RefreshToken.revokeFamily(em, refreshToken.family);
  else if (refreshToken) await refreshToken.revoke(em);
}
