import { writeResponse } from '../../backend.js';
import { OAuthLibMixin } from '../../mixins/oauth-lib.js';
import { OIDCOnlyMixin } from '../../mixins/oidc-only.js';
import { View, type HttpMethodName } from '../view.js';
import { openIDServerOf } from './server.js';

/**
 * The OpenID Provider configuration (OIDC Discovery 1.0 §4; DOT's `ConnectDiscoveryInfoView`) at the issuer plus
 * `/.well-known/openid-configuration`: every URL from the `issuer` setting, never the Host header; exactly the
 * response types, endpoints and algorithms that are enabled; readable from any origin.
 *
 * @example
 * router.all('oauth2_provider:oidc-connect-discovery-info', '/.well-known/openid-configuration{/}', ConnectDiscoveryInfoView.asView());
 */
export class ConnectDiscoveryInfoView extends OIDCOnlyMixin(OAuthLibMixin(View)) {
  static override readonly httpMethodNames: readonly HttpMethodName[] = ['get', 'head', 'options'];

  /** Serve the document (OIDC Discovery 1.0 §4.2). */
  async get(): Promise<void> {
    writeResponse(this.ctx, openIDServerOf(this).createDiscoveryResponse());
  }
}
