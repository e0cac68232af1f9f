/**
 * The OpenID provider the end-to-end spec talks to: a Koa app listening on 127.0.0.1 with a login form (CSRF, signed
 * session cookies), `oauth2Routes()` under /o, OIDC and RP-initiated logout on, and committed data (second tier,
 * ARCHITECTURE.md, Tests), truncated by `close()`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import Router from '@koa/router';
import type { MikroORM } from '@mikro-orm/core';
import Koa, { type Context } from 'koa';

import { requestEntityManager } from '../../../lib/backend.js';
import { readFormBody } from '../../../lib/backend/form-body.js';
import { CSRF_FIELD_NAME, csrfToken, requireCsrf } from '../../../lib/csrf.js';
import { configure } from '../../../lib/settings.js';
import { oauth2MetadataRoutes, oauth2Routes } from '../../../lib/urls.js';
import { getTestOrm, truncateAll } from '../../helpers/db.js';
import { createApplication, createUser } from '../../helpers/factories.js';
import { User } from '../../helpers/user-entity.js';
import { RSA_KEY, userClaims } from './helpers.js';

const PASSWORD = 'correct horse battery staple';

/** A running provider and what its one registered client and user know. */
export interface Provider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  credentials: { username: string; password: string };
  /** The user's `sub`. */
  subject: string;
  email: string;
  /** (Re)apply the provider's settings (the root hooks reset them after each test), with `extra` settings on top. */
  configure(extra?: Record<string, unknown>): void;
  close(): Promise<void>;
}

/** Read the session cookies (signed `uid` and `auth_time`): the user and the login time. */
export async function sessionLogin(ctx: Context, next: Koa.Next): Promise<void> {
  const uid = ctx.cookies.get('uid', { signed: true });
  const em = requestEntityManager(ctx);
  if (uid && em) {
    ctx.state['user'] = await em.findOne(User, { id: Number(uid) });
    ctx.state['authTime'] = new Date(Number(ctx.cookies.get('auth_time', { signed: true })));
  }
  await next();
}

/** The login page: a form with CSRF, `next`, username and password. */
function loginRoutes(router: Router): void {
  router.get('/accounts/login/', (ctx) => {
    const next = typeof ctx.query['next'] === 'string' ? ctx.query['next'] : '/';
    const escaped = next.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
    ctx.type = 'html';
    ctx.body =
      '<!DOCTYPE html><title>Log in</title><form method="post" action="/accounts/login/">' +
      `<input type="hidden" name="${CSRF_FIELD_NAME}" value="${csrfToken(ctx)}">` +
      `<input type="hidden" name="next" value="${escaped}">` +
      '<input name="username"><input type="password" name="password"><button>Log in</button></form>';
  });
  router.post('/accounts/login/', async (ctx) => {
    const form = new URLSearchParams((await readFormBody(ctx)) ?? '');
    if (!requireCsrf(ctx, form.get(CSRF_FIELD_NAME) ?? undefined)) return;
    const user = await requestEntityManager(ctx)?.findOne(User, { username: form.get('username') ?? '' });
    if (!user || form.get('password') !== PASSWORD) {
      ctx.status = 401;
      return;
    }
    ctx.cookies.set('uid', String(user.id), { signed: true, httpOnly: true });
    ctx.cookies.set('auth_time', String(Date.now()), { signed: true, httpOnly: true });
    const next = form.get('next') ?? '/';
    ctx.redirect(next.startsWith('/') && !next.startsWith('//') ? next : '/');
  });
}

/** Start the provider on an ephemeral port, with one user and one confidential RS256 client. */
export async function startProvider(): Promise<Provider> {
  const orm: MikroORM = await getTestOrm();
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${base}/o`;
  const apply = (): void => {
    configure({
      orm,
      issuer,
      oidcEnabled: true,
      oidcRsaPrivateKey: RSA_KEY,
      oidcRpInitiatedLogoutEnabled: true,
      scopes: { openid: 'OpenID Connect', profile: 'Profile', email: 'Email', read: 'Read', write: 'Write' },
      defaultScopes: ['openid'],
      getUserClaims: userClaims,
      logoutUser: (ctx: Context) => {
        ctx.cookies.set('uid', null);
        ctx.cookies.set('auth_time', null);
      },
    });
  };
  apply();
  const app = new Koa();
  app.keys = ['oidc-e2e-key'];
  app.on('error', () => undefined);
  app.use(sessionLogin);
  const router = new Router();
  loginRoutes(router);
  const oauthRouter = oauth2Routes(new Router({ prefix: '/o' }));
  app.use(router.routes()).use(router.allowedMethods());
  app.use(oauthRouter.routes()).use(oauthRouter.allowedMethods());
  app.use(oauth2MetadataRoutes().routes());
  server.on('request', app.callback());

  const em = orm.em.fork();
  const user = await createUser(em, { username: 'e2e-alice', firstName: 'Alice', email: 'alice@example.com' });
  const redirectUri = `${base}/cb`;
  const postLogoutRedirectUri = `${base}/`;
  const { application, clientSecret } = await createApplication(em, {
    name: 'E2E client',
    redirectUris: redirectUri,
    postLogoutRedirectUris: postLogoutRedirectUri,
    algorithm: 'RS256',
  });
  return {
    issuer,
    clientId: application.clientId,
    clientSecret,
    redirectUri,
    postLogoutRedirectUri,
    credentials: { username: user.username, password: PASSWORD },
    subject: String(user.id),
    email: 'alice@example.com',
    configure: apply,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await truncateAll(orm);
    },
  };
}
