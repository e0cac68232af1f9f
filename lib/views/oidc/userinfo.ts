import { writeResponse } from '../../backend.js';
import { answerPreflight } from '../../cors.js';
import { OAuthLibMixin } from '../../mixins/oauth-lib.js';
import { OIDCOnlyMixin } from '../../mixins/oidc-only.js';
import { View, type HttpMethodName } from '../view.js';
import { openIDServerOf } from './server.js';

/**
 * The UserInfo endpoint (OIDC Core §5.3; DOT's `UserInfoView`): GET or POST with a bearer access token carrying
 * `openid`, answered in JSON with `sub` and the claims the granted scopes release; errors as RFC 6750 says (401 with
 * `WWW-Authenticate`, 403 `insufficient_scope`). CSRF-exempt. CORS (ARCHITECTURE.md, CORS): a preflight is answered for
 * an origin some application registered, the actual answer allows the origin only when the token's own client
 * lists it.
 *
 * @example
 * router.all('oauth2_provider:user-info', '/userinfo/', UserInfoView.asView());
 */
export class UserInfoView extends OIDCOnlyMixin(OAuthLibMixin(View)) {
  static override readonly httpMethodNames: readonly HttpMethodName[] = ['get', 'post', 'options'];

  /** Answer with the claims of the token's user. */
  async get(): Promise<void> {
    openIDServerOf(this);
    writeResponse(this.ctx, await this.createUserinfoResponse(this.ctx));
  }

  /** The same as GET; the token may then travel in the form body (RFC 6750 §2.2). */
  async post(): Promise<void> {
    await this.get();
  }

  /** Answer a CORS preflight for a registered origin, else a plain OPTIONS answer. */
  override async options(): Promise<void> {
    if (!(await answerPreflight(this.ctx, ['GET', 'POST'], this.oauthLibCore()))) await super.options();
  }
}
