import { writeResponse } from '../../backend.js';
import { OAuthLibMixin } from '../../mixins/oauth-lib.js';
import { OIDCOnlyMixin } from '../../mixins/oidc-only.js';
import { View, type HttpMethodName } from '../view.js';
import { openIDServerOf } from './server.js';

/**
 * The provider's public signing keys (RFC 7517 §5; DOT's `JwksInfoView`) at `/.well-known/jwks.json`: the active
 * RS256/ES256 keys and the inactive ones kept for rotation, each with its RFC 7638 thumbprint as `kid`; cacheable
 * for `oidcJwksMaxAgeSeconds`. HS256 secrets are never published.
 *
 * @example
 * router.all('oauth2_provider:jwks-info', '/.well-known/jwks.json', JwksInfoView.asView());
 */
export class JwksInfoView extends OIDCOnlyMixin(OAuthLibMixin(View)) {
  static override readonly httpMethodNames: readonly HttpMethodName[] = ['get', 'head', 'options'];

  /** Serve the key set. */
  async get(): Promise<void> {
    writeResponse(this.ctx, await openIDServerOf(this).createJwksResponse());
  }
}
