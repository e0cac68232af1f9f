/**
 * The authorization code flow end to end over HTTP (DOT's test_authorization_code.py): consent, code, token
 * endpoint with PKCE S256 (RFC 7636), a protected resource; and PKCE's failures, including the downgrade
 * (RFC 9700 §4.8.2).
 */
import { expect } from 'chai';
import type Koa from 'koa';
import request from 'supertest';

import type { Application } from '../../lib/models/application.js';
import { s256Challenge } from '../../lib/oauth2/pkce.js';
import { configure } from '../../lib/settings.js';
import { ScopedProtectedResourceView } from '../../lib/views/generic.js';
import { AUTHORIZE_SETTINGS, buildAuthorizeApp, REDIRECT, type Session } from '../helpers/authorize.js';
import { testOrm, useTransaction } from '../helpers/db.js';
import { createApplication, createUser } from '../helpers/factories.js';
import { hiddenInputs } from '../helpers/html.js';
import type { User } from '../helpers/user-entity.js';

const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

/** A resource that needs the `read` scope and says who called. */
class ScopedApi extends ScopedProtectedResourceView {
  override requiredScopes: readonly string[] | null = ['read'];

  async get(): Promise<void> {
    const { user, scopes } = this.ctx.state['oauth2'] as { user: User | null; scopes: readonly string[] };
    this.ctx.body = { ok: true, user: user?.username ?? null, scopes };
  }
}

