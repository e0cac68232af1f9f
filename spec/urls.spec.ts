import Router from '@koa/router';
import { expect } from 'chai';
import Koa from 'koa';
import request from 'supertest';
import { ImproperlyConfigured } from '../lib/errors.js';
import { configure } from '../lib/settings.js';
import { AuthorizationView } from '../lib/views/authorization.js';
import { TokenView } from '../lib/views/token.js';
import { View } from '../lib/views/view.js';
import { testOrm, useTransaction } from './helpers/db.js';
import { metadataPath, oauth2MetadataRoutes, oauth2Routes, type OAuth2ViewClasses } from '../lib/urls.js';

describe('oauth2Routes()', () => {
  const em = useTransaction();

  it("registers DOT's route names and paths under the router's prefix", () => {
    const router = oauth2Routes(new Router({ prefix: '/o' }));
    expect(router.url('oauth2_provider:authorize')).to.equal('/o/authorize/');
    expect(router.url('oauth2_provider:token')).to.equal('/o/token/');
    expect(router.url('oauth2_provider:revoke-token')).to.equal('/o/revoke_token/');
    expect(router.url('oauth2_provider:introspect')).to.equal('/o/introspect/');
  });

  it('mounts under any prefix, here nested in a parent router', async () => {
    const parent = new Router();
    parent.use('/auth/v1', oauth2Routes().routes());
    const app = new Koa();
    app.use(async (ctx, next) => {
      ctx.state['em'] = em();
      await next();
    });
    app.use(parent.routes());
    const res = await request(app.callback()).post('/auth/v1/token/').type('form').send({ grant_type: 'password' });
    expect(res.status).to.equal(400);
    expect(res.body.error).to.equal('unsupported_grant_type');
  });

  it('lets each view answer methods it does not serve with 405 (router.all)', async () => {
    const router = oauth2Routes(new Router({ prefix: '/o' }));
    const app = new Koa().use(router.routes()).use(router.allowedMethods());
    const res = await request(app.callback()).put('/o/token/');
    expect(res.status).to.equal(405);
    expect(res.headers['allow']).to.equal('POST, OPTIONS');
  });
});

describe('oauth2Routes(router, { views })', () => {
  const em = useTransaction();

  function serve(router: Router): Koa {
    const app = new Koa();
    app.use(async (ctx, next) => {
      ctx.state['em'] = em();
      await next();
    });
    app.use(router.routes()).use(router.allowedMethods());
    return app;
  }

  it("mounts an app's view in place of a built-in one, under DOT's route name and path", async () => {
    class MyTokenView extends TokenView {
      override async post(): Promise<void> {
        this.ctx.body = { mine: true };
      }
    }
    const router = oauth2Routes(new Router({ prefix: '/o' }), { views: { TokenView: MyTokenView } });
    expect(router.url('oauth2_provider:token')).to.equal('/o/token/');
    const res = await request(serve(router).callback()).post('/o/token/').type('form').send({ grant_type: 'x' });
    expect(res.body).to.deep.equal({ mine: true });
    // The others stay the toolkit's.
    const revoke = await request(serve(router).callback()).post('/o/revoke_token/').type('form').send({});
    expect(revoke.body.error).to.equal('invalid_request');
  });

  it('replaces the views of every route group, the OpenID Connect ones too, with any concrete view', async () => {
    class MyUserInfoView extends View {
      async get(): Promise<void> {
        this.ctx.body = { sub: 'mine' };
      }
    }
    const router = oauth2Routes(new Router({ prefix: '/o' }), { views: { UserInfoView: MyUserInfoView } });
    const res = await request(serve(router).callback()).get('/o/userinfo/');
    expect(res.body).to.deep.equal({ sub: 'mine' });
  });

  it('runs pageMiddleware before the pages that act for the logged-in user, never before an endpoint', async () => {
    const seen: string[] = [];
    const session: Koa.Middleware = async (ctx, next) => {
      seen.push(ctx.path);
      await next();
    };
    const app = serve(oauth2Routes(new Router({ prefix: '/o' }), { pageMiddleware: [session] }));
    const pages = ['/o/authorize/', '/o/logout/', '/o/applications/', '/o/authorized_tokens/', '/o/device/'];
    const endpoints = ['/o/token/', '/o/revoke_token/', '/o/introspect/', '/o/userinfo/', '/o/device-authorization/'];
    for (const path of [...pages, ...endpoints]) await request(app.callback()).get(path);
    expect(seen).to.deep.equal(pages);
  });

  it('leaves the management pages out with managementPages: false', async () => {
    const router = oauth2Routes(new Router({ prefix: '/o' }), { managementPages: false });
    expect(router.url('oauth2_provider:list')).to.be.instanceOf(Error); // @koa/router: no route of that name
    expect((await request(serve(router).callback()).get('/o/applications/')).status).to.equal(404);
    expect(router.url('oauth2_provider:token')).to.equal('/o/token/');
  });

  it('refuses a view name it does not mount, and a value that is not a view class', () => {
    const typo = { AuthorisationView: AuthorizationView } as unknown as Partial<OAuth2ViewClasses>;
    expect(() => oauth2Routes(new Router(), { views: typo })).to.throw(ImproperlyConfigured, /AuthorisationView/);
    const notAView = { TokenView: () => undefined } as unknown as Partial<OAuth2ViewClasses>;
    expect(() => oauth2Routes(new Router(), { views: notAView })).to.throw(ImproperlyConfigured, /TokenView/);
  });

  it('refuses to build the routes without an issuer, and so does oauth2MetadataRoutes()', () => {
    configure({ orm: testOrm(), issuer: '' });
    expect(() => oauth2Routes(new Router())).to.throw(ImproperlyConfigured, /oauth2Routes\(\) needs the issuer/);
    expect(() => oauth2MetadataRoutes()).to.throw(ImproperlyConfigured, /oauth2MetadataRoutes\(\) needs the issuer/);
    expect(oauth2MetadataRoutes({ issuer: 'https://as.example/o' }).stack).to.have.length(1);
  });
});

describe('metadataPath()', () => {
  it('puts the well-known suffix between host and issuer path (RFC 8414 §3.1)', () => {
    expect(metadataPath('http://host/o')).to.equal('/.well-known/oauth-authorization-server/o');
    expect(metadataPath('https://host/tenant/one/')).to.equal('/.well-known/oauth-authorization-server/tenant/one');
    expect(metadataPath('https://host')).to.equal('/.well-known/oauth-authorization-server');
  });
});
