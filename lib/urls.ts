import Router from '@koa/router';

import { ImproperlyConfigured } from './errors.js';
import { oauth2Settings } from './settings/store.js';
import { registerDeviceRoutes } from './urls/device.js';
import { registerOidcRoutes } from './urls/oidc.js';
import { metadataPath, OAUTH2_ROUTES } from './urls/paths.js';
import { AuthorizationView } from './views/authorization.js';
import { IntrospectTokenView } from './views/introspect.js';
import { OAuthServerMetadataView } from './views/metadata.js';
import { RevokeTokenView } from './views/revoke.js';
import { TokenView } from './views/token.js';

export { OAUTH2_ROUTES, METADATA_WELL_KNOWN, metadataPath } from './urls/paths.js';

/**
 * Register DOT's OAuth 2 routes (`base_urlpatterns`) on `router` with DOT's names, each with `router.all` so the
 * view answers 405 and OPTIONS itself: `authorize/`, `token/`, `revoke_token/`, `introspect/`, the device grant's
 * routes of `registerDeviceRoutes()`, and the OpenID Connect routes of `registerOidcRoutes()` (404 while OIDC is off). Mount it under
 * any prefix; the `issuer` setting should be the URL of that prefix, since endpoint URLs are built from it.
 *
 * @example
 * const oauth = oauth2Routes(new Router({ prefix: '/o' }));
 * app.use(oauth.routes()).use(oauth.allowedMethods());   // oauth.url('oauth2_provider:token') === '/o/token/'
 */
export function oauth2Routes(router: Router = new Router()): Router {
  const r = OAUTH2_ROUTES;
  router.all(r.authorize.name, r.authorize.path, AuthorizationView.asView());
  router.all(r.token.name, r.token.path, TokenView.asView());
  router.all(r.revokeToken.name, r.revokeToken.path, RevokeTokenView.asView());
  router.all(r.introspect.name, r.introspect.path, IntrospectTokenView.asView());
  registerDeviceRoutes(router);
  return registerOidcRoutes(router);
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
export function oauth2MetadataRoutes({ issuer = oauth2Settings().issuer }: MetadataRoutesOptions = {}): Router {
  if (!issuer) {
    throw new ImproperlyConfigured(
      'oauth2MetadataRoutes() needs the issuer: pass { issuer } or call configure({ issuer }) before building routes',
    );
  }
  const router = new Router();
  router.all('oauth2_provider:oauth-server-metadata', metadataPath(issuer), OAuthServerMetadataView.asView({ issuer }));
  return router;
}
