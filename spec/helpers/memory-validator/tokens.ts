/**
 * The token questions of the in-memory validator: saving, rotating with a grace window, replays, bearer checks,
 * revocation (RFC 7009) and introspection (RFC 7662).
 */
import { randomUUID } from 'node:crypto';
import {
  joinScope,
  splitScope,
  type AccessTokenRecord,
  type BearerToken,
  type IntrospectionClaims,
  type OAuth2Client,
  type OAuth2Request,
  type RefreshTokenLookup,
  type RevokeResult,
  type RotateResult,
  type TokenLifetimes,
  type TokenTypeHint,
} from '../../../lib/oauth2/index.js';
import { MemoryCodeValidator } from './codes.js';
import { open, seal } from './grace-seal.js';
import { checksum, type AccessRow, type MemoryUser, type RefreshRow } from './store.js';

const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);

/** Tokens by checksum, each bound to its client; refresh tokens in families. */
export abstract class MemoryTokenValidator extends MemoryCodeValidator {
  async validateRefreshToken(
    token: string,
    client: OAuth2Client,
    _request: OAuth2Request,
  ): Promise<RefreshTokenLookup> {
    const row = this.store.refreshTokens.get(checksum(token));
    if (row === undefined || row.clientId !== client.clientId) return { status: 'invalid' };
    if (row.revoked !== null) return { status: 'replayed', clientId: row.clientId };
    const { clientId, scopes, user, expiresAt, authTime, acr } = row;
    return { status: 'valid', record: { clientId, scopes, user, expiresAt, authTime, acr } };
  }

  /** Store the pair; with rotation off the presented refresh token is kept and gets the new access token. */
  async saveBearerToken(token: BearerToken, request: OAuth2Request, lifetimes: TokenLifetimes): Promise<void> {
    const code = request.grantType === 'authorization_code' && request.code ? checksum(request.code) : null;
    const refreshSum = token.refresh_token === undefined ? null : checksum(token.refresh_token);
    const kept = refreshSum === null ? undefined : this.store.refreshTokens.get(refreshSum);
    const access = this.accessRow(token, request, lifetimes, code);
    if (kept !== undefined) {
      this.store.revokeAccess(kept.accessToken, new Date());
      kept.accessToken = checksum(token.access_token);
      // Revoked since it was validated (a concurrent revocation): it takes its new access token along.
      access.revoked = kept.revoked;
    } else if (refreshSum !== null) {
      this.store.refreshTokens.set(refreshSum, this.refreshRow(token, request, lifetimes, randomUUID(), code));
    }
    this.store.accessTokens.set(checksum(token.access_token), access);
  }

  /** Revoke the old token and store its successor with no `await` in between, so one caller wins a race. */
  async rotateRefreshToken(
    old: string,
    token: BearerToken,
    request: OAuth2Request,
    lifetimes: TokenLifetimes,
  ): Promise<RotateResult> {
    const row = this.store.refreshTokens.get(checksum(old));
    if (row === undefined || row.revoked !== null || row.clientId !== request.client?.clientId) return 'replayed';
    const now = new Date();
    row.revoked = now;
    this.store.revokeAccess(row.accessToken, now);
    // The successor keeps the grant: its original scopes (a refresh may only narrow the access token's) and login.
    const { scopes, authTime, acr } = row;
    const next = { ...this.refreshRow(token, request, lifetimes, row.family, row.code), scopes, authTime, acr };
    const successor = checksum(token.refresh_token ?? '');
    if (lifetimes.graceUntil !== null) row.grace = { until: lifetimes.graceUntil, successor, sealed: seal(token, old) };
    this.store.refreshTokens.set(successor, next);
    this.store.accessTokens.set(checksum(token.access_token), this.accessRow(token, request, lifetimes, row.code));
    return 'ok';
  }

  /** The pair of a rotation (never of a deliberate revocation) within its window, while the successor lives. */
  async getGracePeriodToken(old: string, request: OAuth2Request): Promise<BearerToken | null> {
    const row = this.store.refreshTokens.get(checksum(old));
    const grace = row?.grace;
    if (!row || !grace || row.clientId !== request.client?.clientId || grace.until.getTime() <= Date.now()) return null;
    const successor = this.store.refreshTokens.get(grace.successor);
    if (successor === undefined || successor.revoked !== null) return null;
    return open(grace.sealed, old);
  }

