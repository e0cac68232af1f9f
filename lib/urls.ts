import Router from '@koa/router';

import { ImproperlyConfigured } from './errors.js';
import { oauth2Settings } from './settings/store.js';
import { registerDeviceRoutes } from './urls/device.js';
import { registerManagementRoutes } from './urls/management.js';
import { registerOidcRoutes } from './urls/oidc.js';
import { metadataPath, OAUTH2_ROUTES } from './urls/paths.js';
import { oauth2ViewClasses, registerGroup, type RouteGroupOptions } from './urls/views.js';
import { OAuthServerMetadataView } from './views/metadata.js';

export { OAUTH2_ROUTES, MANAGEMENT_ROUTES, METADATA_WELL_KNOWN, metadataPath } from './urls/paths.js';
export { registerManagementRoutes } from './urls/management.js';
export { oauth2ViewClasses, registerGroup, DEFAULT_VIEW_CLASSES } from './urls/views.js';
export type { OAuth2ViewClasses, MountableView, GroupRoute, RouteGroupOptions } from './urls/views.js';

/** The options of `oauth2Routes()`: the groups' own (`views`, `pageMiddleware`), and which groups to mount. */
export interface OAuth2RoutesOptions extends RouteGroupOptions {
  /**
   * Mount DOT's management pages (`applications/...`, `authorized_tokens/...`); default true, as DOT's URLs do. An
   * app with an admin of its own turns them off.
   */
  managementPages?: boolean;
}

/**
 * Register DOT's OAuth 2 routes (`base_urlpatterns`) on `router` with DOT's names, each with `router.all` so the
 * view answers 405 and OPTIONS itself: `authorize/`, `token/`, `revoke_token/`, `introspect/`, then each route group:
 * DOT's management pages (`registerManagementRoutes()`, unless `managementPages: false`), the device grant's routes
 * (`registerDeviceRoutes()`, 404 or `unsupported_grant_type` while the grant is off) and the OpenID Connect
 * routes of `registerOidcRoutes()` (404 while OIDC is off). Mount it under any prefix; the `issuer` setting must be
 * the URL of that prefix, since endpoint URLs and `iss` are built from it: without one, building the routes throws
 * `ImproperlyConfigured`. The pages that act for the logged-in user get `pageMiddleware` (the app's session) before
 * them; the endpoints do not.
 *
 * @example
 * class MyAuthorizationView extends AuthorizationView {}
 * const oauth = oauth2Routes(new Router({ prefix: '/o' }), { views: { AuthorizationView: MyAuthorizationView } });
 * app.use(oauth.routes()).use(oauth.allowedMethods());   // oauth.url('oauth2_provider:token') === '/o/token/'
 */
export function oauth2Routes(router: Router = new Router(), options: OAuth2RoutesOptions = {}): Router {
  requireIssuer('oauth2Routes()');
  const { managementPages = true, ...groupOptions } = options;
  oauth2ViewClasses(groupOptions.views); // an unknown view name is refused before any route is registered
  // One line per route group; each group's views are named in OAuth2ViewClasses.
  registerBaseRoutes(router, groupOptions);
  if (managementPages) registerManagementRoutes(router, groupOptions);
  registerDeviceRoutes(router, groupOptions);
  registerOidcRoutes(router, groupOptions);
  return router;
}

/** Register the four OAuth 2 endpoints of DOT's `base_urlpatterns`; `views` replaces any of them by name. */
export function registerBaseRoutes(router: Router, options: RouteGroupOptions = {}): Router {
  const r = OAUTH2_ROUTES;
  return registerGroup(
    router,
    [
      { route: r.authorize, view: 'AuthorizationView', page: true },
      { route: r.token, view: 'TokenView' },
      { route: r.revokeToken, view: 'RevokeTokenView' },
      { route: r.introspect, view: 'IntrospectTokenView' },
    ],
    options,
  );
}

/** Options of `oauth2MetadataRoutes()`. */
export interface MetadataRoutesOptions {
  /** The issuer (default: the `issuer` setting, which must then be configured already). */
  issuer?: string;
}

/**
 * Return a root router serving the RFC 8414 document where §3.1 puts it for the issuer: the well-known suffix
 * between host and path, so the issuer `http://host/o` is served at `/.well-known/oauth-authorization-server/o`.
 * Mount it at the root of the app, not under the OAuth prefix. Needs no OpenID Connect.
 *
 * @example
 * app.use(oauth2MetadataRoutes({ issuer: 'https://host/o' }).routes());
 */
export function oauth2MetadataRoutes({ issuer }: MetadataRoutesOptions = {}): Router {
  const resolved = issuer ?? requireIssuer('oauth2MetadataRoutes()', ' (or pass { issuer })');
  const router = new Router();
  const view = OAuthServerMetadataView.asView({ issuer: resolved });
  router.all('oauth2_provider:oauth-server-metadata', metadataPath(resolved), view);
  return router;
}

/** Return the configured issuer; refuse to build routes without one, since their URLs and `iss` come from it. */
function requireIssuer(caller: string, alternative = ''): string {
  const { issuer } = oauth2Settings();
  if (!issuer) {
    throw new ImproperlyConfigured(
      `${caller} needs the issuer, the URL the routes are mounted at: call configure({ issuer: ` +
        `'https://auth.example.com/o' }) before building the routes${alternative}`,
    );
  }
  return issuer;
}
