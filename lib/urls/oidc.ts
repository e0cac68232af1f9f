import type Router from '@koa/router';

import { OIDC_ROUTES } from '../views/oidc/paths.js';
import { oauth2ViewClasses, type OAuth2ViewClasses } from './views.js';

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
export function registerOidcRoutes(router: Router, views: Partial<OAuth2ViewClasses> = {}): Router {
  const r = OIDC_ROUTES;
  const v = oauth2ViewClasses(views);
  router.all(r.discovery.name, r.discovery.path, v.ConnectDiscoveryInfoView.asView());
  router.all(r.jwks.name, r.jwks.path, v.JwksInfoView.asView());
  router.all(r.userinfo.name, r.userinfo.path, v.UserInfoView.asView());
  router.all(r.logout.name, r.logout.path, v.RPInitiatedLogoutView.asView());
  return router;
}
