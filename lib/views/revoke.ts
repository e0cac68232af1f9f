import type { Context } from 'koa';

import { requestEntityManager, writeResponse } from '../backend.js';
import { readFormFields } from '../backend/form-body.js';
import { addActualCorsHeaders, answerPreflight } from '../cors.js';
import { emitEvent, hasListeners, TOKEN_REVOKED } from '../events.js';
import { OAuthLibMixin } from '../mixins/oauth-lib.js';
import type { AccessToken } from '../models/access-token.js';
import type { RefreshToken } from '../models/refresh-token.js';
import { findAccessToken, findRefreshToken } from '../validator/tokens.js';
import { View, type HttpMethodName } from './view.js';

/**
 * The revocation endpoint (RFC 7009; DOT's `RevokeTokenView`): POST only; 200 with an empty body for a revoked,
 * unknown or already inactive token, JSON errors otherwise. Emits `token_revoked` once the named token is revoked. CORS as `TokenView`.
 *
 * @example
 * router.all('oauth2_provider:revoke-token', '/o/revoke_token/', RevokeTokenView.asView());
 */
export class RevokeTokenView extends OAuthLibMixin(View) {
  static override readonly httpMethodNames: readonly HttpMethodName[] = ['post', 'options'];

  /** Revoke the token the body names. */
  async post(): Promise<void> {
    const response = await this.createRevocationResponse(this.ctx);
    writeResponse(this.ctx, response);
    await addActualCorsHeaders(this.ctx);
    if (response.status === 200) await this.tokenRevoked();
  }

  /** Answer a CORS preflight for a registered origin, else a plain OPTIONS answer. */
  override async options(): Promise<void> {
    if (!(await answerPreflight(this.ctx, ['POST']))) await super.options();
  }

  /**
   * Emit `token_revoked` when the token the request named is now revoked. An unknown token, or another client's
   * token left alone by the silent 200 a public client gets (RFC 7009 §2.2), emits nothing.
   */
  async tokenRevoked(): Promise<void> {
    if (!hasListeners(TOKEN_REVOKED)) return;
    const value = (await readFormFields(this.ctx))?.get('token');
    if (!value) return;
    const found = await findNamedToken(this.ctx, value);
    if (found === null || found.token.revoked === null) return;
    emitEvent(TOKEN_REVOKED, { ctx: this.ctx, ...found, application: found.token.application ?? null });
  }
}

/** A token named by a revocation request, with its kind. */
interface NamedToken {
  token: AccessToken | RefreshToken;
  tokenType: 'access_token' | 'refresh_token';
}

/** Find the access or refresh token a revocation request named, by checksum, fresh from the database. */
async function findNamedToken(ctx: Context, value: string): Promise<NamedToken | null> {
  const em = requestEntityManager(ctx);
  if (em === undefined) return null;
  const access = await findAccessToken(em, value);
  if (access !== null) return { token: access, tokenType: 'access_token' };
  const refresh = await findRefreshToken(em, value);
  return refresh !== null ? { token: refresh, tokenType: 'refresh_token' } : null;
}
