import { expect } from 'chai';
import { WEB, basic, json, post, setup } from '../helpers/fixtures.js';

const auth = { Authorization: basic(WEB.id, WEB.secret) };
const cc = { grant_type: 'client_credentials' };

describe('oauth2/endpoints/token', () => {
  it('RFC 6749 §3.2: only POST → other methods are invalid_request', async () => {
    const { server } = setup();
    const res = await server.createTokenResponse({ ...post(cc, auth), httpMethod: 'GET' });
    expect(res.status).to.equal(400);
    expect(json(res)).to.deep.equal({ error: 'invalid_request', error_description: 'Unsupported request method GET.' });
  });

  it('RFC 6749 §2.3.1/§3.2: any query string on the token POST → invalid_request (credentials never in the URI)', async () => {
    const { server } = setup();
    for (const uri of ['/o/token/?client_secret=web-secret', '/o/token/?x=1']) {
      const res = await server.createTokenResponse(post(cc, auth, uri));
      expect(json(res)).to.deep.equal({
        error: 'invalid_request',
        error_description: 'URL query parameters are not allowed.',
      });
    }
  });

  it('RFC 6749 §3.2: a body that is not application/x-www-form-urlencoded → invalid_request', async () => {
    const { server } = setup();
    for (const type of ['application/json', 'multipart/form-data; boundary=x']) {
      const res = await server.createTokenResponse(
        post('{"grant_type":"client_credentials"}', { ...auth, 'Content-Type': type }),
      );
      expect(json(res).error_description).to.equal('The request body must be application/x-www-form-urlencoded.');
    }
    const none = await server.createTokenResponse({
      uri: '/o/token/',
      httpMethod: 'POST',
      headers: auth,
      body: 'grant_type=x',
    });
    expect(json(none).error).to.equal('invalid_request');
  });

  it('RFC 9110 §8.3.1: the media type is compared case-insensitively and may carry a charset', async () => {
    const { server } = setup();
    const res = await server.createTokenResponse(
      post(cc, { ...auth, 'Content-Type': 'Application/X-Www-Form-Urlencoded;charset=UTF-8' }),
    );
    expect(res.status).to.equal(200);
  });

  it('RFC 6749 §5.2: missing grant_type → invalid_request', async () => {
    const { server } = setup();
    expect(json(await server.createTokenResponse(post({ scope: 'read' }, auth)))).to.deep.equal({
      error: 'invalid_request',
      error_description: 'Missing grant_type parameter.',
    });
  });

  it('RFC 6749 §5.2: unknown grant_type → 400 unsupported_grant_type', async () => {
    const { server } = setup();
    const res = await server.createTokenResponse(post({ grant_type: 'urn:example:magic' }, auth));
    expect(res.status).to.equal(400);
    expect(json(res)).to.deep.equal({ error: 'unsupported_grant_type' });
    expect(res.headers['cache-control']).to.equal('no-store');
    expect(res.headers.pragma).to.equal('no-cache');
  });

  it('RFC 6749 §5.2: a grant type the settings disable → unsupported_grant_type', async () => {
    const { server } = setup({ grantTypesSupported: ['authorization_code'] });
    expect(json(await server.createTokenResponse(post(cc, auth))).error).to.equal('unsupported_grant_type');
  });

  it('RFC 6749 §3.2: grant_type sent twice → invalid_request', async () => {
    const { server } = setup();
    const res = await server.createTokenResponse(post('grant_type=client_credentials&grant_type=password', auth));
    expect(json(res).error_description).to.equal('Duplicate grant_type parameter.');
  });

  it('RFC 6749 Appendix B: malformed percent-encoding in the body → invalid_request', async () => {
    const { server } = setup();
    const res = await server.createTokenResponse(post('grant_type=%ZZ', auth));
    expect(res.status).to.equal(400);
    expect(json(res).error).to.equal('invalid_request');
  });

  it('a storage failure is not turned into a protocol answer: it propagates to the app', async () => {
    const { server, validator } = setup();
    validator.authenticateClient = async () => {
      throw new Error('database down');
    };
    let thrown: unknown;
    try {
      await server.createTokenResponse(post(cc, auth));
    } catch (error) {
      thrown = error;
    }
    expect((thrown as Error).message).to.equal('database down');
  });
});
