import { AccessToken } from '../models/access-token.js';
import { IDToken } from '../models/id-token.js';
import { findApplicationsByOrigin } from '../models/queries.js';
import { isLoopbackIpUri } from '../models/redirect-uri.js';
import { RefreshToken } from '../models/refresh-token.js';
import { modelFor } from '../models/registry.js';
import { revokeLive } from '../models/revoke.js';
import { retryRead } from '../models/run-sql.js';
import type { OAuth2Client } from '../oauth2/records.js';
import type { OAuth2Request } from '../oauth2/request.js';
import { scopesCover, splitScope } from '../oauth2/scopes.js';
import type { AbstractConstructor, ValidatorLayerBase } from './base.js';
import { asApplication, models, requestEm } from './session.js';
import { findAccessToken, findRefreshToken } from './tokens.js';

/** A stored token as the events report it: the validator's own record and the application it was issued to. */
export interface StoredToken {
  /** The stored token (the `AccessToken` or `RefreshToken` entity for `OAuth2Validator`). */
  readonly token: unknown;
  /** The application the token was issued to, or null when unknown. */
  readonly application: unknown;
}

/** A revoked token named by a revocation request, with its kind (RFC 7009 §2.1). */
export interface RevokedToken extends StoredToken {
  readonly tokenType: 'access_token' | 'refresh_token';
}

/** Why a `post_logout_redirect_uri` is refused (OIDC RP-Initiated Logout 1.0 §3). */
export type PostLogoutUriProblem = 'scheme-missing' | 'scheme-not-permitted' | 'not-registered';

/**
 * The questions the views, the CORS rule and the events ask the validator, beyond the core's `RequestValidator`:
 * the one bridge to storage above the protocol core, so that a validator of the app's own storage keeps every
 * feature by answering them.
 */
export interface ViewValidator {
  /** Return the stored access token just issued as `accessToken`, for `app_authorized`; null when none. */
  getIssuedAccessToken(accessToken: string, request: OAuth2Request): Promise<StoredToken | null>;
  /** Return the access or refresh token `token` names when it is revoked, for `token_revoked`; null otherwise. */
  getRevokedToken(token: string, request: OAuth2Request): Promise<RevokedToken | null>;
  /** Return whether the user's consent to `scopes` for `client` is on record (`approval_prompt=auto`, DOT). */
  hasConsentOnRecord(
    user: unknown,
    client: OAuth2Client,
    scopes: readonly string[],
    request: OAuth2Request,
  ): Promise<boolean>;
  /** Return whether any client allows CORS from `origin` (a preflight names no client). */
  isOriginRegistered(origin: string, request: OAuth2Request): Promise<boolean>;
  /** Return null when `uri` may end a logout of `client`, else why not (OIDC RP-Initiated Logout 1.0 §3). */
  validatePostLogoutRedirectUri(
    client: OAuth2Client,
    uri: string,
    request: OAuth2Request,
  ): Promise<PostLogoutUriProblem | null>;
  /** Revoke the user's tokens of `client` and delete its ID tokens (RP-initiated logout, `oidcRpInitiatedLogoutDeleteTokens`). */
  revokeUserTokens(user: unknown, client: OAuth2Client, request: OAuth2Request): Promise<void>;
}

/**
 * The validator layer of `ViewValidator` on the models: every answer comes from the request's EntityManager
 * (`request.session`). Override a method in a subclass of `OAuth2Validator` to change one answer.
 *
 * @example
 * class AuditedValidator extends OAuth2Validator {
 *   override async revokeUserTokens(user: unknown, client: OAuth2Client, request: OAuth2Request) {
 *     audit('logout', client.clientId);
 *     await super.revokeUserTokens(user, client, request);
 *   }
 * }
 */
export function ViewLookups<TBase extends ValidatorLayerBase>(Base: TBase) {
  abstract class ViewLookupsLayer extends Base implements ViewValidator {
    /** Return the stored access token, with its application and user, fresh from the database. */
    async getIssuedAccessToken(accessToken: string, request: OAuth2Request): Promise<StoredToken | null> {
      const token = await findAccessToken(requestEm(request), accessToken);
      return token === null ? null : { token, application: token.application ?? null };
    }

    /** Look the token up as an access token, then as a refresh token (by checksum); only a revoked one is returned. */
    async getRevokedToken(token: string, request: OAuth2Request): Promise<RevokedToken | null> {
      const em = requestEm(request);
      const access = await findAccessToken(em, token);
      const found = access ?? (await findRefreshToken(em, token));
      if (found === null || found.revoked === null) return null;
      const tokenType = access !== null ? 'access_token' : 'refresh_token';
      return { token: found, tokenType, application: found.application ?? null };
    }

    /**
     * DOT's `approval_prompt=auto` rule: the application skips authorization, or the user holds a live access token
     * of it (unexpired, unrevoked) whose scopes cover them.
     */
    async hasConsentOnRecord(
      user: unknown,
      client: OAuth2Client,
      scopes: readonly string[],
      request: OAuth2Request,
    ): Promise<boolean> {
      const application = asApplication(client);
      if (application === null || user === null || typeof user !== 'object') return false;
      if (application.skipAuthorization) return true;
      const em = requestEm(request);
      const live = await retryRead(em, () =>
        em.find(
          models(em).AccessToken,
          { user, application, revoked: null, expires: { $gt: new Date() } },
          { fields: ['scope'], refresh: true },
        ),
      );
      return live.some((token) => scopesCover(splitScope(token.scope), scopes));
    }

    /** One indexed lookup of the applications listing the origin, each then judged by its own rule (`allowedSchemes`). */
    async isOriginRegistered(origin: string, request: OAuth2Request): Promise<boolean> {
      const applications = await findApplicationsByOrigin(requestEm(request), origin);
      return applications.some((application) => application.originAllowed(origin));
    }

    /**
     * The scheme must be one the application allows (http also for a loopback IP, RFC 8252 §7.3, as registration
     * allows it) and the URI one of its registered post-logout URIs, compared exactly.
     */
    async validatePostLogoutRedirectUri(
      client: OAuth2Client,
      uri: string,
      _request: OAuth2Request,
    ): Promise<PostLogoutUriProblem | null> {
      const application = asApplication(client);
      let scheme: string;
      try {
        scheme = new URL(uri).protocol.slice(0, -1);
      } catch {
        return 'scheme-missing';
      }
      const loopback = scheme === 'http' && isLoopbackIpUri(uri);
      if (application === null || (!application.getAllowedSchemes().includes(scheme) && !loopback)) {
        return 'scheme-not-permitted';
      }
      return application.postLogoutRedirectUriList().includes(uri) ? null : 'not-registered';
    }

    /**
     * Revoke the user's live access and refresh tokens of the application and delete their ID tokens, set-based.
     * Limited to the client that asked, unlike DOT, which deletes the user's tokens of every client.
     */
    async revokeUserTokens(user: unknown, client: OAuth2Client, request: OAuth2Request): Promise<void> {
      const application = asApplication(client);
      if (application === null || user === null || typeof user !== 'object') return;
      const em = requestEm(request);
      const now = new Date();
      await revokeLive(em, RefreshToken, { user, application }, now);
      await revokeLive(em, AccessToken, { user, application }, now);
      await em.nativeDelete(modelFor(em, IDToken), { user, application });
    }
  }
  return ViewLookupsLayer as TBase & AbstractConstructor<ViewValidator>;
}
