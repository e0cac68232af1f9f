/**
 * Throttling is on by default (issue 4): with no setting at all, the 11th attempt after 10 wrong client secrets, or
 * 10 wrong passwords for one username, from one address answers 429 with `Retry-After` and the OAuth JSON error,
 * even with the right secret or password.
 */
import { expect } from 'chai';
import request from 'supertest';
import { buildApp } from '../helpers/app.js';
import { basic } from '../helpers/basic-auth.js';
import { useTransaction } from '../helpers/db.js';
import { createApplication, createUser } from '../helpers/factories.js';
import { User } from '../helpers/user-entity.js';

describe('throttling by default', function () {
  this.timeout(60000);
  const em = useTransaction();

  function expectBlocked(res: request.Response): void {
    expect(res.status, JSON.stringify(res.body)).to.equal(429);
    expect(res.headers['retry-after']).to.be.oneOf(['899', '900']);
    expect(res.body.error).to.equal('temporarily_unavailable');
  }

  it('blocks a client_id at the token endpoint after 10 wrong secrets from one address', async () => {
    const { application, clientSecret } = await createApplication(em(), {
      authorizationGrantType: 'client-credentials',
    });
    const app = buildApp({ em }).callback();
    const token = (secret: string) =>
      request(app)
        .post('/o/token/')
        .set('Authorization', basic(application.clientId, secret))
        .type('form')
        .send({ grant_type: 'client_credentials' });
    for (let i = 0; i < 10; i++) expect((await token('wrong')).status).to.equal(401);
    expectBlocked(await token(clientSecret));
  });

  it('blocks a username at the password grant after 10 wrong passwords from one address', async () => {
    const user = await createUser(em());
    const { application, clientSecret } = await createApplication(em(), { authorizationGrantType: 'password' });
    const app = buildApp({
      em,
      settings: {
        grantTypesSupported: ['password'],
        authenticateUser: (username: string, password: string) =>
          password === 'correct horse' ? em().findOne(User, { username }) : null,
      },
    }).callback();
    const grant = (password: string) =>
      request(app)
        .post('/o/token/')
        .set('Authorization', basic(application.clientId, clientSecret))
        .type('form')
        .send({ grant_type: 'password', username: user.username, password });
    for (let i = 0; i < 10; i++) expect((await grant('wrong')).status).to.equal(400);
    expectBlocked(await grant('correct horse'));
  });
});
