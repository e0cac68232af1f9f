import { expect } from 'chai';
import request from 'supertest';
import { useTransaction } from '../helpers/db.js';
import { buildApp, TEST_USER_HEADER } from '../helpers/app.js';
import { createApplication, createUser } from '../helpers/factories.js';
import { AccessToken } from '../../lib/models/access-token.js';
import { tokenChecksum } from '../../lib/models/checksum.js';

describe('implicit grant (RFC 6749 §4.2) through /o/authorize/', () => {
  const em = useTransaction();

  async function authorize(responseTypes: string[]) {
    const user = await createUser(em());
    const { application } = await createApplication(em(), {
      authorizationGrantType: 'implicit',
      clientType: 'public',
      skipAuthorization: true,
    });
    const query = new URLSearchParams({
      response_type: 'token',
      client_id: application.clientId,
      redirect_uri: 'https://client.example/cb',
      scope: 'read',
      state: 'xyz',
    });
    const app = buildApp({ em, settings: { responseTypesSupported: responseTypes, issuer: 'https://as.example/o' } });
    const res = await request(app.callback()).get(`/o/authorize/?${query}`).set(TEST_USER_HEADER, String(user.id));
    return { res, user, application };
  }

  it('redirects with the token in the fragment once token is a supported response type', async () => {
    const { res, user } = await authorize(['code', 'token']);
    expect(res.status).to.equal(302);
    const location = new URL(res.headers['location'] as string);
    expect(location.origin + location.pathname).to.equal('https://client.example/cb');
    expect(location.search).to.equal('');
    const fragment = new URLSearchParams(location.hash.slice(1));
    expect(fragment.get('token_type')).to.equal('Bearer');
    expect(fragment.get('state')).to.equal('xyz');
    expect(fragment.get('iss')).to.equal('https://as.example/o');
    const stored = await em().findOneOrFail(AccessToken, {
      tokenChecksum: tokenChecksum(fragment.get('access_token')!),
    });
    expect((stored.user as { id: number }).id).to.equal(user.id);
    expect(fragment.has('refresh_token')).to.equal(false);
  });

  it('is refused with unsupported_response_type while token is not enabled (the default)', async () => {
    const { res } = await authorize(['code']);
    expect(res.status).to.equal(302);
    const location = new URL(res.headers['location'] as string);
    const params = new URLSearchParams(location.search || location.hash.slice(1));
    expect(params.get('error')).to.equal('unsupported_response_type');
    expect(params.has('access_token')).to.equal(false);
  });
});
