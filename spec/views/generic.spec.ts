import type Router from '@koa/router';
import { expect } from 'chai';
import type { Context } from 'koa';
import request from 'supertest';
import { useTransaction } from '../helpers/db.js';
import { buildApp } from '../helpers/app.js';
import { createAccessToken, createApplication, createUser } from '../helpers/factories.js';
import type { OAuth2State } from '../../lib/mixins/protected-resource.js';
import { ClientProtectedMixinCases } from '../mixins/client-protected.cases.js';
import {
  ClientProtectedResourceView,
  ClientProtectedScopedResourceView,
  ProtectedResourceView,
  ReadWriteScopedResourceView,
  ScopedProtectedResourceView,
} from '../../lib/views/generic.js';

/** Answer with what the protection put on ctx.state.oauth2. */
function echo(this: { ctx: Context }): void {
  const state = this.ctx.state['oauth2'] as OAuth2State | undefined;
  this.ctx.body = {
    ok: true,
    scopes: state?.scopes ?? null,
    user: (state?.user as { id?: number } | null)?.id ?? null,
    application: (state?.application as { clientId?: string } | null)?.clientId ?? null,
    token: state?.token ? (state.token as { expiresAt: Date }).expiresAt : null,
  };
}

class Hello extends ProtectedResourceView {
  get = echo;
}
class Scoped extends ScopedProtectedResourceView {
  override requiredScopes = ['read'];
  get = echo;
}
class Notes extends ReadWriteScopedResourceView {
  get = echo;
  post = echo;
}
class Client extends ClientProtectedResourceView {
  get = echo;
  post = echo;
}
class ClientScoped extends ClientProtectedScopedResourceView {
  override requiredScopes = ['write'];
  get = echo;
}

describe('generic protected views (DOT views/generic.py), registered on a Koa router', () => {
  const em = useTransaction();
  const routes = (router: Router) => {
    router.all('hello', '/api/hello', Hello.asView());
    router.all('scoped', '/api/scoped', Scoped.asView());
    router.all('rw', '/api/rw', Notes.asView());
    router.all('client', '/api/client', Client.asView());
    router.all('client-scoped', '/api/client-scoped', ClientScoped.asView());
  };
  const app = () => buildApp({ em, routes }).callback();

  async function bearer(scope: string) {
    const user = await createUser(em());
    const { application } = await createApplication(em());
    const { token } = await createAccessToken(em(), { application, user, scope });
    return { user, token, application };
  }

  describe('ProtectedResourceView', () => {
    it('serves a valid token and puts token, user, scopes and application on ctx.state.oauth2', async () => {
      const { user, token, application } = await bearer('read');
      const res = await request(app()).get('/api/hello').set('Authorization', `Bearer ${token}`);
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ ok: true, user: user.id, application: application.clientId });
      expect(res.body.scopes).to.deep.equal(['read']);
      expect(new Date(res.body.token).getTime()).to.be.greaterThan(Date.now());
    });

    it('answers no token with 401 and a bare Bearer challenge (RFC 6750 §3.1)', async () => {
      const res = await request(app()).get('/api/hello');
      expect(res.status).to.equal(401);
      expect(res.headers['www-authenticate']).to.equal('Bearer realm="oauth2"');
      expect(res.text).to.equal('');
    });

    for (const [label, data] of [
      ['unknown', null],
      ['expired', { expiresIn: -10 }],
      ['revoked', { revoked: new Date() }],
    ] as const) {
      it(`answers a token that is ${label} with 401 invalid_token`, async () => {
        let token = 'never-issued';
        if (data) {
          const { application } = await createApplication(em());
          token = (await createAccessToken(em(), { application, ...data })).token;
        }
        const res = await request(app()).get('/api/hello').set('Authorization', `Bearer ${token}`);
        expect(res.status).to.equal(401);
        expect(res.headers['www-authenticate']).to.match(/^Bearer realm="oauth2", error="invalid_token"/);
        expect(res.body.error).to.equal('invalid_token');
      });
    }

    it('lets OPTIONS through without a token', async () => {
      const res = await request(app()).options('/api/hello');
      expect(res.status).to.equal(200);
      expect(res.headers['allow']).to.equal('GET, HEAD, OPTIONS');
    });

    it('reads a token from a form body and leaves the body readable for the handler', async () => {
      const { token } = await bearer('read');
      class Form extends ProtectedResourceView {
        async post() {
          this.ctx.body = {
            raw: this.ctx.state['oauth2RawBody'],
            parsed: (this.ctx.request as { body?: unknown }).body,
          };
        }
      }
      const res = await request(buildApp({ em, routes: (r) => r.all('form', '/api/form', Form.asView()) }).callback())
        .post('/api/form')
        .type('form')
        .send({ access_token: token, note: 'hi' });
      expect(res.status).to.equal(200);
      expect(res.body.raw).to.equal(`access_token=${token}&note=hi`);
      expect(res.body.parsed).to.deep.equal({ access_token: token, note: 'hi' });
    });
  });

  describe('ScopedProtectedResourceView', () => {
    it('serves a token with the required scope', async () => {
      const { token } = await bearer('read write');
      const res = await request(app()).get('/api/scoped').set('Authorization', `Bearer ${token}`);
      expect(res.status).to.equal(200);
    });

    it('answers a missing scope with 403 insufficient_scope naming the scope', async () => {
      const { token } = await bearer('write');
      const res = await request(app()).get('/api/scoped').set('Authorization', `Bearer ${token}`);
      expect(res.status).to.equal(403);
      expect(res.headers['www-authenticate']).to.include('error="insufficient_scope"').and.include('scope="read"');
      expect(res.body.error).to.equal('insufficient_scope');
    });
  });

  describe('ReadWriteScopedResourceView', () => {
    it('needs read for GET and write for POST', async () => {
      const { token } = await bearer('read');
      const get = await request(app()).get('/api/rw').set('Authorization', `Bearer ${token}`);
      expect(get.status).to.equal(200);
      const post = await request(app()).post('/api/rw').set('Authorization', `Bearer ${token}`);
      expect(post.status).to.equal(403);
      expect(post.headers['www-authenticate']).to.include('scope="write"');
    });

    it('does not carry one request’s scope into the next (DOT #1738)', async () => {
      const reader = await bearer('read');
      const writer = await bearer('write');
      const a = app();
      expect((await request(a).post('/api/rw').set('Authorization', `Bearer ${writer.token}`)).status).to.equal(200);
      expect((await request(a).get('/api/rw').set('Authorization', `Bearer ${reader.token}`)).status).to.equal(200);
    });
  });

  ClientProtectedMixinCases(em, () => ({ app: app(), path: '/api/client', scopedPath: '/api/client-scoped' }));
});
