import { fileURLToPath } from 'node:url';
import Router from '@koa/router';
import type { MikroORM } from '@mikro-orm/core';
import Koa, { type Context } from 'koa';
import { koaBody } from 'koa-body';
import { configure, oauth2MetadataRoutes, oauth2Routes, protectedResource } from '../lib/index.js';
import { EXAMPLE_SCOPES, userClaims } from './claims.js';
import { authenticate, currentUser, logout, requestEm, sessionAuthTime } from './auth.js';
import { databaseOutage } from './outage.js';
import { securityHeaders } from './security-headers.js';
import { sessionMiddleware } from './session.js';
import { ClientView, HelloView, me, ReadWriteView, ScopedView } from './views/api.js';
import { CallbackView } from './views/callback.js';
import { HomeView } from './views/home.js';
import { LoginView } from './views/login.js';
import { LogoutView } from './views/logout.js';

/** The example app's templates, searched before the toolkit's. */
export const TEMPLATES_DIR = fileURLToPath(new URL('./templates/', import.meta.url));

/** What `createApp()` needs. */
export interface ExampleAppOptions {
  orm: MikroORM;
  /** Sign the session and CSRF cookies (`app.keys`). */
  keys: readonly string[];
  /** The issuer identifier, e.g. `http://127.0.0.1:8000/o`. */
  issuer: string;
  /** Overrides of the toolkit settings (the JSON file of `OAUTH2_PROVIDER_SETTINGS_FILE`). */
  settings?: Record<string, unknown>;
  /** Trust `X-Forwarded-*` (Koa's `app.proxy`), only behind a reverse proxy that sets them; Secure cookies follow. */
  proxy?: boolean;
  /** PEM RSA key that signs ID tokens; OpenID Connect is on when given (boot() passes the DATA_DIR key). */
  oidcRsaPrivateKey?: string;
}

/** Configure the toolkit for the example app: its hooks and templates, then the overrides (validated by `configure`). */
export function configureToolkit({
  orm,
  issuer,
  settings = {},
  oidcRsaPrivateKey,
}: Omit<ExampleAppOptions, 'keys'>): void {
  const extraDirs = settings.templateDirs;
  configure({
    issuer,
    loginUrl: '/accounts/login/',
    getAuthTime: sessionAuthTime,
    authenticateUser: (username: string, password: string, ctx: Context) =>
      authenticate(requestEm(ctx), username, password),
    logoutUser: logout,
    ...(oidcRsaPrivateKey
      ? {
          oidcEnabled: true,
          oidcRsaPrivateKey,
          oidcRpInitiatedLogoutEnabled: true,
          scopes: EXAMPLE_SCOPES,
          defaultScopes: ['read'],
          getUserClaims: userClaims,
        }
      : {}),
    ...settings,
    // An app's own folders (from the file) come first, then the example's, then the toolkit's.
    templateDirs: Array.isArray(extraDirs)
      ? [...(extraDirs as string[]), TEMPLATES_DIR]
      : (extraDirs ?? [TEMPLATES_DIR]),
    orm,
  } as Parameters<typeof configure>[0]);
}

/**
 * Build the example app: cookie sessions, the logged-in user on `ctx.state.user`, the home, login and logout pages,
 * the demo client's callback page, the protected `/api/*` resources, and the toolkit's endpoints under the issuer's path.
 * The toolkit is configured here, so an unknown or ill-typed settings key fails now, naming the key.
 */
export function createApp(options: ExampleAppOptions): Koa {
  configureToolkit(options);
  const app = new Koa();
  app.keys = [...options.keys];
  app.proxy = options.proxy ?? false;
  app.use(securityHeaders());
  app.use(databaseOutage());
  app.use(sessionMiddleware(app));
  app.use(async (ctx, next) => {
    // One EntityManager per request, unless a test put its own (DESIGN.md: ctx.state.em is looked at first).
    ctx.state.em ??= options.orm.em.fork();
    await next();
  });
  app.use(currentUser());
  // Only the example's forms need a parsed body; the toolkit's endpoints read theirs raw (DESIGN.md).
  const form = koaBody({ urlencoded: true, json: false, text: false, multipart: false });
  const router = new Router();
  router.all('home', '/', HomeView.asView());
  router.all('login', '/accounts/login/', form, LoginView.asView());
  router.all('logout', '/accounts/logout/', form, LogoutView.asView());
  router.all('callback', '/callback', CallbackView.asView());
  router.get('api-me', '/api/me', protectedResource({ scopes: ['read'] }), me);
  router.all('api-hello', '/api/hello', HelloView.asView());
  router.all('api-scoped', '/api/scoped', ScopedView.asView());
  router.all('api-rw', '/api/rw', ReadWriteView.asView());
  router.all('api-client', '/api/client', ClientView.asView());
  app.use(router.routes()).use(router.allowedMethods());
  // The toolkit's endpoints live under the issuer's path (their URLs are built from it), the RFC 8414 document
  // at the host's root (`/.well-known/oauth-authorization-server/o`).
  const prefix = new URL(options.issuer).pathname.replace(/\/+$/, '');
  const oauth = oauth2Routes(new Router(prefix ? { prefix } : {}));
  app.use(oauth.routes()).use(oauth.allowedMethods());
  app.use(oauth2MetadataRoutes({ issuer: options.issuer }).routes());
  return app;
}
