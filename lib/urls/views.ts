import type Router from '@koa/router';
import type { Middleware } from 'koa';

import { ImproperlyConfigured } from '../errors.js';
import { AuthorizationView } from '../views/authorization.js';
import { IntrospectTokenView } from '../views/introspect.js';
import { ApplicationRegistration, ApplicationUpdate } from '../views/management/application-edit.js';
import { ApplicationDelete, ApplicationDetail, ApplicationList } from '../views/management/applications.js';
import { AuthorizedTokenDelete, AuthorizedTokensList } from '../views/management/tokens.js';
import { DeviceAuthorizationView } from '../views/device/authorization.js';
import { DeviceConfirmView } from '../views/device/confirm.js';
import { DeviceGrantStatusView } from '../views/device/status.js';
import { DeviceUserCodeView } from '../views/device/user-code.js';
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
  ApplicationList: MountableView;
  ApplicationRegistration: MountableView;
  ApplicationDetail: MountableView;
  ApplicationUpdate: MountableView;
  ApplicationDelete: MountableView;
  AuthorizedTokensList: MountableView;
  AuthorizedTokenDelete: MountableView;
  DeviceAuthorizationView: MountableView;
  DeviceUserCodeView: MountableView;
  DeviceConfirmView: MountableView;
  DeviceGrantStatusView: MountableView;
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
  ApplicationList,
  ApplicationRegistration,
  ApplicationDetail,
  ApplicationUpdate,
  ApplicationDelete,
  AuthorizedTokensList,
  AuthorizedTokenDelete,
  DeviceAuthorizationView,
  DeviceUserCodeView,
  DeviceConfirmView,
  DeviceGrantStatusView,
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
  /** A page that acts for the logged-in user (consent, logout, management): `pageMiddleware` runs before it. */
  readonly page?: boolean;
}

/** What every route group takes: the views to mount in place of the built-in ones, and the pages' middleware. */
export interface RouteGroupOptions {
  /**
   * Views to mount in place of the built-in ones, by DOT's view name (`AuthorizationView`, `TokenView`, ...); the
   * route names and paths stay DOT's. A name that is not one of `OAuth2ViewClasses` is refused.
   */
  views?: Partial<OAuth2ViewClasses>;
  /**
   * Middleware to run before the pages that act for the logged-in user (the consent page, RP-initiated logout, the
   * management and device pages), typically the app's session and current-user middleware; the endpoints (token, revocation,
   * introspection, UserInfo, discovery) never need them, so they do not pay for them.
   */
  pageMiddleware?: readonly Middleware[];
}

/** Register a route group on `router`, each route with `router.all` and its view from `views` or the built-in one. */
export function registerGroup(
  router: Router,
  routes: readonly GroupRoute[],
  { views = {}, pageMiddleware = [] }: RouteGroupOptions = {},
): Router {
  const classes = oauth2ViewClasses(views);
  for (const { route, view, page } of routes) {
    router.all(route.name, route.path, ...(page ? pageMiddleware : []), classes[view].asView());
  }
  return router;
}
