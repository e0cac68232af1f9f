import type Router from '@koa/router';
import { expect } from 'chai';
import type { Context } from 'koa';
import request from 'supertest';
import { useTransaction } from './helpers/db.js';
import { buildApp, TEST_USER_HEADER } from './helpers/app.js';
import { createAccessToken, createApplication, createUser } from './helpers/factories.js';
import { oauth2TokenMiddleware, protectedResource, rwProtectedResource } from '../lib/middleware.js';
import type { OAuth2State } from '../lib/mixins/protected-resource.js';

const echo = (ctx: Context) => {
  const state = ctx.state['oauth2'] as OAuth2State | undefined;
  ctx.body = {
    scopes: state?.scopes ?? null,
    user: (ctx.state['user'] as { id: number } | null | undefined)?.id ?? null,
  };
};

describe('middleware forms', () => {
  const em = useTransaction();
  const tokenFor = async (scope: string, withUser = true) => {
    const user = withUser ? await createUser(em()) : null;
    const { application } = await createApplication(em());
    return { user, token: (await createAccessToken(em(), { application, user, scope })).token };
  };

  describe('protectedResource({ scopes })', () => {
    const routes = (router: Router) => {
      router.get('/plain', protectedResource(), echo);
      router.all('/scoped', protectedResource({ scopes: ['write'] }), echo);
    };
    const app = () => buildApp({ em, routes }).callback();

    it('passes a valid token to the next middleware with ctx.state.oauth2', async () => {
      const { token } = await tokenFor('read');
      const res = await request(app()).get('/plain').set('Authorization', `Bearer ${token}`);
      expect(res.status).to.equal(200);
      expect(res.body.scopes).to.deep.equal(['read']);
    });

    it('answers 401 without a token and 403 insufficient_scope without the scope', async () => {
      const none = await request(app()).get('/plain');
      expect(none.status).to.equal(401);
      expect(none.headers['www-authenticate']).to.equal('Bearer realm="oauth2"');
      const { token } = await tokenFor('read');
      const scoped = await request(app()).get('/scoped').set('Authorization', `Bearer ${token}`);
      expect(scoped.status).to.equal(403);
      expect(scoped.headers['www-authenticate']).to.include('scope="write"');
    });

    it('sends X-Content-Type-Options: nosniff with its answers and the route’s', async () => {
      const { token } = await tokenFor('read');
      const refused = await request(app()).get('/plain');
      const served = await request(app()).get('/plain').set('Authorization', `Bearer ${token}`);
      expect([refused.status, served.status]).to.deep.equal([401, 200]);
      expect(refused.headers['x-content-type-options']).to.equal('nosniff');
      expect(served.headers['x-content-type-options']).to.equal('nosniff');
    });

    it('lets OPTIONS through to the route', async () => {
      const res = await request(app()).options('/scoped');
      expect(res.status).to.equal(200);
    });
  });

  describe('rwProtectedResource({ scopes })', () => {
    const routes = (router: Router) => router.all('/rw', rwProtectedResource({ scopes: ['read'] }), echo);

    it('needs the write scope for POST and only read for GET, request after request (DOT #1738)', async () => {
      const app = buildApp({ em, routes }).callback();
      const reader = await tokenFor('read');
      const writer = await tokenFor('read write');
      expect((await request(app).post('/rw').set('Authorization', `Bearer ${reader.token}`)).status).to.equal(403);
      expect((await request(app).post('/rw').set('Authorization', `Bearer ${writer.token}`)).status).to.equal(200);
      expect((await request(app).get('/rw').set('Authorization', `Bearer ${reader.token}`)).status).to.equal(200);
      const again = await request(app).post('/rw').set('Authorization', `Bearer ${reader.token}`);
      expect(again.headers['www-authenticate']).to.include('scope="read write"');
    });
  });

  describe('oauth2TokenMiddleware()', () => {
    const build = () =>
      buildApp({ em, middleware: [oauth2TokenMiddleware()], routes: (r) => r.get('/me', echo) }).callback();

    it('sets ctx.state.user from a valid bearer token and adds Vary: Authorization', async () => {
      const { user, token } = await tokenFor('read');
      const res = await request(build()).get('/me').set('Authorization', `Bearer ${token}`);
      expect(res.body).to.deep.equal({ scopes: ['read'], user: user!.id });
      expect(res.headers['vary']).to.include('Authorization');
    });

    it('leaves an already logged-in user alone', async () => {
      const session = await createUser(em());
      const { token } = await tokenFor('read');
      const res = await request(build())
        .get('/me')
        .set(TEST_USER_HEADER, String(session.id))
        .set('Authorization', `Bearer ${token}`);
      expect(res.body).to.deep.equal({ scopes: null, user: session.id });
    });

    it('ignores an invalid token, leaving the decision to the route', async () => {
      const res = await request(build()).get('/me').set('Authorization', 'Bearer not-a-token');
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ scopes: null, user: null });
      expect(res.headers['vary']).to.include('Authorization');
    });

    it('leaves a form body unread for the app', async () => {
      const { user, token } = await tokenFor('read');
      const routes = (r: Router) =>
        r.post('/form', async (ctx) => {
          const chunks: Buffer[] = [];
          for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
          ctx.body = { user: (ctx.state['user'] as { id: number }).id, raw: Buffer.concat(chunks).toString() };
        });
      const app = buildApp({ em, middleware: [oauth2TokenMiddleware()], routes }).callback();
      const res = await request(app).post('/form').set('Authorization', `Bearer ${token}`).type('form').send('a=1');
      expect(res.body).to.deep.equal({ user: user!.id, raw: 'a=1' });
    });

    it('sets no user for a token without one (client credentials)', async () => {
      const { token } = await tokenFor('read', false);
      const res = await request(build()).get('/me').set('Authorization', `Bearer ${token}`);
      expect(res.body.user).to.equal(null);
    });
  });
});
