import { writeResponse } from '../backend.js';
import { readFormFields } from '../backend/form-body.js';
import { answerPreflight, varyOnOrigin } from '../cors.js';
import { emitEvent, hasListeners, TOKEN_REVOKED } from '../events.js';
import { OAuthLibMixin } from '../mixins/oauth-lib.js';
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
    varyOnOrigin(this.ctx);
    if (response.status === 200) await this.tokenRevoked();
  }

  /** Answer a CORS preflight for a registered origin, else a plain OPTIONS answer. */
  override async options(): Promise<void> {
    if (!(await answerPreflight(this.ctx, ['POST'], this.oauthLibCore()))) await super.options();
  }

  /**
   * Emit `token_revoked` when the token the request named is now revoked. An unknown token, or another client's
   * token left alone by the silent 200 a public client gets (RFC 7009 §2.2), emits nothing. The validator answers
   * (`getRevokedToken`).
   */
  async tokenRevoked(): Promise<void> {
    if (!hasListeners(TOKEN_REVOKED)) return;
    const value = (await readFormFields(this.ctx))?.get('token');
    if (!value) return;
    const core = this.oauthLibCore();
    const revoked = await core
      .viewValidator('getRevokedToken')
      .getRevokedToken(value, await core.lookupRequest(this.ctx));
    if (revoked !== null) emitEvent(TOKEN_REVOKED, { ctx: this.ctx, ...revoked });
  }
}
