/**
 * AuthorizationView through HTTP (DOT's test_authorization_code.py, the view half): login, the consent page, the
 * CSRF-protected POST with its 303, skipAuthorization and approval_prompt=auto.
 */
import { expect } from 'chai';
import type Koa from 'koa';
import request from 'supertest';

import { Grant } from '../../lib/models/grant.js';
import { configure } from '../../lib/settings.js';
import {
  AUTHORIZE_SETTINGS,
  authorizeQuery,
  buildAuthorizeApp,
  CHALLENGE,
  ISSUER,
  locationParams,
  REDIRECT,
  type Session,
} from '../helpers/authorize.js';
import { expectPageCsp } from '../helpers/csp.js';
import { testOrm, useTransaction } from '../helpers/db.js';
import { createApplication, createUser } from '../helpers/factories.js';
import { hiddenInputs } from '../helpers/html.js';
import type { User } from '../helpers/user-entity.js';

describe('AuthorizationView', function () {
  const em = useTransaction({ settings: AUTHORIZE_SETTINGS });
  const session: Session = { user: null };
  let user: User;
  let app: Koa;

  beforeEach(async function () {
    user = await createUser(em());
    session.user = user;
    delete session.authTime;
    app = buildAuthorizeApp(em, session);
  });

  /** GET the consent page with an agent that keeps the CSRF cookie; return the agent and the hidden fields. */
  async function consentPage(clientId: string, extra: Record<string, string> = {}) {
    const agent = request.agent(app.callback());
    const res = await agent.get(`/o/authorize/?${authorizeQuery(clientId, extra)}`);
    expect(res.status, res.text).to.equal(200);
    return { agent, res, fields: hiddenInputs(res.text) };
  }

  describe('anonymous user', function () {
    it('is redirected to the login page with next set to the full path', async function () {
      session.user = null;
      const { application } = await createApplication(em());
      const path = `/o/authorize/?${authorizeQuery(application.clientId)}`;
      const res = await request(app.callback()).get(path);
      expect(res.status).to.equal(302);
      expect(res.headers['location']).to.equal(`/accounts/login/?next=${encodeURIComponent(path)}`);
    });

    it('is redirected to the configured loginUrl', async function () {
      session.user = null;
      configure({ orm: testOrm(), ...AUTHORIZE_SETTINGS, loginUrl: '/signin/?lang=en' });
      const res = await request(app.callback()).get('/o/authorize/?client_id=x');
      expect(res.headers['location']).to.equal(
        `/signin/?lang=en&next=${encodeURIComponent('/o/authorize/?client_id=x')}`,
      );
    });
  });

  describe('GET: the consent page', function () {
    it("renders 200 with the application's name, the scope descriptions and DOT's hidden fields", async function () {
      const { application } = await createApplication(em(), { name: 'Photo <Printer>' });
      const { res, fields } = await consentPage(application.clientId, { nonce: 'n-1' });
      expect(res.headers['content-type']).to.match(/^text\/html/);
      expect(res.text).to.include('Authorize Photo &lt;Printer&gt;?');
      expect(res.text).to.include('Application requires the following permissions');
      expect(res.text).to.match(/<li>Reading scope<\/li>\s*<li>Writing scope<\/li>/);
      expect(fields).to.include({
        redirect_uri: REDIRECT,
        scope: 'read write',
        nonce: 'n-1',
        client_id: application.clientId,
        state: 'xyz',
        response_type: 'code',
        code_challenge: CHALLENGE,
        code_challenge_method: 'S256',
        claims: '',
      });
      expect(fields['csrfmiddlewaretoken']).to.match(/^[A-Za-z0-9_-]{86}$/);
    });

    it('has a nameless Cancel button, an Authorize button named allow, and posts to the path alone', async function () {
      const { application } = await createApplication(em());
      const { res } = await consentPage(application.clientId);
      expect(res.text).to.include('<form id="authorizationForm" method="post" action="/o/authorize/">');
      expect(res.text).to.match(/<input type="submit" class="[^"]*" value="Cancel">/);
      expect(res.text).to.match(/<input type="submit" class="[^"]*" name="allow" value="Authorize">/);
    });

    it('carries the page security headers and no third-party resource', async function () {
      const { application } = await createApplication(em());
      const { res } = await consentPage(application.clientId);
      expect(res.headers).to.include({
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
      });
      expectPageCsp(res);
      expect(res.text).not.to.match(/(src|href)="(https?:)?\/\//);
    });

    it('leaves redirect_uri empty when the client relied on its only registered URI', async function () {
      const { application } = await createApplication(em());
      const query = authorizeQuery(application.clientId).replace(/&redirect_uri=[^&]*/, '');
      const agent = request.agent(app.callback());
      const res = await agent.get(`/o/authorize/?${query}`);
      expect(res.status).to.equal(200);
      const fields = hiddenInputs(res.text);
      expect(fields['redirect_uri']).to.equal('');
      const post = await agent
        .post('/o/authorize/')
        .type('form')
        .send({ ...fields, allow: 'Authorize' });
      expect(post.status).to.equal(303);
      expect(post.headers['location']).to.match(/^https:\/\/client\.example\/cb\?code=/);
      const grant = await em().findOneOrFail(Grant, { application });
      expect(grant.redirectUri, 'stored as not provided').to.equal('');
    });
  });

  describe('POST: the answer', function () {
    it('allow → 303 to the redirect URI with code, state and iss, and the code records the login', async function () {
      const { application } = await createApplication(em());
      session.authTime = new Date('2026-01-02T03:04:05Z');
      const { agent, fields } = await consentPage(application.clientId);
      const res = await agent
        .post('/o/authorize/')
        .type('form')
        .send({ ...fields, allow: 'Authorize' });
      expect(res.status).to.equal(303);
      expect(res.headers['cache-control']).to.equal('no-store');
      expect(res.headers['location']).to.match(/^https:\/\/client\.example\/cb\?/);
      const params = locationParams(res.headers['location']);
      expect(params.get('code')).to.match(/^[A-Za-z0-9_-]{20,}$/);
      expect(params.get('state')).to.equal('xyz');
      expect(params.get('iss')).to.equal(ISSUER);
      const grant = await em().findOneOrFail(Grant, { application }, { populate: ['user'] as never });
      expect((grant.user as User).id).to.equal(user.id);
      expect(grant.scope).to.equal('read write');
      expect(grant.codeChallenge).to.equal(CHALLENGE);
      expect(grant.authTime?.toISOString()).to.equal('2026-01-02T03:04:05.000Z');
    });

    it("records the login's acr from the getAcr setting on the code", async function () {
      configure({ orm: testOrm(), ...AUTHORIZE_SETTINGS, getAcr: () => 'urn:example:mfa' });
      const { application } = await createApplication(em());
      const { agent, fields } = await consentPage(application.clientId);
      const res = await agent
        .post('/o/authorize/')
        .type('form')
        .send({ ...fields, allow: 'Authorize' });
      expect(res.status).to.equal(303);
      const grant = await em().findOneOrFail(Grant, { application });
      expect(grant.acr).to.equal('urn:example:mfa');
    });

    it('cancel (no allow) → 303 with access_denied, state and iss, and no code stored', async function () {
      const { application } = await createApplication(em());
      const { agent, fields } = await consentPage(application.clientId);
      const res = await agent.post('/o/authorize/').type('form').send(fields);
      expect(res.status).to.equal(303);
      const params = locationParams(res.headers['location']);
      expect(params.get('error')).to.equal('access_denied');
      expect(params.get('state')).to.equal('xyz');
      expect(params.get('iss')).to.equal(ISSUER);
      expect(params.has('code')).to.equal(false);
      expect(await em().count(Grant, { application })).to.equal(0);
    });

    it('without the CSRF token → 403 and nothing issued', async function () {
      const { application } = await createApplication(em());
      const { agent, fields } = await consentPage(application.clientId);
      const { csrfmiddlewaretoken: _token, ...rest } = fields;
      const res = await agent
        .post('/o/authorize/')
        .type('form')
        .send({ ...rest, allow: 'Authorize' });
      expect(res.status).to.equal(403);
      expect(res.headers['location']).to.equal(undefined);
      expect(await em().count(Grant, { application })).to.equal(0);
    });

    it('with a CSRF token but no CSRF cookie → 403', async function () {
      const { application } = await createApplication(em());
      const { fields } = await consentPage(application.clientId);
      const res = await request(app.callback())
        .post('/o/authorize/')
        .type('form')
        .send({ ...fields, allow: 'x' });
      expect(res.status).to.equal(403);
    });

    it('missing a required hidden field → the form again with its error, 400, no Location', async function () {
      const { application } = await createApplication(em());
      const { agent, fields } = await consentPage(application.clientId);
      const res = await agent
        .post('/o/authorize/')
        .type('form')
        .send({ ...fields, client_id: '', allow: 'Authorize' });
      expect(res.status).to.equal(400);
      expect(res.headers['location']).to.equal(undefined);
      expect(res.text).to.include('id="authorizationForm"');
      expect(res.text).to.include('The field &#39;client_id&#39; is required.');
      expect(hiddenInputs(res.text)['csrfmiddlewaretoken']).to.match(/^[A-Za-z0-9_-]{86}$/);
    });

    it('an unknown client_id → the 400 error page, never a 500 or a Location (DOT bug)', async function () {
      const { application } = await createApplication(em());
      const { agent, fields } = await consentPage(application.clientId);
      const res = await agent
        .post('/o/authorize/')
        .type('form')
        .send({ ...fields, client_id: 'nope', allow: 'A' });
      expect(res.status).to.equal(400);
      expect(res.headers['location']).to.equal(undefined);
      expect(res.text).to.include('<h2>Error: invalid_request</h2>');
      expect(res.text).to.include('Invalid client_id parameter value.');
    });

    it('a redirect_uri changed in the form → the 400 error page', async function () {
      const { application } = await createApplication(em());
      const { agent, fields } = await consentPage(application.clientId);
      const send = { ...fields, redirect_uri: 'https://evil.example/cb', allow: 'Authorize' };
      const res = await agent.post('/o/authorize/').type('form').send(send);
      expect(res.status).to.equal(400);
      expect(res.headers['location']).to.equal(undefined);
      expect(res.text).to.include('Mismatching redirect URI.');
    });

    it('a scope widened in the form → invalid_scope redirect, no code', async function () {
      const { application } = await createApplication(em(), { allowedScopes: ['read'] });
      const { agent, fields } = await consentPage(application.clientId, { scope: 'read' });
      const res = await agent
        .post('/o/authorize/')
        .type('form')
        .send({ ...fields, scope: 'read write', allow: 'A' });
      expect(res.status).to.equal(303);
      expect(locationParams(res.headers['location']).get('error')).to.equal('invalid_scope');
      expect(await em().count(Grant, { application })).to.equal(0);
    });
  });
});
