/**
 * DOT's application pages through HTTP (test_application_views.py): login required, owner scoping (another user's
 * application is a 404), pagination, the detail page, deleting an application and what it revokes.
 */
import { expect } from 'chai';
import type Koa from 'koa';
import request from 'supertest';

import { Application } from '../../../lib/models/application.js';
import { registerManagementRoutes } from '../../../lib/urls/management.js';
import { ApplicationList } from '../../../lib/views/management/applications.js';
import { buildAuthorizeApp } from '../../helpers/authorize.js';
import { expectPageCsp } from '../../helpers/csp.js';
import { createAccessToken, createApplication, createRefreshToken } from '../../helpers/factories.js';
import { basic, useManagementPages, csrfFrom } from '../../helpers/management.js';
import type { User } from '../../helpers/user-entity.js';

describe('management pages: applications', function () {
  const pages = useManagementPages();
  const { em, session } = pages;
  let user: User;
  let other: User;
  let app: Koa;

  beforeEach(function () {
    ({ user, other, app } = pages);
  });

  describe('login', function () {
    for (const path of [
      '/o/applications/',
      '/o/applications/register/',
      '/o/applications/1/',
      '/o/applications/1/update/',
      '/o/applications/1/delete/',
    ]) {
      it(`sends an anonymous user from ${path} to the login page`, async function () {
        session.user = null;
        const res = await request(app.callback()).get(path);
        expect(res.status).to.equal(302);
        expect(res.headers['location']).to.equal(`/accounts/login/?next=${encodeURIComponent(path)}`);
      });
    }

    it('sends an anonymous POST to the login page too, and changes nothing', async function () {
      const { application } = await createApplication(em(), { user });
      session.user = null;
      const res = await request(app.callback()).post(`/o/applications/${application.id}/delete/`).type('form').send({});
      expect(res.status).to.equal(302);
      expect(await em().count(Application, { id: application.id })).to.equal(1);
    });
  });

  describe('ApplicationList', function () {
    it("lists the user's applications only, with the page headers", async function () {
      await createApplication(em(), { user, name: 'Mine' });
      await createApplication(em(), { user: other, name: 'Theirs' });
      const res = await request(app.callback()).get('/o/applications/');
      expect(res.status).to.equal(200);
      expect(res.text).to.include('Your applications').and.include('Mine').and.not.include('Theirs');
      expectPageCsp(res);
      expect(res.headers['cache-control']).to.equal('no-store');
    });

    it('says so when there is none, with a link to register one', async function () {
      const res = await request(app.callback()).get('/o/applications/');
      expect(res.text).to.include('No applications defined').and.include('href="/o/applications/register/"');
    });

    it('shows 20 a page, then the rest; a page past the end or not a number is a 404', async function () {
      for (let i = 0; i < 23; i++) await createApplication(em(), { user, name: `app-${String(i).padStart(2, '0')}` });
      const first = await request(app.callback()).get('/o/applications/');
      expect([...first.text.matchAll(/>app-\d\d</g)]).to.have.length(20);
      expect(first.text).to.include('Page 1 of 2').and.include('href="?page=2"');
      const second = await request(app.callback()).get('/o/applications/?page=2');
      expect([...second.text.matchAll(/>app-\d\d</g)].map((m) => m[0])).to.deep.equal([
        '>app-20<',
        '>app-21<',
        '>app-22<',
      ]);
      for (const page of ['3', '0', 'x', '1&page=2']) {
        expect((await request(app.callback()).get(`/o/applications/?page=${page}`)).status, page).to.equal(404);
      }
    });

    it('lets no queryset widen the list to another owner', async function () {
      await createApplication(em(), { user: other, name: 'Of another' });
      class Widened extends ApplicationList {
        override queryset = { user: other.id };
      }
      const custom = buildAuthorizeApp(em, session, (router) => {
        registerManagementRoutes(router, { views: { ApplicationList: Widened } });
      });
      const res = await request(custom.callback()).get('/applications/');
      expect(res.status).to.equal(200);
      expect(res.text).not.to.include('Of another');
    });

    it('takes a narrower queryset from a subclass, never another owner', async function () {
      await createApplication(em(), { user, name: 'Public one', clientType: 'public' });
      await createApplication(em(), { user, name: 'Confidential one' });
      await createApplication(em(), { user: other, name: 'Public of another', clientType: 'public' });
      class PublicOnly extends ApplicationList {
        override queryset = { clientType: 'public' };
      }
      const custom = buildAuthorizeApp(em, session, (router) => {
        registerManagementRoutes(router, { views: { ApplicationList: PublicOnly } });
      });
      const res = await request(custom.callback()).get('/applications/');
      expect(res.status).to.equal(200);
      expect(res.text)
        .to.include('Public one')
        .and.not.include('Confidential one')
        .and.not.include('Public of another');
    });
  });

  describe('ApplicationDetail', function () {
    it('shows the application without its secret', async function () {
      const { application, clientSecret } = await createApplication(em(), { user, name: 'Shown' });
      const res = await request(app.callback()).get(`/o/applications/${application.id}/`);
      expect(res.status).to.equal(200);
      expect(res.text).to.include('Shown').and.include(application.clientId).and.include('https://client.example/cb');
      expect(res.text).not.to.include(clientSecret).and.not.include(application.clientSecret);
      expectPageCsp(res);
    });

    it("is a 404 for another user's, an unknown or a malformed id, saying nothing more", async function () {
      const { application } = await createApplication(em(), { user: other, name: 'Secret project' });
      for (const id of [String(application.id), '999999999', 'abc', '1e3', '-1']) {
        const res = await request(app.callback()).get(`/o/applications/${id}/`);
        expect(res.status, id).to.equal(404);
        expect(res.text).not.to.include('Secret project');
      }
    });
  });

  describe('ApplicationDelete', function () {
    it('asks for confirmation, then deletes on a CSRF-checked POST with a 303 to the list', async function () {
      const { application } = await createApplication(em(), { user, name: 'Doomed' });
      const agent = request.agent(app.callback());
      const path = `/o/applications/${application.id}/delete/`;
      const page = await agent.get(path);
      expect(page.text).to.include('Are you sure to delete the application Doomed?');
      expectPageCsp(page);
      const csrf = await csrfFrom(agent, path);
      const res = await agent.post(path).type('form').send({ csrfmiddlewaretoken: csrf });
      expect(res.status).to.equal(303);
      expect(res.headers['location']).to.equal('/o/applications/');
      expect(await em().count(Application, { id: application.id })).to.equal(0);
    });

    it('refuses a POST without the CSRF token (403) and keeps the application', async function () {
      const { application } = await createApplication(em(), { user });
      const agent = request.agent(app.callback());
      const path = `/o/applications/${application.id}/delete/`;
      await csrfFrom(agent, path);
      const res = await agent.post(path).type('form').send({});
      expect(res.status).to.equal(403);
      expect(await em().count(Application, { id: application.id })).to.equal(1);
    });

    it('answers a body too large to read with the error page (413), and keeps the application', async function () {
      const { application } = await createApplication(em(), { user });
      const agent = request.agent(app.callback());
      const path = `/o/applications/${application.id}/delete/`;
      const csrfmiddlewaretoken = await csrfFrom(agent, path);
      const res = await agent
        .post(path)
        .type('form')
        .send({ csrfmiddlewaretoken, padding: 'x'.repeat(70 * 1024) });
      expect(res.status).to.equal(413);
      expect(res.text).to.include('Error: invalid_request');
      expectPageCsp(res);
      expect(await em().count(Application, { id: application.id })).to.equal(1);
    });

    it("is a 404 for another user's application, on GET and POST, and deletes nothing", async function () {
      const { application } = await createApplication(em(), { user: other });
      const { application: mine } = await createApplication(em(), { user });
      const agent = request.agent(app.callback());
      const csrf = await csrfFrom(agent, `/o/applications/${mine.id}/delete/`);
      const path = `/o/applications/${application.id}/delete/`;
      expect((await agent.get(path)).status).to.equal(404);
      expect((await agent.post(path).type('form').send({ csrfmiddlewaretoken: csrf })).status).to.equal(404);
      expect(await em().count(Application, { id: application.id })).to.equal(1);
    });

    it('revokes everything issued to it: its access token is refused, its refresh token is no longer accepted', async function () {
      const { application, clientSecret } = await createApplication(em(), { user });
      const { accessToken, token: accessValue } = await createAccessToken(em(), { application, user, scope: 'read' });
      const { token: refresh } = await createRefreshToken(em(), { application, user, accessToken });
      const api = () => request(app.callback()).get('/api/hello').set('Authorization', `Bearer ${accessValue}`);
      expect((await api()).status).to.equal(200);
      const agent = request.agent(app.callback());
      const path = `/o/applications/${application.id}/delete/`;
      const csrf = await csrfFrom(agent, path);
      expect((await agent.post(path).type('form').send({ csrfmiddlewaretoken: csrf })).status).to.equal(303);
      expect((await api()).status).to.equal(401);
      const refreshed = await request(app.callback())
        .post('/o/token/')
        .set('Authorization', basic(application.clientId, clientSecret))
        .type('form')
        .send({ grant_type: 'refresh_token', refresh_token: refresh });
      expect(refreshed.status).to.equal(401);
      expect(refreshed.body.error).to.equal('invalid_client');
    });
  });
});
