import { InvalidGrantError, InvalidRequestError, InvalidScopeError, UnsupportedGrantTypeError } from '../errors.js';
import { authenticateRequestClient } from '../client-auth.js';
import type { BearerToken, RefreshTokenRecord } from '../records.js';
import type { OAuth2Request } from '../request.js';
import type { OAuth2Response } from '../response.js';
import { scopesCover, scopesWellFormed } from '../scopes.js';
import { createBearerToken, tokenLifetimes } from '../tokens.js';
import { GrantTypeBase, isBoundTo, type TokenGrant } from './base.js';

/** The outcome of validating a refresh request: a record to refresh, or the grace-window pair to repeat. */
type RefreshValidation = { record: RefreshTokenRecord; repeat: null } | { record: null; repeat: BearerToken };

/**
 * The refresh token grant (RFC 6749 §6) with rotation and reuse detection (RFC 9700 §4.14.2): a rotated token
 * presented again is a replay, answered with `invalid_grant` after revoking its family, unless it is a repeat
 * within `refreshTokenGracePeriodSeconds`, which gets back the very pair the first request received.
 */
export class RefreshTokenGrant extends GrantTypeBase implements TokenGrant {
  /** Validate in oauthlib's order (§11.4), then rotate (or reuse) the refresh token and issue a new access token. */
  async createTokenResponse(request: OAuth2Request): Promise<OAuth2Response> {
    const validation = await this.validateTokenRequest(request);
    if (validation.repeat !== null) return this.tokenResponse(validation.repeat, request, true);
    const presented = request.param('refresh_token') ?? '';
    if (!this.options.rotateRefreshToken) {
      return this.tokenResponse(await this.issueToken(request, { issue: true, reuse: presented }), request, true);
    }
    const token = await this.modifyToken(await createBearerToken(request, this.options, { issue: true }), request);
    const lifetimes = tokenLifetimes(this.options, true);
    const rotated = await this.validator.rotateRefreshToken(presented, token, request, lifetimes);
    // A lost race is a replay like any other: the grace pair if there is one, else the family is revoked.
    if (rotated === 'replayed') return this.tokenResponse(await this.handleReplay(presented, request), request, true);
    return this.tokenResponse(token, request, true);
  }

  /** The checks, in oauthlib's order; a replay inside the grace window short-circuits with the earlier pair. */
  async validateTokenRequest(request: OAuth2Request): Promise<RefreshValidation> {
    if (request.grantType !== 'refresh_token') throw new UnsupportedGrantTypeError();
    await this.runHooks(this.customValidators.preToken, request);
    const presented = request.param('refresh_token');
    if (!presented) throw new InvalidRequestError('Missing refresh token parameter.');
    request.assertNoDuplicates();
    const client = await authenticateRequestClient(request, this.validator);
    await this.validateGrantType(request, 'refresh_token');
    const lookup = await this.validator.validateRefreshToken(presented, client, request);
    // RFC 6749 §6: the token is bound to its client, checked first: another client's token changes nothing.
    if (!isBoundTo(lookup, client.clientId)) throw new InvalidGrantError('Invalid refresh token.');
    if (lookup.status === 'replayed') return { record: null, repeat: await this.handleReplay(presented, request) };
    const record = lookup.record;
    if (record.expiresAt !== null && record.expiresAt.getTime() <= this.options.now()) {
      throw new InvalidGrantError('Refresh token expired.');
    }
    request.refreshTokenRecord = record;
    request.user = record.user;
    this.narrowScopes(request, record);
    await this.runHooks(this.customValidators.postToken, request);
    return { record, repeat: null };
  }

  /** RFC 6749 §6: the requested scope must not exceed the original grant; omitted means the original. */
  narrowScopes(request: OAuth2Request, record: RefreshTokenRecord): void {
    if (request.scopes.length === 0) {
      request.scopes = record.scopes;
      return;
    }
    if (!scopesWellFormed(request.scopes)) {
      throw new InvalidScopeError('The requested scope is invalid, unknown, or malformed.');
    }
    if (!scopesCover(record.scopes, request.scopes)) {
      throw new InvalidScopeError('The requested scope exceeds the scope granted by the resource owner.');
    }
  }

  /**
   * A rotated or revoked refresh token came back from its own client (the binding is checked before): within the
   * grace window return the pair the first request received; otherwise revoke the family (when
   * `refreshTokenReuseProtection`) and refuse (RFC 9700 §4.14.2).
   */
  async handleReplay(refreshToken: string, request: OAuth2Request): Promise<BearerToken> {
    if (this.options.refreshTokenGracePeriodSeconds > 0) {
      const pair = await this.validator.getGracePeriodToken(refreshToken, request);
      if (pair !== null) return pair;
    }
    if (this.options.refreshTokenReuseProtection) await this.validator.revokeRefreshTokenFamily(refreshToken, request);
    throw new InvalidGrantError('Invalid refresh token.');
  }
} // c8 maps esbuild's trailing `export { ... }` onto this brace; no code runs on this line.
