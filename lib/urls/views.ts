import type Router from '@koa/router';

import { ImproperlyConfigured } from '../errors.js';
import { AuthorizationView } from '../views/authorization.js';
import { IntrospectTokenView } from '../views/introspect.js';
import { ConnectDiscoveryInfoView } from '../views/oidc/discovery.js';
import { JwksInfoView } from '../views/oidc/jwks.js';
import { RPInitiatedLogoutView } from '../views/oidc/logout.js';
import { UserInfoView } from '../views/oidc/userinfo.js';
import { RevokeTokenView } from '../views/revoke.js';
import { TokenView } from '../views/token.js';
import type { View } from '../views/view.js';

/** A concrete view class, mounted with `asView()`: abstract views are refused by the compiler. */
export type MountableView = (new () => View) & Pick<typeof View, 'asView'>;

/**
 * The views `oauth2Routes()` mounts, by DOT's view name. Each route group adds its own names here, so that
 * `oauth2Routes(router, { views: { ... } })` can replace any of them.
 */
export interface OAuth2ViewClasses {
  AuthorizationView: MountableView;
  TokenView: MountableView;
  RevokeTokenView: MountableView;
  IntrospectTokenView: MountableView;
  ConnectDiscoveryInfoView: MountableView;
  JwksInfoView: MountableView;
  UserInfoView: MountableView;
  RPInitiatedLogoutView: MountableView;
}

/** The built-in views, by DOT's name. */
export const DEFAULT_VIEW_CLASSES: Readonly<OAuth2ViewClasses> = Object.freeze({
  AuthorizationView,
  TokenView,
  RevokeTokenView,
  IntrospectTokenView,
  ConnectDiscoveryInfoView,
  JwksInfoView,
  UserInfoView,
  RPInitiatedLogoutView,
});

/**
 * Return the built-in views with `overrides` in their place. An unknown name (a typo the compiler did not see) or a
 * value that is not a view class is refused, naming it.
 */
export function oauth2ViewClasses(overrides: Partial<OAuth2ViewClasses> = {}): OAuth2ViewClasses {
  for (const [name, cls] of Object.entries(overrides) as [string, unknown][]) {
    if (!Object.hasOwn(DEFAULT_VIEW_CLASSES, name)) {
      const known = Object.keys(DEFAULT_VIEW_CLASSES).join(', ');
      throw new ImproperlyConfigured(
        `oauth2Routes() got the view '${name}', which it does not mount; it mounts ${known}`,
      );
    }
    if (typeof cls !== 'function' || typeof (cls as { asView?: unknown }).asView !== 'function') {
      throw new ImproperlyConfigured(`oauth2Routes() got a ${name} that is not a view class (one with asView())`);
    }
  }
  return { ...DEFAULT_VIEW_CLASSES, ...overrides };
}

/** A route of a group: DOT's route name and path, and the name of the view that serves it. */
export interface GroupRoute {
  readonly route: { readonly name: string; readonly path: string };
  readonly view: keyof OAuth2ViewClasses;
}

/** Register a route group on `router`, each route with `router.all` and its view from `views` or the built-in one. */
export function registerGroup(
  router: Router,
  routes: readonly GroupRoute[],
  views: Partial<OAuth2ViewClasses> = {},
): Router {
  const classes = oauth2ViewClasses(views);
  for (const { route, view } of routes) router.all(route.name, route.path, classes[view].asView());
  return router;
}
