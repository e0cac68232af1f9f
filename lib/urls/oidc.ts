import type Router from '@koa/router';

import { ConnectDiscoveryInfoView } from '../views/oidc/discovery.js';
import { JwksInfoView } from '../views/oidc/jwks.js';
import { RPInitiatedLogoutView } from '../views/oidc/logout.js';
import { OIDC_ROUTES } from '../views/oidc/paths.js';
import { UserInfoView } from '../views/oidc/userinfo.js';

export { OIDC_ROUTES } from '../views/oidc/paths.js';

/**
 * Register DOT's OpenID Connect routes (`oidc_urlpatterns`) on `router` with DOT's names, each with `router.all` so
 * the view answers 405 and OPTIONS itself: `.well-known/openid-configuration` (with or without the trailing slash),
 * `.well-known/jwks.json`, `userinfo/` and `logout/`. The views answer 404 while OpenID Connect (or RP-initiated
 * logout) is off, so the routes may be registered unconditionally.
 *
 * @example
 * const oauth = registerOidcRoutes(oauth2Routes(new Router({ prefix: '/o' })));
 */
export function registerOidcRoutes(router: Router): Router {
  const r = OIDC_ROUTES;
  router.all(r.discovery.name, r.discovery.path, ConnectDiscoveryInfoView.asView());
  router.all(r.jwks.name, r.jwks.path, JwksInfoView.asView());
  router.all(r.userinfo.name, r.userinfo.path, UserInfoView.asView());
  router.all(r.logout.name, r.logout.path, RPInitiatedLogoutView.asView());
  return router;
}
