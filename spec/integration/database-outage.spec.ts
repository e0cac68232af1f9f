/**
 * A database that refuses connections is an outage, not a bug: every toolkit endpoint answers 503 with
 * `Retry-After` — `temporarily_unavailable` JSON at the OAuth and resource endpoints and the middleware, the error
 * page at the HTML ones — and never a 500, a stack trace or SQL. The ORM here points at a port where nothing listens,
 * so every statement fails with a real ECONNREFUSED, on PGlite runs and PostgreSQL runs alike.
 */
import type Router from '@koa/router';
import { MikroORM } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { expect } from 'chai';
import type Koa from 'koa';
import request from 'supertest';

import { oauth2TokenMiddleware, protectedResource } from '../../lib/middleware.js';
import { configure, oauth2Entities } from '../../lib/settings.js';
import { ClientProtectedResourceView, ProtectedResourceView } from '../../lib/views/generic.js';
import { buildApp } from '../helpers/app.js';
import { basic } from '../helpers/basic-auth.js';
import { UserSchema } from '../helpers/user-entity.js';
import { oidcSettings, emptySession } from '../views/oidc/helpers.js';
import { expectUnavailable } from '../helpers/unavailable.js';

// Port 1 (tcpmux) is never served here: connecting is refused at once.
const UNREACHABLE = 'postgres://root@127.0.0.1:1/unreachable';

class Hello extends ProtectedResourceView {
  async get(): Promise<void> {
    this.ctx.body = { ok: true };
  }
}
class Client extends ClientProtectedResourceView {
  async get(): Promise<void> {
    this.ctx.body = { ok: true };
  }
}

describe('a database that refuses connections: 503 with Retry-After, never a 500', () => {
  const session = emptySession();
  let orm: MikroORM;
  let app: Koa;
  let reached: boolean;

  before(async () => {
    orm = await MikroORM.init({
      driver: PostgreSqlDriver,
      clientUrl: UNREACHABLE,
      entities: [UserSchema, ...oauth2Entities({ userEntity: UserSchema })],
      connect: false,
      debug: false,
    });
  });

  after(async () => {
    await orm?.close(true);
  });

  beforeEach(() => {
    configure({ orm, ...oidcSettings(session, { oidcRpInitiatedLogoutEnabled: true }) });
    reached = false;
    const routes = (router: Router) => {
      router.all('hello', '/api/hello', Hello.asView());
      router.all('client', '/api/client', Client.asView());
      router.get('/api/middleware', protectedResource(), (ctx) => {
        reached = true;
        ctx.body = { ok: true };
      });
    };
    // A logged-in user that needs no database: the pages get as far as their first statement.
    const login: Koa.Middleware = async (ctx, next) => {
      ctx.state['user'] = { id: 1, username: 'alice' };
      await next();
    };
    app = buildApp({ em: () => orm.em.fork(), middleware: [login], routes });
  });

  it('the token endpoint answers temporarily_unavailable JSON', async () => {
    const res = await request(app.callback())
      .post('/o/token/')
      .set('Authorization', basic('client', 'secret'))
      .type('form')
      .send({ grant_type: 'client_credentials' });
    expectUnavailable(res, 'json');
  });

  it('the token endpoint answers a CORS preflight, which looks up origins, the same way', async () => {
    const res = await request(app.callback())
      .options('/o/token/')
      .set('Origin', 'https://spa.example')
      .set('Access-Control-Request-Method', 'POST');
    expectUnavailable(res, 'json');
  });

  for (const path of ['/o/revoke_token/', '/o/introspect/']) {
    it(`${path} answers temporarily_unavailable JSON`, async () => {
      const res = await request(app.callback())
        .post(path)
        .set('Authorization', basic('client', 'secret'))
        .type('form')
        .send({ token: 'some-token' });
      expectUnavailable(res, 'json');
    });
  }

  for (const path of ['/o/userinfo/', '/api/hello', '/api/client']) {
    it(`${path} answers a bearer token with temporarily_unavailable JSON`, async () => {
      const res = await request(app.callback()).get(path).set('Authorization', 'Bearer some-token');
      expectUnavailable(res, 'json');
    });
  }

  it('a client-protected view answers client credentials the same way', async () => {
    const res = await request(app.callback()).get('/api/client').set('Authorization', basic('client', 'secret'));
    expectUnavailable(res, 'json');
  });

  it('protectedResource() answers temporarily_unavailable JSON and never calls the route', async () => {
    const res = await request(app.callback()).get('/api/middleware').set('Authorization', 'Bearer some-token');
    expectUnavailable(res, 'json');
    expect(reached).to.equal(false);
  });

  it('oauth2TokenMiddleware() answers 503 rather than serve a bearer request as anonymous', async () => {
    const tokenApp = buildApp({
      em: () => orm.em.fork(),
      middleware: [oauth2TokenMiddleware()],
      routes: (router) =>
        router.get('/page', (ctx) => {
          reached = true;
          ctx.body = 'served';
        }),
    });
    const res = await request(tokenApp.callback()).get('/page').set('Authorization', 'Bearer some-token');
    expectUnavailable(res, 'json');
    expect(res.headers['vary']).to.equal('Authorization');
    expect(reached).to.equal(false);
  });

  it('the authorization page answers the 503 error page, never a redirect', async () => {
    const res = await request(app.callback()).get(
      '/o/authorize/?response_type=code&client_id=client&redirect_uri=https%3A%2F%2Frp.example%2Fcb&scope=openid',
    );
    expectUnavailable(res, 'html');
  });

  it('the logout page answers the 503 error page', async () => {
    const res = await request(app.callback()).get('/o/logout/?client_id=client');
    expectUnavailable(res, 'html');
  });
});
