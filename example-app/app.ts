import { fileURLToPath } from 'node:url';
import Router from '@koa/router';
import type { MikroORM } from '@mikro-orm/core';
import Koa, { type Context } from 'koa';
import { configure, GRANT_DEVICE_CODE, oauth2MetadataRoutes, oauth2Routes, protectedResource } from '../lib/index.js';
import { EXAMPLE_SCOPES, userClaims } from './claims.js';
import { authenticate, currentUser, logout, requestEm, sessionAuthTime } from './auth.js';
import { formBody } from './form-body.js';
import { databaseOutage } from './outage.js';
import { securityHeaders } from './security-headers.js';
import { sessionMiddleware } from './session.js';
import { databaseSessionStore } from './session-store.js';
import { ClientView, HelloView, me, noStore, ReadWriteView, ScopedView } from './views/api.js';
import { CallbackView } from './views/callback.js';
import { HomeView } from './views/home.js';
import { LoginView } from './views/login.js';
import { LogoutView } from './views/logout.js';

/** The example app's templates, searched before the toolkit's. */
export const TEMPLATES_DIR = fileURLToPath(new URL('./templates/', import.meta.url));

/** The toolkit's default grant types and the device grant, for the demo device client (`manage device-login`). */
export const EXAMPLE_GRANT_TYPES: readonly string[] = [
  'authorization_code',
  'client_credentials',
  'refresh_token',
  GRANT_DEVICE_CODE,
];

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

/**
 * Return the middleware a page needs before it runs: the session (kept in the app's database) and the logged-in
 * user on `ctx.state.user`. Mounted per router (`router.use(...browserSessionMiddleware(app))`), never app-wide, so
 * that APIs and the toolkit's endpoints pay for neither.
 */
export function browserSessionMiddleware(app: Koa): Koa.Middleware[] {
  return [sessionMiddleware(app, databaseSessionStore(requestEm)), currentUser()];
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
    grantTypesSupported: EXAMPLE_GRANT_TYPES,
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
 * Build the example app: sessions in its database, the logged-in user on `ctx.state.user`, the home, login and
 * logout pages, the demo client's callback page, the protected `/api/*` resources, and the toolkit's endpoints under
 * the issuer's path.
 * The toolkit is configured here, so an unknown or ill-typed settings key fails now, naming the key.
 */
export function createApp(options: ExampleAppOptions): Koa {
  configureToolkit(options);
  const app = new Koa();
  app.keys = [...options.keys];
  app.proxy = options.proxy ?? false;
  // One proxy in front: ctx.ip, which throttling counts failed logins by, is the address that proxy saw, never one
  // a client wrote into its own X-Forwarded-For.
  app.maxIpsCount = 1;
  app.use(securityHeaders());
  app.use(databaseOutage());
  // The browser's session and its user only where a page needs them (a router runs its `use()` middleware for its
  // own routes only): an API call or a token request makes no session key and looks no user up. The session store
  // and the pages take the request's EntityManager from the toolkit (`requestEm`), forked on first use.
  const browserSession = browserSessionMiddleware(app);
  // Only the example's forms need a parsed body; the toolkit's endpoints read theirs raw.
  const form = formBody();
  // The toolkit's endpoints live under the issuer's path (their URLs are built from it).
  const prefix = new URL(options.issuer).pathname.replace(/\/+$/, '');
  const router = new Router();
  router.use(...browserSession);
  router.all('home', '/', HomeView.asView({ oauthPrefix: prefix }));
  router.all('login', '/accounts/login/', form, LoginView.asView());
  router.all('logout', '/accounts/logout/', form, LogoutView.asView());
  router.all('callback', '/callback', CallbackView.asView());
  app.use(router.routes()).use(router.allowedMethods());
  // The protected resources: every answer, errors included, is `Cache-Control: no-store`.
  const api = new Router({ prefix: '/api' });
  api.use(noStore);
  api.get('api-me', '/me', protectedResource({ scopes: ['read'] }), me);
  api.all('api-hello', '/hello', HelloView.asView());
  api.all('api-scoped', '/scoped', ScopedView.asView());
  api.all('api-rw', '/rw', ReadWriteView.asView());
  api.all('api-client', '/client', ClientView.asView());
  app.use(api.routes()).use(api.allowedMethods());
  // The toolkit's endpoints and management pages under the issuer's path, the RFC 8414 document at the host's
  // root (`/.well-known/oauth-authorization-server/o`).
  // Of the toolkit's routes, only its pages (consent, RP-initiated logout, application management) act for the
  // logged-in user: the session runs before them alone (`pageMiddleware`), never before an endpoint.
  const oauth = oauth2Routes(new Router(prefix ? { prefix } : {}), { pageMiddleware: browserSession });
  app.use(oauth.routes()).use(oauth.allowedMethods());
  app.use(oauth2MetadataRoutes({ issuer: options.issuer }).routes());
  return app;
}
