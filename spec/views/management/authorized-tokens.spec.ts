/**
 * DOT's authorized-token pages through HTTP (test_authorized_token_views.py): the user's live grants by application
 * with their scopes, owner scoping, pagination, and revocation that takes the refresh token and the family along
 * (DOT 3.4.1, #1510) and holds from the next API call.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type Koa from 'koa';
import request from 'supertest';

import { AccessToken } from '../../../lib/models/access-token.js';
import { RefreshToken } from '../../../lib/models/refresh-token.js';
import { expectPageCsp } from '../../helpers/csp.js';
import { createAccessToken, createApplication, createRefreshToken } from '../../helpers/factories.js';
import { basic, useManagementPages, csrfFrom } from '../../helpers/management.js';
import type { User } from '../../helpers/user-entity.js';

const LIST = '/o/authorized_tokens/';

describe('management pages: authorized tokens', function () {
  const pages = useManagementPages();
  const { em, session } = pages;
  let user: User;
  let other: User;
  let app: Koa;

  beforeEach(function () {
    ({ user, other, app } = pages);
  });

  const api = (token: string) => request(app.callback()).get('/api/hello').set('Authorization', `Bearer ${token}`);

  describe('AuthorizedTokensList', function () {
    it('sends an anonymous user to the login page', async function () {
      session.user = null;
      const res = await request(app.callback()).get(LIST);
      expect(res.status).to.equal(302);
      expect(res.headers['location']).to.equal(`/accounts/login/?next=${encodeURIComponent(LIST)}`);
    });

    it("lists the user's live grants by application, with the scopes' descriptions and a revoke link", async function () {
      const { application } = await createApplication(em(), { name: 'Photo printer' });
      const { accessToken } = await createAccessToken(em(), { application, user, scope: 'read write' });
      const res = await request(app.callback()).get(LIST);
      expect(res.status).to.equal(200);
      expect(res.text).to.include('<h2>Photo printer</h2>');
      expect(res.text).to.include('read: Reading scope').and.include('write: Writing scope');
      expect(res.text).to.include(`href="/o/authorized_tokens/${accessToken.id}/delete/"`);
      expectPageCsp(res);
    });

    it("leaves out another user's grants, revoked ones and expired ones that no refresh token renews", async function () {
      const named = async (name: string) => (await createApplication(em(), { name })).application;
      await createAccessToken(em(), { application: await named('Of another'), user: other });
      await createAccessToken(em(), { application: await named('Revoked'), user, revoked: new Date() });
      await createAccessToken(em(), { application: await named('Expired'), user, expiresIn: -60 });
      const renewable = await named('Renewable');
      const { accessToken } = await createAccessToken(em(), { application: renewable, user, expiresIn: -60 });
      await createRefreshToken(em(), { application: renewable, user, accessToken });
      const res = await request(app.callback()).get(LIST);
      expect(res.text).to.include('Renewable').and.include('renewable until revoked');
      expect(res.text).not.to.include('Of another').and.not.include('Revoked').and.not.include('Expired');
    });

    it('says so when there is none', async function () {
      expect((await request(app.callback()).get(LIST)).text).to.include('There are no authorized tokens yet.');
    });

    it('shows 20 a page', async function () {
      const { application } = await createApplication(em());
      for (let i = 0; i < 21; i++) await createAccessToken(em(), { application, user });
      const first = await request(app.callback()).get(LIST);
      expect([...first.text.matchAll(/>revoke</g)]).to.have.length(20);
      const second = await request(app.callback()).get(`${LIST}?page=2`);
      expect([...second.text.matchAll(/>revoke</g)]).to.have.length(1);
      expect((await request(app.callback()).get(`${LIST}?page=3`)).status).to.equal(404);
    });
  });

  describe('AuthorizedTokenDelete', function () {
    it('revokes the access token, its refresh token and their family; the next API call is a 401', async function () {
      const { application, clientSecret } = await createApplication(em());
      const family = randomUUID();
      const { accessToken, token } = await createAccessToken(em(), { application, user, family, scope: 'read' });
      const { token: refresh } = await createRefreshToken(em(), { application, user, accessToken, family });
      const sibling = await createAccessToken(em(), { application, user, family, scope: 'read' });
      expect((await api(token)).status).to.equal(200);
      const agent = request.agent(app.callback());
      const path = `/o/authorized_tokens/${accessToken.id}/delete/`;
      const page = await agent.get(path);
      expect(page.text).to.include('Are you sure you want to delete this token?');
      expectPageCsp(page);
      const csrfmiddlewaretoken = await csrfFrom(agent, path);
      const res = await agent.post(path).type('form').send({ csrfmiddlewaretoken });
      expect(res.status).to.equal(303);
      expect(res.headers['location']).to.equal(LIST);
      expect((await api(token)).status).to.equal(401);
      expect((await api(sibling.token)).status).to.equal(401);
      const refreshed = await request(app.callback())
        .post('/o/token/')
        .set('Authorization', basic(application.clientId, clientSecret))
        .type('form')
        .send({ grant_type: 'refresh_token', refresh_token: refresh });
      expect(refreshed.status).to.equal(400);
      expect(refreshed.body.error).to.equal('invalid_grant');
      expect(await em().count(RefreshToken, { family, revoked: null })).to.equal(0);
      expect(await em().count(AccessToken, { family, revoked: null })).to.equal(0);
    });

    it('refuses a POST without the CSRF token (403) and revokes nothing', async function () {
      const { application } = await createApplication(em());
      const { accessToken, token } = await createAccessToken(em(), { application, user });
      const agent = request.agent(app.callback());
      const path = `/o/authorized_tokens/${accessToken.id}/delete/`;
      await csrfFrom(agent, path);
      expect((await agent.post(path).type('form').send({})).status).to.equal(403);
      expect((await api(token)).status).to.equal(200);
    });

    it("is a 404 for another user's token, on GET and POST, and revokes nothing", async function () {
      const { application } = await createApplication(em());
      const theirs = await createAccessToken(em(), { application, user: other });
      const mine = await createAccessToken(em(), { application, user });
      const agent = request.agent(app.callback());
      const csrfmiddlewaretoken = await csrfFrom(agent, `/o/authorized_tokens/${mine.accessToken.id}/delete/`);
      const path = `/o/authorized_tokens/${theirs.accessToken.id}/delete/`;
      expect((await agent.get(path)).status).to.equal(404);
      expect((await agent.post(path).type('form').send({ csrfmiddlewaretoken })).status).to.equal(404);
      expect((await api(theirs.token)).status).to.equal(200);
      expect((await agent.get('/o/authorized_tokens/abc/delete/')).status).to.equal(404);
    });
  });
});
