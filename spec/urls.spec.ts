import Router from '@koa/router';
import { expect } from 'chai';
import Koa from 'koa';
import request from 'supertest';
import { useTransaction } from './helpers/db.js';
import { metadataPath, oauth2Routes } from '../lib/urls.js';

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

describe('metadataPath()', () => {
  it('puts the well-known suffix between host and issuer path (RFC 8414 §3.1)', () => {
    expect(metadataPath('http://host/o')).to.equal('/.well-known/oauth-authorization-server/o');
    expect(metadataPath('https://host/tenant/one/')).to.equal('/.well-known/oauth-authorization-server/tenant/one');
    expect(metadataPath('https://host')).to.equal('/.well-known/oauth-authorization-server');
  });
});
