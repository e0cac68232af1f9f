/**
 * LoginRequiredMixin on throwaway views (Django's `LoginRequiredMixin`, used by the authorization view): who is
 * logged in comes from the `getUser` setting; anonymous requests get `handleNoPermission()`.
 */
import Router from '@koa/router';
import { expect } from 'chai';
import Koa from 'koa';
import request from 'supertest';

import { LoginRequiredMixin, loginRedirectUrl } from '../../lib/mixins/login-required.js';
import { View } from '../../lib/views/view.js';
import { buildApp } from '../helpers/app.js';
import { useTransaction } from '../helpers/db.js';

/** A page for logged-in users only. */
class PrivateView extends LoginRequiredMixin(View) {
  async get(): Promise<void> {
    this.ctx.body = { user: this.getUser() };
  }
}

/** A page that answers anonymous users itself. */
class ApiStyleView extends PrivateView {
  override async handleNoPermission(): Promise<void> {
    this.ctx.status = 401;
    this.ctx.body = { error: 'login_required' };
  }
}

function buildPrivateApp(): Koa {
  const app = new Koa();
  const router = new Router();
  router.all('private', '/private/', PrivateView.asView());
  router.all(
    'elsewhere',
    '/elsewhere/',
    PrivateView.asView({ loginUrl: '/sso/start', redirectFieldName: 'return_to' }),
  );
  router.all('api', '/api/', ApiStyleView.asView());
  app.use(router.routes());
  return app;
}

describe('LoginRequiredMixin', function () {
  // The app decides who is logged in; here a header stands for its session.
  const em = useTransaction({
    settings: { getUser: (ctx) => ctx.get('x-user') || null, loginUrl: '/accounts/login/' },
  });

  it('redirects an anonymous user to loginUrl with next = the full path and query', async function () {
    const res = await request(buildPrivateApp().callback()).get('/private/?a=1&b=%20x');
    expect(res.status).to.equal(302);
    expect(res.headers['location']).to.equal(`/accounts/login/?next=${encodeURIComponent('/private/?a=1&b=%20x')}`);
    expect(res.headers['cache-control']).to.equal('no-store');
  });

  it('lets a logged-in user through, as getUser says', async function () {
    const res = await request(buildPrivateApp().callback()).get('/private/').set('x-user', 'alice');
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ user: 'alice' });
  });

  it('takes loginUrl and redirectFieldName from the view', async function () {
    const res = await request(buildPrivateApp().callback()).get('/elsewhere/');
    expect(res.headers['location']).to.equal(`/sso/start?return_to=${encodeURIComponent('/elsewhere/')}`);
  });

  it('calls an overridden handleNoPermission() instead of redirecting', async function () {
    const res = await request(buildPrivateApp().callback()).get('/api/');
    expect(res.status).to.equal(401);
    expect(res.body).to.deep.equal({ error: 'login_required' });
    expect(res.headers['location']).to.equal(undefined);
  });

  it('answers OPTIONS itself, never with a redirect to the login page: a preflight carries no session', async function () {
    const res = await request(buildPrivateApp().callback()).options('/private/');
    expect(res.status).to.equal(200);
    expect(res.headers['allow']).to.equal('GET, HEAD, OPTIONS');
    expect(res.headers['location']).to.equal(undefined);
  });

  it('answers OPTIONS /o/authorize/ with Allow, not a redirect to the login page', async function () {
    const res = await request(buildApp({ em }).callback()).options('/o/authorize/');
    expect(res.status).to.equal(200);
    expect(res.headers['allow']).to.equal('GET, POST, HEAD, OPTIONS');
    expect(res.headers['location']).to.equal(undefined);
  });

  describe('loginRedirectUrl()', function () {
    it('adds the field to a login URL that already has a query', function () {
      expect(loginRedirectUrl('/login/?lang=en', 'next', '/x?y=1')).to.equal('/login/?lang=en&next=%2Fx%3Fy%3D1');
      expect(loginRedirectUrl('/login/?', 'next', '/x')).to.equal('/login/?next=%2Fx');
    });

    it('keeps a fragment after the query', function () {
      expect(loginRedirectUrl('https://sso.example/login#top', 'next', '/x')).to.equal(
        'https://sso.example/login?next=%2Fx#top',
      );
    });
  });
});
