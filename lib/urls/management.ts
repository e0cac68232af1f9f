import type Router from '@koa/router';

import { MANAGEMENT_ROUTES } from './paths.js';
import { registerGroup, type RouteGroupOptions } from './views.js';

/**
 * Register DOT's management pages on `router` with DOT's names: the logged-in user's applications (`applications/`,
 * `register/`, `<pk>/`, `<pk>/update/`, `<pk>/delete/`) and authorized tokens (`authorized_tokens/`,
 * `<pk>/delete/`). `oauth2Routes()` registers them unless told `managementPages: false`.
 *
 * @example
 * class MyList extends ApplicationList { override paginateBy = 50; }
 * oauth2Routes(router, { views: { ApplicationList: MyList } });
 */
export function registerManagementRoutes(router: Router, options: RouteGroupOptions = {}): Router {
  const r = MANAGEMENT_ROUTES;
  return registerGroup(
    router,
    [
      { route: r.list, view: 'ApplicationList', page: true },
      // `register/` before `<pk>/`, which would otherwise take it.
      { route: r.register, view: 'ApplicationRegistration', page: true },
      { route: r.detail, view: 'ApplicationDetail', page: true },
      { route: r.delete, view: 'ApplicationDelete', page: true },
      { route: r.update, view: 'ApplicationUpdate', page: true },
      { route: r.authorizedTokenList, view: 'AuthorizedTokensList', page: true },
      { route: r.authorizedTokenDelete, view: 'AuthorizedTokenDelete', page: true },
    ],
    options,
  );
}
