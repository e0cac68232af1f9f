import type Router from '@koa/router';

import { DEVICE_ROUTES } from '../views/device/paths.js';
import { registerGroup, type RouteGroupOptions } from './views.js';

export { DEVICE_ROUTES } from '../views/device/paths.js';

/**
 * Register DOT's device grant routes (RFC 8628) on `router` with DOT's names, each with `router.all` so the view
 * answers 405 and OPTIONS itself: `device-authorization/`, `device/`, `device-confirm/<client_id>/<user_code>` and
 * `device-grant-status/<client_id>/<user_code>`. The pages answer 404 and the endpoint `unsupported_grant_type` while
 * `grantTypesSupported` does not list the device grant, so the routes may be registered unconditionally;
 * `oauth2Routes()` does. `views` replaces a view by its DOT name.
 *
 * @example
 * oauth2Routes(router, { views: { DeviceConfirmView: MyConfirmView } });
 */
export function registerDeviceRoutes(router: Router, options: RouteGroupOptions = {}): Router {
  const r = DEVICE_ROUTES;
  return registerGroup(
    router,
    [
      { route: r.authorization, view: 'DeviceAuthorizationView' },
      { route: r.userCode, view: 'DeviceUserCodeView', page: true },
      { route: r.confirm, view: 'DeviceConfirmView', page: true },
      { route: r.status, view: 'DeviceGrantStatusView', page: true },
    ],
    options,
  );
}
