import type Router from '@koa/router';
import { expect } from 'chai';
import request from 'supertest';
import { useTransaction } from '../helpers/db.js';
import { buildApp } from '../helpers/app.js';
import { createAccessToken, createApplication } from '../helpers/factories.js';
import { OAuthLibMixin } from '../../lib/mixins/oauth-lib.js';
import { ProtectedResourceMixin, type OAuth2State } from '../../lib/mixins/protected-resource.js';
import { ScopedResourceMixin } from '../../lib/mixins/scoped-resource.js';
import { ScopedProtectedResourceView } from '../../lib/views/generic.js';
import { View } from '../../lib/views/view.js';

// DOT's second use: compose mixins into a custom view, outermost first (`class C(A, B, View)` is `A(B(View))`).
class Composed extends ScopedResourceMixin(ProtectedResourceMixin(OAuthLibMixin(View))) {
  override requiredScopes = ['read'];
  async get() {
    this.ctx.body = { scopes: (this.ctx.state['oauth2'] as OAuth2State).scopes };
  }
}

// DOT's first use: subclass a generic view and override getScopes().
class Orders extends ScopedProtectedResourceView {
  override requiredScopes = ['read'];
  override getScopes(): readonly string[] {
    return [...super.getScopes(), ...(this.ctx.method === 'DELETE' ? ['write'] : [])];
  }
  async get() {
    this.ctx.body = { ok: true };
  }
  async delete() {
    this.ctx.status = 204;
  }
}

// The failure answer is a hook: DOT's bare 403, for an app that must keep it.
class DotCompatible extends ProtectedResourceMixin(OAuthLibMixin(View)) {
  override verificationFailed(): void {
    this.ctx.status = 403;
  }
  async get() {
    this.ctx.body = { ok: true };
  }
}

describe('ProtectedResourceMixin', () => {
  const em = useTransaction();
  // DOT's third use: register class views on a Koa router.
  const routes = (router: Router) => {
    router.all('composed', '/composed', Composed.asView());
    router.all('orders', '/orders', Orders.asView());
    router.all('dot', '/dot', DotCompatible.asView());
  };
  const app = () => buildApp({ em, routes }).callback();
  const tokenWith = async (scope: string) => {
    const { application } = await createApplication(em());
    return (await createAccessToken(em(), { application, scope })).token;
  };

  it('protects a view composed from mixins, with its scopes', async () => {
    const ok = await request(app())
      .get('/composed')
      .set('Authorization', `Bearer ${await tokenWith('read write')}`);
    expect(ok.status).to.equal(200);
    expect(ok.body.scopes).to.deep.equal(['read', 'write']);
    const denied = await request(app())
      .get('/composed')
      .set('Authorization', `Bearer ${await tokenWith('write')}`);
    expect(denied.status).to.equal(403);
  });

  it('uses the scopes of an overridden getScopes()', async () => {
    const reader = await tokenWith('read');
    expect((await request(app()).get('/orders').set('Authorization', `Bearer ${reader}`)).status).to.equal(200);
    const del = await request(app()).delete('/orders').set('Authorization', `Bearer ${reader}`);
    expect(del.status).to.equal(403);
    expect(del.headers['www-authenticate']).to.include('scope="read write"');
    const writer = await tokenWith('read write');
    expect((await request(app()).delete('/orders').set('Authorization', `Bearer ${writer}`)).status).to.equal(204);
  });

  it('lets OPTIONS through without asking for the scopes', async () => {
    const res = await request(app()).options('/orders');
    expect(res.status).to.equal(200);
    expect(res.headers['allow']).to.equal('GET, DELETE, HEAD, OPTIONS');
  });

  it('answers a malformed Authorization header with 400 invalid_request', async () => {
    const res = await request(app()).get('/composed').set('Authorization', 'Bearer a b');
    expect(res.status).to.equal(400);
    expect(res.body.error).to.equal('invalid_request');
  });

  it('refuses an access_token in the query string by default (RFC 9700 §2.5)', async () => {
    const res = await request(app()).get(`/composed?access_token=${await tokenWith('read')}`);
    expect(res.status).to.equal(400);
    expect(res.body.error).to.equal('invalid_request');
  });

  it('accepts an access_token in the query string once bearerTokenLocations lists it', async () => {
    const settings = { bearerTokenLocations: ['header', 'query'] as ('header' | 'query')[] };
    const app = buildApp({ em, routes, settings }).callback();
    const res = await request(app).get(`/composed?access_token=${await tokenWith('read')}`);
    expect(res.status).to.equal(200);
  });

  it('answers bad percent-encoding in the query with 400 invalid_request, never a 500 (DOT: SuspiciousOperation)', async () => {
    const res = await request(app())
      .get('/composed?q=%%7A')
      .set('Authorization', `Bearer ${await tokenWith('read')}`);
    expect(res.status).to.equal(400);
    expect(res.body.error).to.equal('invalid_request');
  });

  it('lets an app override the failure answer (verificationFailed)', async () => {
    const res = await request(app()).get('/dot');
    expect(res.status).to.equal(403);
    expect(res.headers).not.to.have.property('www-authenticate');
  });
});
