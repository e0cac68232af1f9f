/**
 * The app under test (ARCHITECTURE.md, Tests): a Koa app with `app.keys`, the spec's transactional EntityManager on
 * `ctx.state.em`, a test login (`X-Test-User: <user id>` sets `ctx.state.user` and `ctx.state.authTime`), and
 * `oauth2Routes()` mounted under `/o` (plus the RFC 8414 router when the `issuer` setting is set).
 */
import Router from '@koa/router';
import type { EntityManager } from '@mikro-orm/core';
import Koa from 'koa';
import { configure, oauth2Settings } from '../../lib/settings.js';
import type { OAuth2SettingsInput } from '../../lib/settings/types.js';
import { oauth2MetadataRoutes, oauth2Routes, type OAuth2ViewClasses } from '../../lib/urls.js';
import { TEST_ISSUER, testOrm } from './db.js';
import { User } from './user-entity.js';

/** The header a test sends to be logged in as a user (its id). */
export const TEST_USER_HEADER = 'x-test-user';

/** Options of `buildApp()`. */
export interface BuildAppOptions {
  /** Settings for `configure({ orm, issuer: TEST_ISSUER, ...settings })`, replacing the spec's (call inside a test or `beforeEach`). */
  settings?: Partial<OAuth2SettingsInput>;
  /** Extra routes at the root: a router, or a function that registers them on one. */
  routes?: Router | ((router: Router) => void);
  /** Middleware run before the routes (e.g. `oauth2TokenMiddleware()`, `koaBody()`). */
  middleware?: Koa.Middleware[];
  /** Views mounted in place of the built-in ones (`oauth2Routes(router, { views })`). */
  views?: Partial<OAuth2ViewClasses>;
  /** The transactional EntityManager (or its accessor from `useTransaction()`). */
  em: EntityManager | (() => EntityManager);
}

/** Build the Koa app under test. */
export function buildApp(options: BuildAppOptions): Koa {
  if (options.settings) configure({ orm: testOrm(), issuer: TEST_ISSUER, ...options.settings });
  const app = new Koa();
  app.keys = ['test-key-1', 'test-key-2'];
  // Koa prints every 5xx to stderr unless the app has an error listener; the specs assert on statuses instead.
  app.on('error', () => undefined);
  const em = typeof options.em === 'function' ? options.em : () => options.em as EntityManager;
  app.use(async (ctx, next) => {
    ctx.state['em'] = em();
    const id = ctx.get(TEST_USER_HEADER);
    if (id) {
      ctx.state['user'] = await em().findOne(User, { id: Number(id) });
      ctx.state['authTime'] = new Date();
    }
    await next();
  });
  for (const middleware of options.middleware ?? []) app.use(middleware);
  const oauth = oauth2Routes(new Router({ prefix: '/o' }), { views: options.views ?? {} });
  app.use(oauth.routes()).use(oauth.allowedMethods());
  if (oauth2Settings().issuer) app.use(oauth2MetadataRoutes().routes());
  if (options.routes) {
    const router = options.routes instanceof Router ? options.routes : new Router();
    if (typeof options.routes === 'function') options.routes(router);
    app.use(router.routes()).use(router.allowedMethods());
  }
  return app;
}
