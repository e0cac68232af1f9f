import { displayUserCode } from '../../oauth2/device/user-code.js';
import { View, type HttpMethodName } from '../view.js';
import { DevicePageMixin } from './page.js';

/** What the status page says of each state (DOT's `get_status_display`; a redeemed grant was authorized). */
export const DEVICE_STATUS_DISPLAY: Readonly<Record<string, string>> = {
  authorized: 'Authorized',
  redeemed: 'Authorized',
  'authorization-pending': 'Authorization pending',
  expired: 'Expired',
  denied: 'Denied',
};

/**
 * The outcome of a decision (DOT's `DeviceGrantStatusView`) at `/device-grant-status/<client_id>/<user_code>`, login
 * required: "Device Authorized", "Device Denied"... for the user who entered the code; 404 for anyone else (DOT #1819).
 *
 * @example
 * router.all('oauth2_provider:device-grant-status', '/o/device-grant-status/:client_id/:user_code', DeviceGrantStatusView.asView());
 */
export class DeviceGrantStatusView extends DevicePageMixin(View) {
  static override readonly httpMethodNames: readonly HttpMethodName[] = ['get', 'options'];
  override templateName: string | null = 'oauth2_provider/device/device_grant_status.html';

  /** Show the grant's status. */
  async get(): Promise<void> {
    const { client_id: clientId = '', user_code: userCode = '' } = this.params;
    const validator = this.deviceValidator();
    const page = await validator.getDeviceGrant(clientId, userCode, this.getUser(), await this.lookupRequest());
    if (page === null) return this.notFound();
    const expired = page.grant.status === 'authorization-pending' && !page.pending;
    const status = expired ? 'expired' : page.grant.status;
    await this.renderToResponse(
      this.getContextData({
        object: page.grant,
        application: page.application,
        status,
        status_display: DEVICE_STATUS_DISPLAY[status] ?? status,
        user_code: displayUserCode(userCode),
      }),
    );
  }
}
