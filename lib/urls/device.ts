import type Router from '@koa/router';

import { DeviceAuthorizationView } from '../views/device/authorization.js';
import { DeviceConfirmView } from '../views/device/confirm.js';
import { DEVICE_ROUTES } from '../views/device/paths.js';
import { DeviceGrantStatusView } from '../views/device/status.js';
import { DeviceUserCodeView } from '../views/device/user-code.js';
import type { View } from '../views/view.js';

export { DEVICE_ROUTES } from '../views/device/paths.js';

/** A concrete view class, mounted with `asView()` (abstract views are refused by the compiler). */
export type DeviceViewClass = (new () => View) & Pick<typeof View, 'asView'>;

/** Overrides of the device views, by DOT's view name. */
export interface DeviceViews {
  DeviceAuthorizationView?: DeviceViewClass;
  DeviceUserCodeView?: DeviceViewClass;
  DeviceConfirmView?: DeviceViewClass;
  DeviceGrantStatusView?: DeviceViewClass;
}

/**
 * Register DOT's device grant routes (RFC 8628) on `router` with DOT's names, each with `router.all` so the view
 * answers 405 and OPTIONS itself: `device-authorization/`, `device/`, `device-confirm/<client_id>/<user_code>` and
 * `device-grant-status/<client_id>/<user_code>`. The pages answer 404 and the endpoint `unsupported_grant_type` while
 * `grantTypesSupported` does not list the device grant, so the routes may be registered unconditionally. `views`
 * replaces a view by its DOT name.
 *
 * @example
 * registerDeviceRoutes(router, { DeviceConfirmView: MyConfirmView });
 */
export function registerDeviceRoutes(router: Router, views: DeviceViews = {}): Router {
  const r = DEVICE_ROUTES;
  const v: Required<DeviceViews> = {
    DeviceAuthorizationView,
    DeviceUserCodeView,
    DeviceConfirmView,
    DeviceGrantStatusView,
    ...views,
  };
  router.all(r.authorization.name, r.authorization.path, v.DeviceAuthorizationView.asView());
  router.all(r.userCode.name, r.userCode.path, v.DeviceUserCodeView.asView());
  router.all(r.confirm.name, r.confirm.path, v.DeviceConfirmView.asView());
  router.all(r.status.name, r.status.path, v.DeviceGrantStatusView.asView());
  return router;
}