describe('Authorization code flow (integration)', function () {
  const em = useTransaction({ settings: AUTHORIZE_SETTINGS });
  const session: Session = { user: null };
  let user: User;
  let app: Koa;

  beforeEach(async function () {
    user = await createUser(em(), { username: `alice-${Date.now()}` });
    session.user = user;
    app = buildAuthorizeApp(em, session, (router) => router.all('scoped', '/api/scoped', ScopedApi.asView()));
  });

  /** Consent through the form and return the code from the 303. */
  async function obtainCode(application: Application, challenge: Record<string, string> | null): Promise<string> {
    const query = new URLSearchParams({
      client_id: application.clientId,
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'read write',
      state: 'st-1',
      ...(challenge ?? {}),
    });
    const agent = request.agent(app.callback());
    const page = await agent.get(`/o/authorize/?${query.toString()}`);
    expect(page.status, page.text).to.equal(200);
    const fields = hiddenInputs(page.text);
    const res = await agent
      .post('/o/authorize/')
      .type('form')
      .send({ ...fields, allow: 'Authorize' });
    expect(res.status).to.equal(303);
    const params = new URL(res.headers['location'] as string).searchParams;
    expect(params.get('state')).to.equal('st-1');
    return params.get('code') ?? '';
  }

  const s256 = { code_challenge: s256Challenge(VERIFIER), code_challenge_method: 'S256' };

  function exchange(form: Record<string, string>) {
    return request(app.callback()).post('/o/token/').type('form').send(form);
  }

  it('consent → code → token (PKCE S256, confidential client) → protected resource', async function () {
    const { application, clientSecret } = await createApplication(em());
    const code = await obtainCode(application, s256);
    const token = await exchange({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: VERIFIER,
      client_id: application.clientId,
      client_secret: clientSecret,
    });
    expect(token.status, token.text).to.equal(200);
    expect(token.headers['cache-control']).to.equal('no-store');
    expect(token.body).to.include({ token_type: 'Bearer', scope: 'read write' });
    expect(token.body.access_token).to.be.a('string');
    expect(token.body.refresh_token).to.be.a('string');
    const api = await request(app.callback())
      .get('/api/scoped')
      .set('Authorization', `Bearer ${token.body.access_token}`);
    expect(api.status, api.text).to.equal(200);
    expect(api.body).to.deep.equal({ ok: true, user: user.username, scopes: ['read', 'write'] });
  });

  it('a public client redeems with its verifier alone', async function () {
    const { application } = await createApplication(em(), { clientType: 'public' });
    const code = await obtainCode(application, s256);
    const token = await exchange({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: VERIFIER,
      client_id: application.clientId,
    });
    expect(token.status, token.text).to.equal(200);
  });

  it('a code is single-use: the replay is invalid_grant and revokes the first token', async function () {
    const { application } = await createApplication(em(), { clientType: 'public' });
    const code = await obtainCode(application, s256);
    const form = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: VERIFIER };
    const first = await exchange({ ...form, client_id: application.clientId });
    expect(first.status).to.equal(200);
    const replay = await exchange({ ...form, client_id: application.clientId });
    expect(replay.status).to.equal(400);
    expect(replay.body.error).to.equal('invalid_grant');
    const api = await request(app.callback())
      .get('/api/scoped')
      .set('Authorization', `Bearer ${first.body.access_token}`);
    expect(api.status).to.equal(401);
  });

  describe('redirect_uri at the token endpoint (RFC 6749 §4.1.3, §5.2)', function () {
    const cases: [string, Record<string, string>][] = [
      ['a different redirect_uri', { redirect_uri: 'https://client.example/other' }],
      ['no redirect_uri though the authorization request had one', {}],
    ];
    for (const [title, redirect] of cases) {
      it(`${title} → 400 invalid_grant, and the code stays redeemable`, async function () {
        const { application } = await createApplication(em(), {
          clientType: 'public',
          redirectUris: `${REDIRECT} https://client.example/other`,
        });
        const code = await obtainCode(application, s256);
        const form = {
          grant_type: 'authorization_code',
          code,
          code_verifier: VERIFIER,
          client_id: application.clientId,
        };
        const res = await exchange({ ...form, ...redirect });
        expect(res.status).to.equal(400);
        expect(res.body).to.deep.equal({ error: 'invalid_grant', error_description: 'Mismatching redirect URI.' });
        expect((await exchange({ ...form, redirect_uri: REDIRECT })).status).to.equal(200);
      });
    }
  });

  describe('PKCE failures', function () {
    it('a missing code_verifier → invalid_request', async function () {
      const { application } = await createApplication(em(), { clientType: 'public' });
      const code = await obtainCode(application, s256);
      const res = await exchange({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        client_id: application.clientId,
      });
      expect(res.status).to.equal(400);
      expect(res.body).to.deep.equal({ error: 'invalid_request', error_description: 'Code verifier required.' });
    });

    it('a wrong code_verifier → invalid_grant', async function () {
      const { application } = await createApplication(em(), { clientType: 'public' });
      const code = await obtainCode(application, s256);
      const res = await exchange({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        code_verifier: 'x'.repeat(43),
        client_id: application.clientId,
      });
      expect(res.status).to.equal(400);
      expect(res.body.error).to.equal('invalid_grant');
    });

    it('a code_verifier for a code issued without a challenge (downgrade) → invalid_grant', async function () {
      configure({ orm: testOrm(), ...AUTHORIZE_SETTINGS, pkceRequired: false });
      const { application, clientSecret } = await createApplication(em());
      const code = await obtainCode(application, null);
      const res = await exchange({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        code_verifier: VERIFIER,
        client_id: application.clientId,
        client_secret: clientSecret,
      });
      expect(res.status).to.equal(400);
      expect(res.body.error).to.equal('invalid_grant');
    });

    it('without a challenge while PKCE is required, no code is issued at all', async function () {
      const { application } = await createApplication(em());
      const query = new URLSearchParams({ client_id: application.clientId, response_type: 'code', state: 'q' });
      const res = await request(app.callback()).get(`/o/authorize/?${query.toString()}`);
      expect(res.status).to.equal(302);
      const params = new URL(res.headers['location'] as string).searchParams;
      expect(params.get('error')).to.equal('invalid_request');
      expect(params.has('code')).to.equal(false);
    });
  });

  it('a request without redirect_uri redeems without one (RFC 6749 §4.1.3)', async function () {
    const { application } = await createApplication(em(), { clientType: 'public' });
    const query = new URLSearchParams({ client_id: application.clientId, response_type: 'code', ...s256 });
    const agent = request.agent(app.callback());
    const page = await agent.get(`/o/authorize/?${query.toString()}`);
    const fields = hiddenInputs(page.text);
    const res = await agent
      .post('/o/authorize/')
      .type('form')
      .send({ ...fields, allow: 'Authorize' });
    const code = new URL(res.headers['location'] as string).searchParams.get('code') ?? '';
    const token = await exchange({
      grant_type: 'authorization_code',
      code,
      code_verifier: VERIFIER,
      client_id: application.clientId,
    });
    expect(token.status, token.text).to.equal(200);
  });
});
