import { pbkdf2Sync } from 'node:crypto';
import { expect } from 'chai';
import { Application } from '../../lib/models/application.js';
import { ImproperlyConfigured } from '../../lib/errors.js';
import { OAuth2Request } from '../../lib/oauth2/index.js';
import { OAuth2Validator } from '../../lib/validator.js';
import { useTransaction } from '../helpers/db.js';
import { createApplication, createUser } from '../helpers/factories.js';
import { basic } from '../helpers/basic-auth.js';
import { Harness, json, webClient } from './helpers.js';

/** A secret hashed as Django's PBKDF2PasswordHasher stores it (DOT's default `CLIENT_SECRET_HASHER`). */
function djangoPbkdf2(secret: string, salt = 'seasalt123', iterations = 1000): string {
  return `pbkdf2_sha256$${iterations}$${salt}$${pbkdf2Sync(secret, salt, iterations, 32, 'sha256').toString('base64')}`;
}

describe('OAuth2Validator: client authentication', () => {
  const em = useTransaction();
  const cc = (h: Harness, headers: Record<string, string>, body: Record<string, string> = {}) =>
    h.server.createTokenResponse(h.post({ grant_type: 'client_credentials', ...body }, headers));

  async function backend(data: Partial<Application> = {}) {
    return webClient(em(), { authorizationGrantType: 'client-credentials', ...data });
  }

  it('RFC 6749 §2.3.1: authenticates with HTTP Basic and with the secret in the body', async () => {
    const h = new Harness(em);
    const { client } = await backend();
    expect(json(await cc(h, { authorization: basic(client.id, client.secret) })).token_type).to.equal('Bearer');
    const body = { client_id: client.id, client_secret: client.secret };
    expect(json(await cc(h, {}, body)).token_type).to.equal('Bearer');
  });

  it('refuses a wrong secret, an unknown client and a secret sent for a public client with invalid_client', async () => {
    const h = new Harness(em);
    const { client } = await backend();
    expect(json(await cc(h, { authorization: basic(client.id, 'wrong') }), 401).error).to.equal('invalid_client');
    expect(json(await cc(h, { authorization: basic('nobody', 'x') }), 401).error).to.equal('invalid_client');
    const pub = await backend({ clientType: 'public' });
    expect(json(await cc(h, { authorization: basic(pub.client.id, pub.client.secret) }), 401).error).to.equal(
      'invalid_client',
    );
  });

  it('identifies a public client by client_id alone at the token endpoint, but never a confidential one', async () => {
    const h = new Harness(em);
    const user = await createUser(em());
    const { application } = await createApplication(em(), { user, clientType: 'public' });
    const code = await h.obtainCode(application, user);
    const body = { grant_type: 'authorization_code', code, redirect_uri: 'https://client.example/cb' };
    const res = await h.server.createTokenResponse(
      h.post({
        ...body,
        client_id: application.clientId,
        code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
      }),
    );
    expect(json(res).access_token).to.be.a('string');
    const { user: u2, application: confidential } = await webClient(em());
    const code2 = await h.obtainCode(confidential, u2);
    const res2 = await h.server.createTokenResponse(h.post({ ...body, code: code2, client_id: confidential.clientId }));
    expect(json(res2, 401).error).to.equal('invalid_client');
  });

  it('verifies a DOT pbkdf2_sha256 secret and rehashes it to our format on first success', async () => {
    const h = new Harness(em);
    const { application } = await backend();
    await em().nativeUpdate(Application, { id: application.id }, { clientSecret: djangoPbkdf2('legacy-secret') });
    em().clear();
    expect(json(await cc(h, { authorization: basic(application.clientId, 'legacy-secret') })).access_token).to.be.a(
      'string',
    );
    const stored = await em().findOneOrFail(Application, { id: application.id }, { refresh: true });
    expect(stored.clientSecret).to.match(/^scrypt\$/);
    expect(json(await cc(h, { authorization: basic(application.clientId, 'legacy-secret') })).access_token).to.be.a(
      'string',
    );
    expect(json(await cc(h, { authorization: basic(application.clientId, stored.clientSecret) }), 401).error).to.equal(
      'invalid_client',
    );
  });

  it('a wrong secret leaves a DOT hash as it is', async () => {
    const h = new Harness(em);
    const { application } = await backend();
    const legacy = djangoPbkdf2('legacy-secret');
    await em().nativeUpdate(Application, { id: application.id }, { clientSecret: legacy });
    em().clear();
    expect(json(await cc(h, { authorization: basic(application.clientId, 'nope') }), 401).error).to.equal(
      'invalid_client',
    );
    expect((await em().findOneOrFail(Application, { id: application.id }, { refresh: true })).clientSecret).to.equal(
      legacy,
    );
  });

  it('compares a readable secret (hashClientSecret: false) too', async () => {
    const h = new Harness(em);
    const { client } = await backend({ hashClientSecret: false, clientSecret: 'plain-secret-value' });
    expect(json(await cc(h, { authorization: basic(client.id, 'plain-secret-value') })).access_token).to.be.a('string');
    expect(json(await cc(h, { authorization: basic(client.id, 'plain-secret-valuX') }), 401).error).to.equal(
      'invalid_client',
    );
  });

  it('an application whose isUsable() is false is invisible: unknown client_id, invalid_client', async () => {
    const h = new Harness(em);
    const { application, client } = await webClient(em());
    const usable = Application.prototype.isUsable;
    Application.prototype.isUsable = function (this: Application) {
      return this.id !== application.id;
    };
    try {
      const init = { uri: `/o/authorize/?client_id=${client.id}&response_type=code`, httpMethod: 'GET', session: em() };
      const error = await h.server.validateAuthorizationRequest(init).then(
        () => null,
        (e: unknown) => e,
      );
      expect((error as { error?: string }).error).to.equal('invalid_request');
      expect((error as { description?: string }).description).to.equal('Invalid client_id parameter value.');
      expect(json(await cc(h, { authorization: basic(client.id, client.secret) }), 401).error).to.equal(
        'invalid_client',
      );
    } finally {
      Application.prototype.isUsable = usable;
    }
  });

  it('throws ImproperlyConfigured when the request carries no EntityManager', async () => {
    const request = OAuth2Request.parse({ uri: '/o/token/', httpMethod: 'POST' });
    const error = await new OAuth2Validator().validateClientId('x', request).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(ImproperlyConfigured);
    expect((error as Error).message).to.include('session');
  });
});
