import type { EntityManager } from '@mikro-orm/core';
import { decodeJwt } from 'jose';
import { tokenChecksum } from '../models/checksum.js';
import { IDToken } from '../models/id-token.js';
import { linkAccessTokenToIdToken } from '../models/queries.js';
import { modelFor } from '../models/registry.js';
import type { BearerToken, OAuth2Client } from '../oauth2/records.js';
import type { IdTokenAlgorithm, IdTokenRecord } from '../oauth2/openid/request-validator.js';
import type { OAuth2Request } from '../oauth2/request.js';
import { joinScope } from '../oauth2/scopes.js';
import { oauth2Settings } from '../settings/store.js';
import type { AbstractConstructor, ValidatorLayerBase } from './base.js';
import { asApplication, primaryKeyOf, requestApplication, requestEm } from './session.js';
import type { ViewValidator } from './view-lookups.js';

/**
 * The OpenID Connect answers of `OAuth2Validator` (`OpenIDRequestValidator`'s, oauthlib `openid.RequestValidator`,
 * DOT §5.5); the questions about a client or user alone take the request last and optionally, as they need none.
 */
export interface OpenIDAnswers {
  validateSilentLogin(request: OAuth2Request): Promise<boolean>;
  validateSilentAuthorization(request: OAuth2Request): Promise<boolean>;
  validateUserMatch(
    hint: string | null,
    scopes: readonly string[],
    claims: unknown,
    request: OAuth2Request,
  ): Promise<boolean>;
  getIdTokenAlgorithm(client: OAuth2Client, request?: OAuth2Request): Promise<IdTokenAlgorithm | ''>;
  getClientSigningSecret(client: OAuth2Client, request?: OAuth2Request): Promise<string | null>;
  getSubject(user: unknown, request?: OAuth2Request): Promise<string>;
  getUserClaims(user: unknown, scopes: readonly string[], request?: OAuth2Request): Promise<Record<string, unknown>>;
  saveIdToken(record: IdTokenRecord, request: OAuth2Request): Promise<void>;
  refreshIdToken(request: OAuth2Request): Promise<boolean>;
}

/**
 * The validator layer of OpenID Connect on the models. The logged-in user is the one the backend put on the core
 * request (`request.user`, from the `getUser` setting); consent is the views' `hasConsentOnRecord`.
 */
export function OpenIDClaims<TBase extends ValidatorLayerBase<Pick<ViewValidator, 'hasConsentOnRecord'>>>(Base: TBase) {
  abstract class OpenIDClaimsLayer extends Base implements OpenIDAnswers {
    /** `prompt=none`: is someone logged in (OIDC Core §3.1.2.6)? */
    async validateSilentLogin(request: OAuth2Request): Promise<boolean> {
      return request.user !== null && request.user !== undefined;
    }

    /** `prompt=none`: is consent on record for the requested scopes (`hasConsentOnRecord`)? */
    async validateSilentAuthorization(request: OAuth2Request): Promise<boolean> {
      if (!(await this.validateSilentLogin(request))) return false;
      const application = await requestApplication(requestEm(request), request);
      if (application === null) return false;
      return this.hasConsentOnRecord(request.user, application, request.scopes, request);
    }

    /**
     * Return whether the session user is the one the client names: the `sub` of `id_token_hint` (its signature was
     * checked by the core) and a `sub` value asked for in the `claims` request (OIDC Core §3.1.2.2, §5.5.1). With a
     * hint or a `sub` value and nobody logged in, there is no match.
     */
    async validateUserMatch(
      hint: string | null,
      _scopes: readonly string[],
      claims: unknown,
      request: OAuth2Request,
    ): Promise<boolean> {
      const wanted = new Set<string>();
      if (hint !== null) {
        const sub = subjectOfJwt(hint);
        if (sub === null) return false;
        wanted.add(sub);
      }
      const requested = (claims as { id_token?: { sub?: { value?: unknown } | null } } | null)?.id_token?.sub?.value;
      if (requested !== undefined) wanted.add(String(requested));
      if (wanted.size === 0) return true;
      if (!(await this.validateSilentLogin(request))) return false;
      const subject = await this.getSubject(request.user, request);
      return [...wanted].every((sub) => sub === subject);
    }

    /** Return the application's ID token algorithm (`Application.algorithm`), '' when it gets none. */
    async getIdTokenAlgorithm(client: OAuth2Client): Promise<IdTokenAlgorithm | ''> {
      return asApplication(client)?.algorithm ?? '';
    }

    /** Return the HS256 key of an application: its secret, only when stored readable (`hashClientSecret` false). */
    async getClientSigningSecret(client: OAuth2Client): Promise<string | null> {
      const application = asApplication(client);
      if (application === null || application.hashClientSecret || !application.clientSecret) return null;
      return application.clientSecret;
    }

    /** Return the `sub` of a user: its primary key as a string (DOT's `str(user.pk)`); '' for no user. */
    async getSubject(user: unknown, _request?: OAuth2Request): Promise<string> {
      return primaryKeyOf(user as object | null | undefined) ?? '';
    }

    /** Return the user's claims for `scopes` from the `getUserClaims` setting (the core filters them by scope). */
    async getUserClaims(user: unknown, scopes: readonly string[]): Promise<Record<string, unknown>> {
      if (user === null || user === undefined) return {};
      return { ...(await oauth2Settings().getUserClaims(user, scopes)) };
    }

    /** Store an issued ID token (DOT's `IDToken` row) by its `jti`, for the application and user of the request. */
    async saveIdToken(record: IdTokenRecord, request: OAuth2Request): Promise<void> {
      const em = requestEm(request);
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

    /** Return whether a refresh of an `openid` grant returns a new ID token: always (oauthlib's default). */
    async refreshIdToken(_request: OAuth2Request): Promise<boolean> {
      return true;
    }
  }
  return OpenIDClaimsLayer as TBase & AbstractConstructor<OpenIDAnswers>;
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
