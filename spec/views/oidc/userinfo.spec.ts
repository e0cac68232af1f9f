/**
 * UserInfoView (OIDC Core §5.3, RFC 6750): GET and POST with a bearer access token, claims by granted scope, the
 * RFC 6750 errors, an ID token refused as a bearer token, and CORS (ARCHITECTURE.md, CORS).
 */
import { expect } from 'chai';
import request from 'supertest';

import { configure } from '../../../lib/settings.js';
import { testOrm, useTransaction } from '../../helpers/db.js';
import { createAccessToken, createApplication } from '../../helpers/factories.js';
import { buildOidcApp, codeFlowTokens, emptySession, login, oidcClient, oidcSettings } from './helpers.js';

const RP_ORIGIN = 'https://rp.example';

describe('UserInfoView', () => {
  const session = emptySession();
  const em = useTransaction({ settings: oidcSettings(session) });

  async function tokenFor(scope: string, data: Parameters<typeof oidcClient>[1] = {}) {
    const { user, application } = await oidcClient(em(), data);
    const { token } = await createAccessToken(em(), { application, user, scope });
    return { user, application, token };
  }

  it('GET answers sub and the claims the granted scopes release', async () => {
    const { user, token } = await tokenFor('openid profile email');
    const res = await request(buildOidcApp(em, session).callback()).get('/o/userinfo/').auth(token, { type: 'bearer' });
    expect(res.status, res.text).to.equal(200);
    expect(res.headers['content-type']).to.match(/^application\/json/);
    expect(res.body).to.deep.equal({
      sub: String(user.id),
      name: 'Alice Liddell',
      given_name: 'Alice',
      preferred_username: user.username,
      email: 'alice@example.com',
      email_verified: true,
      tenant: 'acme',
    });
  });

  it('POST with the token in the form body works the same; without the email scope no email', async () => {
    const { user, token } = await tokenFor('openid profile');
    const res = await request(buildOidcApp(em, session).callback())
      .post('/o/userinfo/')
      .type('form')
      .send({ access_token: token });
    expect(res.status, res.text).to.equal(200);
    expect(res.body.sub).to.equal(String(user.id));
    expect(res.body).to.have.property('name');
    expect(res.body).not.to.have.property('email');
  });

  it('no token: 401 with a bare Bearer challenge', async () => {
    const res = await request(buildOidcApp(em, session).callback()).get('/o/userinfo/');
    expect(res.status).to.equal(401);
    expect(res.headers['www-authenticate']).to.match(/^Bearer realm="oauth2"$/);
  });

  it('an unknown, expired or revoked token: 401 invalid_token', async () => {
    const app = buildOidcApp(em, session).callback();
    const { user, application } = await oidcClient(em());
    const { token: expired } = await createAccessToken(em(), { application, user, scope: 'openid', expiresIn: -10 });
    const { accessToken, token: revoked } = await createAccessToken(em(), { application, user, scope: 'openid' });
    await accessToken.revoke(em());
    for (const token of ['unknown-token', expired, revoked]) {
      const res = await request(app).get('/o/userinfo/').auth(token, { type: 'bearer' });
      expect(res.status, token).to.equal(401);
      expect(res.body.error).to.equal('invalid_token');
      expect(res.headers['www-authenticate']).to.include('error="invalid_token"');
    }
  });

  it('a token without the openid scope: 403 insufficient_scope', async () => {
    const { token } = await tokenFor('read');
    const res = await request(buildOidcApp(em, session).callback()).get('/o/userinfo/').auth(token, { type: 'bearer' });
    expect(res.status).to.equal(403);
    expect(res.body.error).to.equal('insufficient_scope');
    expect(res.headers['www-authenticate']).to.include('error="insufficient_scope"');
  });

  it('an ID token presented as the bearer token opens nothing', async () => {
    const { user, application, clientSecret } = await oidcClient(em());
    login(session, user);
    const app = buildOidcApp(em, session);
    const tokens = await codeFlowTokens(app, application, clientSecret);
    const res = await request(app.callback())
      .get('/o/userinfo/')
      .auth(tokens.id_token ?? '', { type: 'bearer' });
    expect(res.status).to.equal(401);
    const ok = await request(app.callback())
      .get('/o/userinfo/')
      .auth(tokens.access_token ?? '', { type: 'bearer' });
    expect(ok.body.sub).to.equal(String(user.id));
  });

  it('a client_credentials token (no user) has no claims: 401', async () => {
    const { application } = await createApplication(em(), { authorizationGrantType: 'client-credentials' });
    const { token } = await createAccessToken(em(), { application, user: null, scope: 'openid' });
    const res = await request(buildOidcApp(em, session).callback()).get('/o/userinfo/').auth(token, { type: 'bearer' });
    expect(res.status).to.equal(401);
  });

  it('CORS: an http origin allowed by allowedSchemes is allowed alike by the preflight and the actual answer', async () => {
    configure({ orm: testOrm(), ...oidcSettings(session), allowedSchemes: ['http', 'https'] });
    const origin = 'http://rp.example';
    const { token } = await tokenFor('openid', { allowedOrigins: [origin] });
    const app = buildOidcApp(em, session).callback();
    const preflight = await request(app)
      .options('/o/userinfo/')
      .set('Origin', origin)
      .set('Access-Control-Request-Method', 'GET');
    expect(preflight.headers['access-control-allow-origin']).to.equal(origin);
    const actual = await request(app).get('/o/userinfo/').set('Origin', origin).auth(token, { type: 'bearer' });
    expect(actual.status).to.equal(200);
    expect(actual.headers['access-control-allow-origin']).to.equal(origin);
  });

  it("CORS: a preflight for a registered origin; the actual answer only for the token's own client", async () => {
    const { token } = await tokenFor('openid', { allowedOrigins: [RP_ORIGIN] });
    const other = await tokenFor('openid', { allowedOrigins: ['https://other.example'] });
    const app = buildOidcApp(em, session).callback();
    const preflight = await request(app)
      .options('/o/userinfo/')
      .set('Origin', RP_ORIGIN)
      .set('Access-Control-Request-Method', 'GET')
      .set('Access-Control-Request-Headers', 'authorization');
    expect(preflight.status).to.equal(204);
    expect(preflight.headers['access-control-allow-origin']).to.equal(RP_ORIGIN);
    expect(preflight.headers['access-control-allow-methods']).to.equal('GET, POST');
    expect(preflight.headers['access-control-allow-headers']).to.include('Authorization');
    const unknown = await request(app)
      .options('/o/userinfo/')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'GET');
    expect(unknown.headers).not.to.have.property('access-control-allow-origin');
    const actual = await request(app).get('/o/userinfo/').set('Origin', RP_ORIGIN).auth(token, { type: 'bearer' });
    expect(actual.headers['access-control-allow-origin']).to.equal(RP_ORIGIN);
    const foreign = await request(app)
      .get('/o/userinfo/')
      .set('Origin', 'https://other.example')
      .auth(token, { type: 'bearer' });
    expect(foreign.status).to.equal(200);
    expect(foreign.headers).not.to.have.property('access-control-allow-origin');
    const own = await request(app)
      .get('/o/userinfo/')
      .set('Origin', 'https://other.example')
      .auth(other.token, { type: 'bearer' });
    expect(own.headers['access-control-allow-origin']).to.equal('https://other.example');
  });

  it('answers 404 while OIDC is off', async () => {
    const { token } = await tokenFor('openid');
    configure({ orm: testOrm(), ...oidcSettings(session, { oidcEnabled: false }) });
    const res = await request(buildOidcApp(em, session).callback()).get('/o/userinfo/').auth(token, { type: 'bearer' });
    expect(res.status).to.equal(404);
  });
});
