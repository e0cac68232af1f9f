import { expect } from 'chai';
import request from 'supertest';
import { useTransaction } from '../helpers/db.js';
import { buildApp } from '../helpers/app.js';
import { createAccessToken, createApplication, createRefreshToken, createUser } from '../helpers/factories.js';
import { basic } from '../helpers/basic-auth.js';

const SPA = 'https://spa.example';

describe('CORS at the token and revocation endpoints (ARCHITECTURE.md, CORS)', () => {
  const em = useTransaction();

  const preflight = (path: string, origin: string, method = 'POST') =>
    request(buildApp({ em }).callback())
      .options(path)
      .set('Origin', origin)
      .set('Access-Control-Request-Method', method)
      .set('Access-Control-Request-Headers', 'authorization, content-type');

  for (const path of ['/o/token/', '/o/revoke_token/']) {
    describe(path, () => {
      it('answers a preflight from an origin some application registered', async () => {
        await createApplication(em(), { allowedOrigins: [SPA] });
        const res = await preflight(path, SPA);
        expect(res.status).to.equal(204);
        expect(res.headers['access-control-allow-origin']).to.equal(SPA);
        expect(res.headers['access-control-allow-methods']).to.equal('POST');
        expect(res.headers['access-control-allow-headers']).to.equal('Authorization, Content-Type');
        expect(res.headers['vary']).to.include('Origin');
      });

      it('answers a preflight from an unregistered origin without CORS headers', async () => {
        await createApplication(em(), { allowedOrigins: [SPA] });
        const res = await preflight(path, 'https://evil.example');
        expect(res.status).to.equal(200);
        expect(res.headers).not.to.have.property('access-control-allow-origin');
        expect(res.headers['allow']).to.equal('POST, OPTIONS');
      });

      it('refuses a preflight for a method the endpoint does not serve', async () => {
        await createApplication(em(), { allowedOrigins: [SPA] });
        const res = await preflight(path, SPA, 'DELETE');
        expect(res.headers).not.to.have.property('access-control-allow-origin');
      });
    });
  }

  it("allows the origin on a refresh answer when the client's own list has it", async () => {
    const user = await createUser(em());
    const { application, clientSecret } = await createApplication(em(), { allowedOrigins: [SPA] });
    const { token } = await createRefreshToken(em(), { application, user });
    const res = await request(buildApp({ em }).callback())
      .post('/o/token/')
      .set('Origin', SPA)
      .set('Authorization', basic(application.clientId, clientSecret))
      .type('form')
      .send({ grant_type: 'refresh_token', refresh_token: token });
    expect(res.status).to.equal(200);
    expect(res.headers['access-control-allow-origin']).to.equal(SPA);
    expect(res.headers['vary']).to.include('Origin');
  });

  it('does not allow an origin that only another application registered, on the token and revocation answers', async () => {
    await createApplication(em(), { allowedOrigins: [SPA] });
    const user = await createUser(em());
    const { application, clientSecret } = await createApplication(em());
    const { token } = await createRefreshToken(em(), { application, user });
    const app = buildApp({ em }).callback();
    const auth = basic(application.clientId, clientSecret);
    const refreshed = await request(app)
      .post('/o/token/')
      .set('Origin', SPA)
      .set('Authorization', auth)
      .type('form')
      .send({ grant_type: 'refresh_token', refresh_token: token });
    expect(refreshed.status).to.equal(200);
    expect(refreshed.headers).not.to.have.property('access-control-allow-origin');
    expect(refreshed.headers['vary']).to.include('Origin');
    const revoked = await request(app)
      .post('/o/revoke_token/')
      .set('Origin', SPA)
      .set('Authorization', auth)
      .type('form')
      .send({ token: refreshed.body.access_token });
    expect(revoked.status).to.equal(200);
    expect(revoked.headers).not.to.have.property('access-control-allow-origin');
  });

  it("allows the origin on a revocation answer when the client's own list has it", async () => {
    const { application, clientSecret } = await createApplication(em(), { allowedOrigins: [SPA] });
    const { token } = await createAccessToken(em(), { application });
    const res = await request(buildApp({ em }).callback())
      .post('/o/revoke_token/')
      .set('Origin', SPA)
      .set('Authorization', basic(application.clientId, clientSecret))
      .type('form')
      .send({ token });
    expect(res.status).to.equal(200);
    expect(res.headers['access-control-allow-origin']).to.equal(SPA);
  });

  it('gives no CORS headers to an error answer', async () => {
    const { application } = await createApplication(em(), { allowedOrigins: [SPA] });
    const res = await request(buildApp({ em }).callback())
      .post('/o/revoke_token/')
      .set('Origin', SPA)
      .set('Authorization', basic(application.clientId, 'wrong'))
      .type('form')
      .send({ token: 'x' });
    expect(res.status).to.equal(401);
    expect(res.headers).not.to.have.property('access-control-allow-origin');
  });

  it('refuses an http origin under the default allowedSchemes on the preflight and on the actual answer', async () => {
    const origin = 'http://spa.example';
    const user = await createUser(em());
    const { application, clientSecret } = await createApplication(em(), { allowedOrigins: [origin] });
    const { token } = await createRefreshToken(em(), { application, user });
    const res = await preflight('/o/token/', origin);
    expect(res.headers).not.to.have.property('access-control-allow-origin');
    const refreshed = await request(buildApp({ em }).callback())
      .post('/o/token/')
      .set('Origin', origin)
      .set('Authorization', basic(application.clientId, clientSecret))
      .type('form')
      .send({ grant_type: 'refresh_token', refresh_token: token });
    expect(refreshed.status).to.equal(200);
    expect(refreshed.headers).not.to.have.property('access-control-allow-origin');
  });

  it('never answers CORS at the authorization endpoint', async () => {
    await createApplication(em(), { allowedOrigins: [SPA] });
    const res = await preflight('/o/authorize/', SPA, 'GET');
    expect(res.headers).not.to.have.property('access-control-allow-origin');
  });
});
