import type Router from '@koa/router';

import { OIDC_ROUTES } from '../views/oidc/paths.js';
import { registerGroup, type RouteGroupOptions } from './views.js';

export { OIDC_ROUTES } from '../views/oidc/paths.js';

/**
 * Register DOT's OpenID Connect routes (`oidc_urlpatterns`) on `router` with DOT's names, each with `router.all` so
 * the view answers 405 and OPTIONS itself: `.well-known/openid-configuration` (with or without the trailing slash),
 * `.well-known/jwks.json`, `userinfo/` and `logout/`. The views answer 404 while OpenID Connect (or RP-initiated
 * logout) is off, so the routes may be registered unconditionally. `views` replaces any of the four views by name.
 *
 * @example
 * const oauth = registerOidcRoutes(oauth2Routes(new Router({ prefix: '/o' })));
 */
export function registerOidcRoutes(router: Router, options: RouteGroupOptions = {}): Router {
  const r = OIDC_ROUTES;
  return registerGroup(
    router,
    [
      { route: r.discovery, view: 'ConnectDiscoveryInfoView' },
      { route: r.jwks, view: 'JwksInfoView' },
      { route: r.userinfo, view: 'UserInfoView' },
      { route: r.logout, view: 'RPInitiatedLogoutView', page: true },
    ],
    options,
  );
}
