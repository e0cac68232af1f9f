/**
 * AuthorizationView without the form (DOT): the application's `skipAuthorization`, and `approval_prompt=auto`
 * (query or `requestApprovalPrompt`) when the user holds a live token that covers the scopes.
 */
import { expect } from 'chai';
import type Koa from 'koa';
import request from 'supertest';

import { configure } from '../../lib/settings.js';
import {
  AUTHORIZE_SETTINGS,
  authorizeQuery,
  buildAuthorizeApp,
  ISSUER,
  locationParams,
  type Session,
} from '../helpers/authorize.js';
import { testOrm, useTransaction } from '../helpers/db.js';
import { createAccessToken, createApplication, createUser } from '../helpers/factories.js';
import type { User } from '../helpers/user-entity.js';

describe('AuthorizationView: skipping the form', function () {
  const em = useTransaction({ settings: AUTHORIZE_SETTINGS });
  const session: Session = { user: null };
  let user: User;
  let app: Koa;

  beforeEach(async function () {
    user = await createUser(em());
    session.user = user;
    app = buildAuthorizeApp(em, session);
  });

  it('skipAuthorization → 302 with a code, no page', async function () {
    const { application } = await createApplication(em(), { skipAuthorization: true });
    const res = await request(app.callback()).get(`/o/authorize/?${authorizeQuery(application.clientId)}`);
    expect(res.status).to.equal(302);
    const params = locationParams(res.headers['location']);
    expect(params.get('code')).to.be.a('string');
    expect(params.get('state')).to.equal('xyz');
    expect(params.get('iss')).to.equal(ISSUER);
  });

  it('approval_prompt=auto with a live token covering the scopes → 302 with a code', async function () {
    const { application } = await createApplication(em());
    await createAccessToken(em(), { application, user, scope: 'read write' });
    const query = authorizeQuery(application.clientId, { approval_prompt: 'auto' });
    const res = await request(app.callback()).get(`/o/authorize/?${query}`);
    expect(res.status).to.equal(302);
    expect(locationParams(res.headers['location']).get('code')).to.be.a('string');
  });

  it('approval_prompt=auto without a covering token → the consent page', async function () {
    const { application } = await createApplication(em());
    await createAccessToken(em(), { application, user, scope: 'read' });
    await createAccessToken(em(), { application, user, scope: 'read write', expiresIn: -10 });
    const query = authorizeQuery(application.clientId, { approval_prompt: 'auto' });
    const res = await request(app.callback()).get(`/o/authorize/?${query}`);
    expect(res.status).to.equal(200);
    expect(res.text).to.include('id="authorizationForm"');
  });

  it("another user's token does not count as consent", async function () {
    const { application } = await createApplication(em());
    await createAccessToken(em(), { application, user: await createUser(em()), scope: 'read write' });
    const query = authorizeQuery(application.clientId, { approval_prompt: 'auto' });
    const res = await request(app.callback()).get(`/o/authorize/?${query}`);
    expect(res.status).to.equal(200);
  });

  it('requestApprovalPrompt: auto applies when the query has no approval_prompt; force in the query wins', async function () {
    configure({ orm: testOrm(), ...AUTHORIZE_SETTINGS, requestApprovalPrompt: 'auto' });
    const { application } = await createApplication(em());
    await createAccessToken(em(), { application, user, scope: 'read write' });
    const auto = await request(app.callback()).get(`/o/authorize/?${authorizeQuery(application.clientId)}`);
    expect(auto.status).to.equal(302);
    const query = authorizeQuery(application.clientId, { approval_prompt: 'force' });
    const forced = await request(app.callback()).get(`/o/authorize/?${query}`);
    expect(forced.status).to.equal(200);
  });
});
