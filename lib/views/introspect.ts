import { writeResponse } from '../backend.js';
import { OAuthLibMixin } from '../mixins/oauth-lib.js';
import { View, type HttpMethodName } from './view.js';

/**
 * The introspection endpoint (RFC 7662; DOT's `IntrospectTokenView`), a thin view over the core's endpoint. The
 * caller must authenticate (§2.1): a confidential client with its secret, or a bearer token with the
 * `introspection` scope; otherwise 401 (DOT: bare 403). An inactive, unknown or foreign token answers only
 * `{"active": false}`. POST only, as RFC 7662 §2.1 says (DOT also reads `?token=` on GET).
 *
 * @example
 * router.all('oauth2_provider:introspect', '/o/introspect/', IntrospectTokenView.asView());
 */
export class IntrospectTokenView extends OAuthLibMixin(View) {
  static override readonly httpMethodNames: readonly HttpMethodName[] = ['post', 'options'];

  /** Introspect the token the body names. */
  async post(): Promise<void> {
    writeResponse(this.ctx, await this.createIntrospectResponse(this.ctx));
  }
}
