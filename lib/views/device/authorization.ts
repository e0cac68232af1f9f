import { writeResponse } from '../../backend.js';
import { OAuthLibMixin } from '../../mixins/oauth-lib.js';
import { View, type HttpMethodName } from '../view.js';

/**
 * The device authorization endpoint (RFC 8628 §3.1; DOT's `DeviceAuthorizationView`): POST only, form-encoded,
 * CSRF-exempt; the client authenticates as at the token endpoint (a public client by `client_id` alone). Every
 * answer is JSON with `Cache-Control: no-store`; `unsupported_grant_type` while the device grant is not enabled.
 *
 * @example
 * router.all('oauth2_provider:device-authorization', '/o/device-authorization/', DeviceAuthorizationView.asView());
 */
export class DeviceAuthorizationView extends OAuthLibMixin(View) {
  static override readonly httpMethodNames: readonly HttpMethodName[] = ['post', 'options'];

  /** Issue a device code and a user code (or answer the error). */
  async post(): Promise<void> {
    writeResponse(this.ctx, await this.createDeviceAuthorizationResponse(this.ctx));
  }
}
