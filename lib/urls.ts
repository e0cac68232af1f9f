import Router from '@koa/router';

import { ImproperlyConfigured } from './errors.js';
import { oauth2Settings } from './settings/store.js';
import { registerOidcRoutes } from './urls/oidc.js';
import { metadataPath, OAUTH2_ROUTES } from './urls/paths.js';
import { oauth2ViewClasses, registerGroup, type OAuth2ViewClasses } from './urls/views.js';
import { OAuthServerMetadataView } from './views/metadata.js';

export { OAUTH2_ROUTES, METADATA_WELL_KNOWN, metadataPath } from './urls/paths.js';
export { oauth2ViewClasses, registerGroup, DEFAULT_VIEW_CLASSES } from './urls/views.js';
export type { OAuth2ViewClasses, MountableView, GroupRoute } from './urls/views.js';

/**
 * The options of `oauth2Routes()`: one shape that each route group extends with its own options and view names.
 */
export interface OAuth2RoutesOptions {
  /**
   * Views to mount in place of the built-in ones, by DOT's view name (`AuthorizationView`, `TokenView`, ...); the
   * route names and paths stay DOT's. A name that is not one of `OAuth2ViewClasses` is refused.
   */
  views?: Partial<OAuth2ViewClasses>;
}

/**
 * Register DOT's OAuth 2 routes (`base_urlpatterns`) on `router` with DOT's names, each with `router.all` so the
 * view answers 405 and OPTIONS itself: `authorize/`, `token/`, `revoke_token/`, `introspect/`, then each route group
 * (the OpenID Connect routes of `registerOidcRoutes()`, 404 while OIDC is off). Mount it under any prefix; the
 * `issuer` setting must be the URL of that prefix, since endpoint URLs and `iss` are built from it: without one,
 * building the routes throws `ImproperlyConfigured`.
 *
 * @example
 * class MyAuthorizationView extends AuthorizationView {}
 * const oauth = oauth2Routes(new Router({ prefix: '/o' }), { views: { AuthorizationView: MyAuthorizationView } });
 * app.use(oauth.routes()).use(oauth.allowedMethods());   // oauth.url('oauth2_provider:token') === '/o/token/'
 */
export function oauth2Routes(router: Router = new Router(), options: OAuth2RoutesOptions = {}): Router {
  requireIssuer('oauth2Routes()');
  const views = oauth2ViewClasses(options.views);
  // One line per route group; each group's views are named in OAuth2ViewClasses.
  registerBaseRoutes(router, views);
  registerOidcRoutes(router, views);
  return router;
}

/** Register the four OAuth 2 endpoints of DOT's `base_urlpatterns`; `views` replaces any of them by name. */
export function registerBaseRoutes(router: Router, views: Partial<OAuth2ViewClasses> = {}): Router {
  const r = OAUTH2_ROUTES;
  return registerGroup(
    router,
    [
      { route: r.authorize, view: 'AuthorizationView' },
      { route: r.token, view: 'TokenView' },
      { route: r.revokeToken, view: 'RevokeTokenView' },
      { route: r.introspect, view: 'IntrospectTokenView' },
    ],
    views,
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
