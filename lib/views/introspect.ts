import { writeResponse } from '../backend.js';
import type { VerifyFailure } from '../mixins/protected-resource.js';
import { InvalidClientError, errorJsonResponse } from '../oauth2/index.js';
import { requestState } from '../request-state.js';
import { ClientProtectedScopedResourceView } from './generic.js';
import type { HttpMethodName } from './view.js';

/**
 * The introspection endpoint (RFC 7662; DOT's `IntrospectTokenView`, a `ClientProtectedScopedResourceView`). The
 * caller must authenticate (§2.1): a confidential client with its secret, or a bearer token with `requiredScopes`
 * (`['introspection']`; override it or `getScopes()`); otherwise 401 (DOT: bare 403). An inactive, unknown or
 * foreign token answers only `{"active": false}`. POST only, as RFC 7662 §2.1 says (DOT also reads `?token=` on GET).
 *
 * @example
 * class AuditIntrospectView extends IntrospectTokenView {
 *   override requiredScopes = ['introspection', 'audit'];
 * }
 * oauth2Routes(router, { views: { IntrospectTokenView: AuditIntrospectView } });
 */
export class IntrospectTokenView extends ClientProtectedScopedResourceView {
  static override readonly httpMethodNames: readonly HttpMethodName[] = ['post', 'options'];

  override requiredScopes: readonly string[] | null = ['introspection'];

  /** A method the view does not serve is 405 before any credential is looked at, as before it was protected. */
  override async dispatch(): Promise<void> {
    if (this.allowedMethods().includes(this.ctx.method)) await super.dispatch();
    else this.httpMethodNotAllowed();
  }

  /** Introspect the token the body names; the protection above has authenticated the caller. */
  async post(): Promise<void> {
    requestState(this.ctx).introspectionCallerVerified = true;
    writeResponse(this.ctx, await this.createIntrospectResponse(this.ctx));
  }

  /**
   * A caller with neither client credentials nor a bearer token is answered as a client that must authenticate
   * (401 `invalid_client`), as the endpoint always did; a bearer token that failed answers as RFC 6750 §3 says.
   */
  override verificationFailed(result: VerifyFailure): void {
    if (this.ctx.get('authorization').trim() !== '') {
      super.verificationFailed(result);
      return;
    }
    const error = new InvalidClientError('The caller must authenticate.');
    writeResponse(this.ctx, errorJsonResponse(error, this.oauthLibCore().server.options.realm));
  }
}
