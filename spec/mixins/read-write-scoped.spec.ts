import type Router from '@koa/router';
import { expect } from 'chai';
import request from 'supertest';
import { useTransaction, testOrm } from '../helpers/db.js';
import { buildApp } from '../helpers/app.js';
import { createAccessToken, createApplication } from '../helpers/factories.js';
import { ImproperlyConfigured } from '../../lib/errors.js';
import { OAuthLibMixin } from '../../lib/mixins/oauth-lib.js';
import { ProtectedResourceMixin } from '../../lib/mixins/protected-resource.js';
import { ReadWriteScopedResourceMixin, readWriteScopeFor } from '../../lib/mixins/read-write-scoped.js';
import { configure } from '../../lib/settings.js';
import { View } from '../../lib/views/view.js';

class Notes extends ReadWriteScopedResourceMixin(ProtectedResourceMixin(OAuthLibMixin(View))) {
  override requiredScopes = ['notes'];
  async get() {
    this.ctx.body = { ok: true };
  }
  async put() {
    this.ctx.body = { ok: true };
  }
}

describe('ReadWriteScopedResourceMixin', () => {
  const settings = { scopes: { r: 'Read', w: 'Write', notes: 'Notes' }, readScope: 'r', writeScope: 'w' };
  const em = useTransaction({ settings });
  const routes = (router: Router) => router.all('notes', '/notes', Notes.asView());

  it('asks for the configured read scope on safe methods and the write scope otherwise', () => {
    expect(['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE'].map(readWriteScopeFor)).to.deep.equal([
      'r',
      'r',
      'r',
      'w',
      'w',
      'w',
    ]);
  });

  it('adds the read or write scope to requiredScopes', async () => {
    const { application } = await createApplication(em());
    const { token } = await createAccessToken(em(), { application, scope: 'notes r' });
    const app = buildApp({ em, routes }).callback();
    expect((await request(app).get('/notes').set('Authorization', `Bearer ${token}`)).status).to.equal(200);
    const put = await request(app).put('/notes').set('Authorization', `Bearer ${token}`);
    expect(put.status).to.equal(403);
    expect(put.headers['www-authenticate']).to.include('scope="notes w"');
  });

  it('is refused at configure() when the read or write scope is not a configured scope', () => {
    expect(() => configure({ orm: testOrm(), scopes: { notes: 'Notes' }, readScope: 'notes', writeScope: 'w' }))
      .to.throw(ImproperlyConfigured)
      .with.property('message')
      .that.includes('writeScope');
  });
});