  async revokeRefreshTokenFamily(token: string, request: OAuth2Request): Promise<void> {
    const row = this.store.refreshTokens.get(checksum(token));
    if (row !== undefined && row.clientId === request.client?.clientId) this.store.revokeFamily(row.family, new Date());
  }

  /** A known, unrevoked token of a registered client; the core checks expiry and scopes. */
  async validateBearerToken(token: string, _scopes: readonly string[], request: OAuth2Request) {
    const row = this.store.accessTokens.get(checksum(token));
    const application = this.application(row?.clientId);
    if (row === undefined || row.revoked !== null || application === null) return null;
    request.client = application;
    request.user = row.user;
    const record: AccessTokenRecord = {
      clientId: row.clientId,
      scopes: row.scopes,
      user: row.user,
      expiresAt: row.expiresAt,
    };
    return record;
  }

  /**
   * Revoke a live token of `request.client`, the hinted kind first. A refresh token takes its access token along;
   * an access token takes its refresh token's family, so that nothing can mint a replacement (as the models do).
   */
  async revokeToken(token: string, hint: TokenTypeHint | null, request: OAuth2Request): Promise<RevokeResult> {
    const sum = checksum(token);
    const access = this.store.accessTokens.get(sum);
    const refresh = this.store.refreshTokens.get(sum);
    const row = hint === 'refresh_token' ? (refresh ?? access) : (access ?? refresh);
    if (row === undefined || row.revoked !== null) return 'unknown';
    if (row.clientId !== request.client?.clientId) return 'other_client';
    const now = new Date();
    if (row === refresh) {
      refresh.revoked = now;
      this.store.revokeAccess(refresh.accessToken, now);
      return 'revoked';
    }
    row.revoked = now;
    const family = access?.refreshToken ? this.store.refreshTokens.get(access.refreshToken)?.family : undefined;
    if (family !== undefined) this.store.revokeFamily(family, now);
    return 'revoked';
  }

  /** The claims of an active token of a registered client, access or refresh; the hint only orders the search. */
  async introspectToken(
    token: string,
    hint: TokenTypeHint | null,
    _request: OAuth2Request,
  ): Promise<IntrospectionClaims | null> {
    const sum = checksum(token);
    const access = this.store.accessTokens.get(sum);
    const refresh = this.store.refreshTokens.get(sum);
    const found = hint === 'refresh_token' ? (refresh ?? access) : (access ?? refresh);
    if (found === undefined || !this.store.isLive(found) || this.application(found.clientId) === null) return null;
    const claims: IntrospectionClaims = {
      scope: joinScope(found.scopes),
      client_id: found.clientId,
      token_type: found === access ? 'Bearer' : 'refresh_token',
      iat: seconds(found.created),
    };
    if (found.expiresAt !== null) claims.exp = seconds(found.expiresAt);
    if (found.user !== null) Object.assign(claims, { username: found.user.username, sub: String(found.user.id) });
    if (this.store.options.issuer) claims.iss = this.store.options.issuer;
    return claims;
  }

  private accessRow(token: BearerToken, request: OAuth2Request, lifetimes: TokenLifetimes, code: string | null) {
    const row: AccessRow = {
      clientId: request.client?.clientId ?? '',
      user: (request.user as MemoryUser | null) ?? null,
      scopes: splitScope(token.scope),
      created: new Date(),
      revoked: null,
      code,
      expiresAt: lifetimes.accessTokenExpiresAt,
      refreshToken: token.refresh_token === undefined ? null : checksum(token.refresh_token),
    };
    return row;
  }

  private refreshRow(
    token: BearerToken,
    request: OAuth2Request,
    lifetimes: TokenLifetimes,
    family: string,
    code: string | null,
  ): RefreshRow {
    return {
      clientId: request.client?.clientId ?? '',
      user: (request.user as MemoryUser | null) ?? null,
      scopes: request.scopes,
      created: new Date(),
      revoked: null,
      code,
      expiresAt: lifetimes.refreshTokenExpiresAt,
      family,
      accessToken: checksum(token.access_token),
      authTime: request.authTime,
      acr: request.acr,
      grace: null,
    };
  }
}
