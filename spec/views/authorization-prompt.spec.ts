/**
 * AuthorizationView and `prompt` (OpenID Connect Core §3.1.2.1): none answers without UI and never with a 500,
 * login sends the user to log in exactly once, consent always shows the form.
 */
import { expect } from 'chai';
import type Koa from 'koa';
import request from 'supertest';

import { Grant } from '../../lib/models/grant.js';
import {
  AUTHORIZE_SETTINGS,
  authorizeQuery,
  buildAuthorizeApp,
  CHALLENGE,
  ISSUER,
  REDIRECT,
  type Session,
} from '../helpers/authorize.js';
import { useTransaction } from '../helpers/db.js';
import { createAccessToken, createApplication, createUser } from '../helpers/factories.js';
import type { User } from '../helpers/user-entity.js';

/** The path of the usual authorization request, for the `read` scope with state `s1`. */
function authorizePath(clientId: string, extra: Record<string, string> = {}): string {
  return `/o/authorize/?${authorizeQuery(clientId, { scope: 'read', state: 's1', ...extra })}`;
}

/** Assert a redirect to the client's registered URI and return its query parameters. */
function clientRedirect(res: request.Response): URLSearchParams {
  expect(res.status, res.text).to.equal(302);
  const location = res.headers['location'] as string;
  expect(location.startsWith(`${REDIRECT}?`), location).to.equal(true);
  return new URL(location).searchParams;
}

/** Assert a redirect to the login page and return the decoded `next`. */
function loginNext(res: request.Response): string {
  expect(res.status).to.equal(302);
  const location = new URL(res.headers['location'] as string, 'http://as.example');
  expect(location.pathname).to.equal('/accounts/login/');
  return location.searchParams.get('next') ?? '';
}

describe('AuthorizationView: prompt', function () {
  const em = useTransaction({ settings: AUTHORIZE_SETTINGS });
  const session: Session = { user: null };
  let user: User;
  let app: Koa;

  beforeEach(async function () {
    user = await createUser(em());
    session.user = user;
    app = buildAuthorizeApp(em, session);
  });

  const get = (path: string) => request(app.callback()).get(path);

  describe('prompt=none', function () {
    it('anonymous → login_required at the registered redirect URI, with state and iss', async function () {
      session.user = null;
      const { application } = await createApplication(em());
      const params = clientRedirect(await get(authorizePath(application.clientId, { prompt: 'none' })));
      expect(params.get('error')).to.equal('login_required');
      expect(params.get('state')).to.equal('s1');
      expect(params.get('iss')).to.equal(ISSUER);
    });

    it('anonymous with an unregistered redirect_uri → the 400 page, no Location (no open redirect)', async function () {
      session.user = null;
      const { application } = await createApplication(em());
      const path = authorizePath(application.clientId, { prompt: 'none', redirect_uri: 'https://evil.example/' });
      const res = await get(path);
      expect(res.status).to.equal(400);
      expect(res.headers['location']).to.equal(undefined);
      expect(res.text).to.include('<h2>Error: invalid_request</h2>');
    });

    it('anonymous with an unknown client_id → the 400 page, no Location', async function () {
      session.user = null;
      const res = await get(authorizePath('no-such-client', { prompt: 'none' }));
      expect(res.status).to.equal(400);
      expect(res.headers['location']).to.equal(undefined);
    });

    it('logged in with consent on record → a code without UI', async function () {
      const { application } = await createApplication(em());
      await createAccessToken(em(), { application, user, scope: 'read write' });
      const params = clientRedirect(await get(authorizePath(application.clientId, { prompt: 'none' })));
      expect(params.get('code')).to.be.a('string');
      expect(params.get('state')).to.equal('s1');
      expect(await em().count(Grant, { application })).to.equal(1);
    });

    it('logged in, application with skipAuthorization → a code', async function () {
      const { application } = await createApplication(em(), { skipAuthorization: true });
      const params = clientRedirect(await get(authorizePath(application.clientId, { prompt: 'none' })));
      expect(params.get('code')).to.be.a('string');
    });

    it('logged in without consent → consent_required, nothing issued', async function () {
      const { application } = await createApplication(em());
      await createAccessToken(em(), { application, user, scope: 'write' });
      const params = clientRedirect(await get(authorizePath(application.clientId, { prompt: 'none' })));
      expect(params.get('error')).to.equal('consent_required');
      expect(params.get('state')).to.equal('s1');
      expect(params.get('iss')).to.equal(ISSUER);
      expect(await em().count(Grant, { application })).to.equal(0);
    });

    for (const who of ['logged in', 'anonymous']) {
      it(`combined with another value (${who}) → invalid_request redirect`, async function () {
        if (who === 'anonymous') session.user = null;
        const { application } = await createApplication(em());
        const params = clientRedirect(await get(authorizePath(application.clientId, { prompt: 'none login' })));
        expect(params.get('error')).to.equal('invalid_request');
        expect(params.get('state')).to.equal('s1');
      });
    }

    it('with an invalid scope → the scope error redirected, not a 500', async function () {
      const { application } = await createApplication(em());
      const params = clientRedirect(await get(authorizePath(application.clientId, { prompt: 'none', scope: 'admin' })));
      expect(params.get('error')).to.equal('invalid_scope');
    });
  });

  describe('prompt=login', function () {
    it('logged in → the login page once, with a next that no longer asks for it', async function () {
      const { application } = await createApplication(em());
      const next = loginNext(await get(authorizePath(application.clientId, { prompt: 'login' })));
      expect(next.startsWith('/o/authorize/?')).to.equal(true);
      const query = new URLSearchParams(next.split('?')[1]);
      expect(query.has('prompt')).to.equal(false);
      expect(query.get('client_id')).to.equal(application.clientId);
      expect(query.get('code_challenge')).to.equal(CHALLENGE);
      // Back from the login page: the consent form, not a second trip to the login page.
      const back = await get(next);
      expect(back.status).to.equal(200);
      expect(back.text).to.include('id="authorizationForm"');
    });

    it('anonymous → one login redirect whose next drops prompt=login (DOT 3.4 fix)', async function () {
      session.user = null;
      const { application } = await createApplication(em());
      const next = loginNext(await get(authorizePath(application.clientId, { prompt: 'login' })));
      expect(new URLSearchParams(next.split('?')[1]).has('prompt')).to.equal(false);
      session.user = user;
      expect((await get(next)).status).to.equal(200);
    });

    it('keeps the other prompt values: login consent → next has prompt=consent', async function () {
      const { application } = await createApplication(em(), { skipAuthorization: true });
      const next = loginNext(await get(authorizePath(application.clientId, { prompt: 'login consent' })));
      expect(new URLSearchParams(next.split('?')[1]).get('prompt')).to.equal('consent');
      const back = await get(next);
      expect(back.status, 'consent shown despite skipAuthorization').to.equal(200);
    });
  });

  describe('prompt=consent', function () {
    it('shows the consent page even for an application with skipAuthorization', async function () {
      const { application } = await createApplication(em(), { skipAuthorization: true });
      const res = await get(authorizePath(application.clientId, { prompt: 'consent' }));
      expect(res.status).to.equal(200);
      expect(res.text).to.include('id="authorizationForm"');
    });

    it('shows the consent page even with approval_prompt=auto and consent on record', async function () {
      const { application } = await createApplication(em());
      await createAccessToken(em(), { application, user, scope: 'read' });
      const res = await get(authorizePath(application.clientId, { prompt: 'consent', approval_prompt: 'auto' }));
      expect(res.status).to.equal(200);
    });
  });
});
