import type Router from '@koa/router';
import type { Middleware } from 'koa';

import { ApplicationRegistration, ApplicationUpdate } from '../views/management/application-edit.js';
import { ApplicationDelete, ApplicationDetail, ApplicationList } from '../views/management/applications.js';
import { AuthorizedTokenDelete, AuthorizedTokensList } from '../views/management/tokens.js';
import { MANAGEMENT_ROUTES } from './paths.js';

/** Replacements for the management views, by DOT's view name: a subclass's `asView()`, or any middleware. */
export interface ManagementViews {
  ApplicationList?: Middleware;
  ApplicationRegistration?: Middleware;
  ApplicationDetail?: Middleware;
  ApplicationUpdate?: Middleware;
  ApplicationDelete?: Middleware;
  AuthorizedTokensList?: Middleware;
  AuthorizedTokenDelete?: Middleware;
}

/**
 * Register DOT's management pages (`management_urlpatterns`) on `router` with DOT's names: the logged-in user's
 * applications (`applications/`, `register/`, `<pk>/`, `<pk>/update/`, `<pk>/delete/`) and authorized tokens
 * (`authorized_tokens/`, `<pk>/delete/`). `views` replaces a page by DOT's view name.
 *
 * @example
 * class MyList extends ApplicationList { override paginateBy = 50; }
 * registerManagementRoutes(router, { ApplicationList: MyList.asView() });
 */
export function registerManagementRoutes(router: Router, views: ManagementViews = {}): Router {
  const r = MANAGEMENT_ROUTES;
  // `register/` before `<pk>/`, which would otherwise take it.
  router.all(r.list.name, r.list.path, views.ApplicationList ?? ApplicationList.asView());
  router.all(r.register.name, r.register.path, views.ApplicationRegistration ?? ApplicationRegistration.asView());
  router.all(r.detail.name, r.detail.path, views.ApplicationDetail ?? ApplicationDetail.asView());
  router.all(r.delete.name, r.delete.path, views.ApplicationDelete ?? ApplicationDelete.asView());
  router.all(r.update.name, r.update.path, views.ApplicationUpdate ?? ApplicationUpdate.asView());
  router.all(
    r.authorizedTokenList.name,
    r.authorizedTokenList.path,
    views.AuthorizedTokensList ?? AuthorizedTokensList.asView(),
  );
  router.all(
    r.authorizedTokenDelete.name,
    r.authorizedTokenDelete.path,
    views.AuthorizedTokenDelete ?? AuthorizedTokenDelete.asView(),
  );
  return router;
}
