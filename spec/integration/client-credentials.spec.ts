import { expect } from 'chai';
import request from 'supertest';
import { useTransaction } from '../helpers/db.js';
import { buildApp } from '../helpers/app.js';
import { createApplication } from '../helpers/factories.js';
import { AccessToken } from '../../lib/models/access-token.js';
import { tokenChecksum } from '../../lib/models/checksum.js';
import { basic } from '../helpers/basic-auth.js';

describe('client credentials grant (RFC 6749 §4.4) through /o/token/', () => {
  const em = useTransaction();

  async function confidential() {
    return createApplication(em(), { authorizationGrantType: 'client-credentials' });
  }

  it('issues a token to a client authenticated with HTTP Basic, stored by checksum', async () => {
    const { application, clientSecret } = await confidential();
    const res = await request(buildApp({ em }).callback())
      .post('/o/token/')
      .set('Authorization', basic(application.clientId, clientSecret))
      .type('form')
      .send({ grant_type: 'client_credentials', scope: 'read' });
    expect(res.status).to.equal(200);
    expect(res.headers['cache-control']).to.equal('no-store');
    expect(res.headers['pragma']).to.equal('no-cache');
    expect(res.body).to.include({ token_type: 'Bearer', scope: 'read' });
    expect(res.body).not.to.have.property('refresh_token');
    const stored = await em().findOne(AccessToken, { tokenChecksum: tokenChecksum(res.body.access_token) });
    expect(stored?.user ?? null).to.equal(null);
    expect(stored?.application?.id).to.equal(application.id);
  });

  it('issues a token to a client authenticated in the body', async () => {
    const { application, clientSecret } = await confidential();
    const res = await request(buildApp({ em }).callback())
      .post('/o/token/')
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: application.clientId, client_secret: clientSecret });
    expect(res.status).to.equal(200);
    expect(res.body.access_token).to.be.a('string');
  });

  it('answers a wrong secret with 401 invalid_client and a Basic challenge', async () => {
    const { application } = await confidential();
    const res = await request(buildApp({ em }).callback())
      .post('/o/token/')
      .set('Authorization', basic(application.clientId, 'wrong'))
      .type('form')
      .send({ grant_type: 'client_credentials' });
    expect(res.status).to.equal(401);
    expect(res.body).to.deep.equal({ error: 'invalid_client', error_description: 'Client authentication failed.' });
    expect(res.headers['www-authenticate']).to.match(/^Basic realm="/);
  });

  it('refuses a public client, which has no secret to authenticate with', async () => {
    const { application } = await createApplication(em(), {
      authorizationGrantType: 'client-credentials',
      clientType: 'public',
    });
    const res = await request(buildApp({ em }).callback())
      .post('/o/token/')
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: application.clientId });
    expect(res.status).to.equal(401);
    expect(res.body.error).to.equal('invalid_client');
  });

  it('refuses a client registered for another grant with unauthorized_client', async () => {
    const { application, clientSecret } = await createApplication(em());
    const res = await request(buildApp({ em }).callback())
      .post('/o/token/')
      .set('Authorization', basic(application.clientId, clientSecret))
      .type('form')
      .send({ grant_type: 'client_credentials' });
    expect(res.status).to.equal(400);
    expect(res.body.error).to.equal('unauthorized_client');
  });

  it('refuses a scope outside the application allowedScopes with invalid_scope', async () => {
    const { application, clientSecret } = await createApplication(em(), {
      authorizationGrantType: 'client-credentials',
      allowedScopes: ['read'],
    });
    const res = await request(buildApp({ em }).callback())
      .post('/o/token/')
      .set('Authorization', basic(application.clientId, clientSecret))
      .type('form')
      .send({ grant_type: 'client_credentials', scope: 'write' });
    expect(res.status).to.equal(400);
    expect(res.body.error).to.equal('invalid_scope');
  });
});
