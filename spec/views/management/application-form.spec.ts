/**
 * DOT's application registration and update pages through HTTP: DOT's fields, the owner never a field, validation as
 * `Application.clean()` does it with the errors beside their fields and the input kept, the offered grant types,
 * and the generated secret shown once (after registering, and after "new secret", which retires the old one).
 */
import { expect } from 'chai';
import type Koa from 'koa';
import request from 'supertest';

import { Application } from '../../../lib/models/application.js';
import { configure } from '../../../lib/settings.js';
import { AUTHORIZE_SETTINGS } from '../../helpers/authorize.js';
import { expectPageCsp } from '../../helpers/csp.js';
import { testOrm } from '../../helpers/db.js';
import { createApplication } from '../../helpers/factories.js';
import {
  basic,
  csrfFrom,
  fieldErrors,
  fieldValue,
  shownSecret,
  useManagementPages,
  type Agent,
} from '../../helpers/management.js';
import type { User } from '../../helpers/user-entity.js';

const REGISTER = '/o/applications/register/';

describe('management pages: the application form', function () {
  const pages = useManagementPages();
  const { em } = pages;
  let user: User;
  let other: User;
  let app: Koa;
  let agent: Agent;

  beforeEach(function () {
    ({ user, other, app } = pages);
    agent = request.agent(app.callback());
  });

  /** Submit the registration form with `fields` (a fresh CSRF token added). */
  async function register(fields: Record<string, string>) {
    const csrfmiddlewaretoken = await csrfFrom(agent, REGISTER);
    return agent
      .post(REGISTER)
      .type('form')
      .send({ csrfmiddlewaretoken, ...fields });
  }

  /** Ask the token endpoint for a client-credentials token with this secret; return the status. */
  async function tokenStatus(clientId: string, secret: string): Promise<number> {
    const res = await request(app.callback())
      .post('/o/token/')
      .set('Authorization', basic(clientId, secret))
      .type('form')
      .send({ grant_type: 'client_credentials', scope: 'read' });
    return res.status;
  }

  const SERVICE = {
    name: 'Service',
    client_type: 'confidential',
    authorization_grant_type: 'client-credentials',
    hash_client_secret: 'on',
  };

  describe('ApplicationRegistration', function () {
    it("shows DOT's fields with labels, the CSRF input and the page headers; never an owner field", async function () {
      const res = await agent.get(REGISTER);
      expect(res.status).to.equal(200);
      for (const name of [
        'name',
        'client_id',
        'client_secret',
        'hash_client_secret',
        'client_type',
        'authorization_grant_type',
        'redirect_uris',
        'post_logout_redirect_uris',
        'allowed_origins',
        'algorithm',
      ]) {
        expect(res.text, name).to.include(`name="${name}"`).and.include(`<label for="id_${name}"`);
      }
      expect(res.text).not.to.include('name="user"');
      expect(res.text).to.include('name="csrfmiddlewaretoken"');
      expectPageCsp(res);
    });

    it('offers the applicationGrantTypes setting: by default neither password nor implicit', async function () {
      const res = await agent.get(REGISTER);
      expect(res.text).to.include('value="authorization-code"').and.include('value="client-credentials"');
      expect(res.text).not.to.include('value="password"').and.not.include('value="implicit"');
      const refused = await register({ ...SERVICE, authorization_grant_type: 'password' });
      expect(refused.status).to.equal(400);
      expect(fieldErrors(refused.text, 'authorization_grant_type')[0]).to.match(/not offered/);
      configure({ orm: testOrm(), ...AUTHORIZE_SETTINGS, applicationGrantTypes: ['password'] });
      const accepted = await register({ ...SERVICE, authorization_grant_type: 'password' });
      expect(accepted.status, accepted.text).to.equal(303);
    });

    it('registers for the logged-in user, whatever the body says, and 303s to its page', async function () {
      const res = await register({ ...SERVICE, user: String(other.id) });
      expect(res.status, res.text).to.equal(303);
      const application = await em().findOneOrFail(
        Application,
        { name: 'Service' },
        { populate: ['user'], refresh: true },
      );
      expect(res.headers['location']).to.equal(`/o/applications/${application.id}/`);
      expect((application.user as User).id).to.equal(user.id);
      expect(application.clientSecret).to.match(/^sha256\$/);
    });

    it('shows the generated secret once, with a warning; it is the working secret and is stored only hashed', async function () {
      const res = await register(SERVICE);
      const cookie = String(res.headers['set-cookie']);
      expect(cookie)
        .to.match(/oauth2_new_secret=/)
        .and.match(/httponly/i)
        .and.match(/samesite=strict/i);
      const page = await agent.get(String(res.headers['location']));
      const secret = shownSecret(page.text);
      expect(secret).to.be.a('string').with.length.greaterThan(20);
      expect(page.text).to.include('shown this once and never again');
      expect(cookie, 'the cookie does not carry the secret in clear').not.to.include(secret!);
      const application = await em().findOneOrFail(Application, { name: 'Service' }, { refresh: true });
      expect(application.clientSecret).not.to.include(secret!);
      expect(await tokenStatus(application.clientId, secret!)).to.equal(200);
      const again = await agent.get(String(res.headers['location']));
      expect(shownSecret(again.text), 'never again').to.equal(null);
    });

    it('keeps a secret cookie from opening on another application page', async function () {
      const res = await register(SERVICE);
      const { application: second } = await createApplication(em(), { user });
      const elsewhere = await agent.get(`/o/applications/${second.id}/`);
      expect(shownSecret(elsewhere.text)).to.equal(null);
      expect(shownSecret((await agent.get(String(res.headers['location']))).text)).to.equal(null);
    });

    it('validates as Application.clean() does: errors beside their fields, the input kept, nothing stored', async function () {
      const res = await register({
        name: 'Bad <app>',
        client_type: 'public',
        authorization_grant_type: 'authorization-code',
        redirect_uris: 'http://client.example/cb',
        allowed_origins: 'ftp://origin.example',
      });
      expect(res.status).to.equal(400);
      expect(fieldErrors(res.text, 'redirect_uris')).to.have.length(1);
      expect(fieldErrors(res.text, 'allowed_origins')).to.have.length(1);
      expect(fieldValue(res.text, 'name')).to.equal('Bad <app>');
      expect(fieldValue(res.text, 'redirect_uris')).to.equal('http://client.example/cb');
      expect(res.text).to.include('<option value="public" selected>');
      expect(res.text).to.include('aria-invalid="true"');
      expectPageCsp(res);
      expect(await em().count(Application, { name: 'Bad <app>' })).to.equal(0);
    });

    it('makes HS256 with a hashed secret a field error on algorithm, and accepts it with the secret readable', async function () {
      const hs = {
        ...SERVICE,
        authorization_grant_type: 'authorization-code',
        redirect_uris: 'https://client.example/cb',
        algorithm: 'HS256',
      };
      const refused = await register(hs);
      expect(refused.status).to.equal(400);
      expect(fieldErrors(refused.text, 'algorithm').join()).to.match(/HS256/);
      const { hash_client_secret: _hashed, ...readable } = hs;
      expect((await register(readable)).status).to.equal(303);
    });

    it('refuses a taken client id beside the field', async function () {
      const { application } = await createApplication(em(), { user: other });
      const res = await register({ ...SERVICE, client_id: application.clientId });
      expect(res.status).to.equal(400);
      expect(fieldErrors(res.text, 'client_id')[0]).to.match(/already exists/);
    });

    it('refuses a POST without the CSRF token (403) and stores nothing', async function () {
      await csrfFrom(agent, REGISTER);
      const res = await agent.post(REGISTER).type('form').send(SERVICE);
      expect(res.status).to.equal(403);
      expect(await em().count(Application, { name: 'Service' })).to.equal(0);
    });
  });

  describe('ApplicationUpdate', function () {
    it('changes the redirect URIs and 303s to the page; the form starts from the stored values', async function () {
      const { application } = await createApplication(em(), { user, redirectUris: 'https://a.example/cb' });
      const path = `/o/applications/${application.id}/update/`;
      const form = await agent.get(path);
      expect(fieldValue(form.text, 'redirect_uris')).to.equal('https://a.example/cb');
      expect(form.text).not.to.include('name="client_secret"');
      expectPageCsp(form);
      const csrfmiddlewaretoken = await csrfFrom(agent, path);
      const res = await agent.post(path).type('form').send({
        csrfmiddlewaretoken,
        name: 'Renamed',
        client_id: application.clientId,
        client_type: 'confidential',
        authorization_grant_type: 'authorization-code',
        redirect_uris: 'https://b.example/cb\r\nhttps://c.example/cb',
        algorithm: '',
      });
      expect(res.status, res.text).to.equal(303);
      expect(res.headers['location']).to.equal(`/o/applications/${application.id}/`);
      const stored = await em().findOneOrFail(Application, { id: application.id }, { refresh: true });
      expect(stored.redirectUris).to.equal('https://b.example/cb https://c.example/cb');
      expect(stored.name).to.equal('Renamed');
    });

    it('shows the errors and stores nothing when the change is invalid', async function () {
      const { application } = await createApplication(em(), { user, redirectUris: 'https://a.example/cb' });
      const path = `/o/applications/${application.id}/update/`;
      const csrfmiddlewaretoken = await csrfFrom(agent, path);
      const res = await agent.post(path).type('form').send({
        csrfmiddlewaretoken,
        name: 'x',
        client_type: 'confidential',
        authorization_grant_type: 'authorization-code',
        redirect_uris: 'https://b.example/cb#fragment',
        algorithm: '',
      });
      expect(res.status).to.equal(400);
      expect(fieldErrors(res.text, 'redirect_uris')).to.have.length(1);
      expect(fieldValue(res.text, 'redirect_uris')).to.equal('https://b.example/cb#fragment');
      await em().flush();
      const stored = await em().findOneOrFail(Application, { id: application.id }, { refresh: true });
      expect(stored.redirectUris).to.equal('https://a.example/cb');
    });

    it("is a 404 for another user's application, and changes nothing", async function () {
      const { application } = await createApplication(em(), { user: other, name: 'Theirs' });
      const { application: mine } = await createApplication(em(), { user });
      const csrfmiddlewaretoken = await csrfFrom(agent, `/o/applications/${mine.id}/update/`);
      const path = `/o/applications/${application.id}/update/`;
      expect((await agent.get(path)).status).to.equal(404);
      const res = await agent
        .post(path)
        .type('form')
        .send({ csrfmiddlewaretoken, ...SERVICE, name: 'Mine now' });
      expect(res.status).to.equal(404);
      expect((await em().findOneOrFail(Application, { id: application.id }, { refresh: true })).name).to.equal(
        'Theirs',
      );
    });
  });

  describe('a new secret', function () {
    it('replaces the secret at once: the old one fails, the new one is shown once and works', async function () {
      const { application, clientSecret } = await createApplication(em(), {
        user,
        authorizationGrantType: 'client-credentials',
        redirectUris: '',
      });
      expect(await tokenStatus(application.clientId, clientSecret)).to.equal(200);
      const path = `/o/applications/${application.id}/`;
      const csrfmiddlewaretoken = await csrfFrom(agent, path);
      const res = await agent.post(path).type('form').send({ csrfmiddlewaretoken, new_secret: '1' });
      expect(res.status).to.equal(303);
      expect(res.headers['location']).to.equal(path);
      const secret = shownSecret((await agent.get(path)).text);
      expect(secret).to.be.a('string');
      expect(await tokenStatus(application.clientId, clientSecret)).to.equal(401);
      expect(await tokenStatus(application.clientId, secret!)).to.equal(200);
      expect(shownSecret((await agent.get(path)).text)).to.equal(null);
    });

    it("needs the CSRF token, and is a 404 for another user's application", async function () {
      const { application, clientSecret } = await createApplication(em(), {
        user: other,
        authorizationGrantType: 'client-credentials',
        redirectUris: '',
      });
      const { application: mine } = await createApplication(em(), { user });
      const csrfmiddlewaretoken = await csrfFrom(agent, `/o/applications/${mine.id}/`);
      expect((await agent.post(`/o/applications/${mine.id}/`).type('form').send({})).status).to.equal(403);
      const res = await agent.post(`/o/applications/${application.id}/`).type('form').send({ csrfmiddlewaretoken });
      expect(res.status).to.equal(404);
      expect(await tokenStatus(application.clientId, clientSecret)).to.equal(200);
    });
  });
});
