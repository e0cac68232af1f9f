import { writeResponse } from '../backend.js';
import { answerPreflight, varyOnOrigin } from '../cors.js';
import { APP_AUTHORIZED, emitEvent, hasListeners } from '../events.js';
import { OAuthLibMixin } from '../mixins/oauth-lib.js';
import type { OAuth2Response } from '../oauth2/index.js';
import { View, type HttpMethodName } from './view.js';

/**
 * The token endpoint (RFC 6749 §3.2; DOT's `TokenView`): POST only, CSRF-exempt, every answer JSON with
 * `Cache-Control: no-store`. After a 200 that issued an access token it emits `app_authorized` with the stored
 * token. A CORS preflight is answered for an origin some application registered; the actual answer allows the
 * origin only when the client's own `allowedOrigins` lists it.
 *
 * @example
 * router.all('oauth2_provider:token', '/o/token/', TokenView.asView());
 */
export class TokenView extends OAuthLibMixin(View) {
  static override readonly httpMethodNames: readonly HttpMethodName[] = ['post', 'options'];

  /** Issue a token (or answer the error) for the grant the body names. */
  async post(): Promise<void> {
    const response = await this.createTokenResponse(this.ctx);
    writeResponse(this.ctx, response);
    varyOnOrigin(this.ctx);
    if (response.status === 200) await this.tokenIssued(response);
  }

  /** Answer a CORS preflight for a registered origin, else a plain OPTIONS answer. */
  override async options(): Promise<void> {
    if (!(await answerPreflight(this.ctx, ['POST'], this.oauthLibCore()))) await super.options();
  }

  /**
   * Emit `app_authorized` for an issued access token (DOT's signal), with the stored token the validator returns
   * (`getIssuedAccessToken`); the token itself is never logged.
   */
  async tokenIssued(response: OAuth2Response): Promise<void> {
    if (!hasListeners(APP_AUTHORIZED)) return;
    const accessToken = (JSON.parse(response.body) as { access_token?: unknown }).access_token;
    if (typeof accessToken !== 'string') return;
    const core = this.oauthLibCore();
    const validator = core.viewValidator('getIssuedAccessToken');
    const issued = await validator.getIssuedAccessToken(accessToken, await core.lookupRequest(this.ctx));
    emitEvent(APP_AUTHORIZED, {
      ctx: this.ctx,
      token: issued?.token ?? null,
      application: issued?.application ?? null,
    });
  }
}
