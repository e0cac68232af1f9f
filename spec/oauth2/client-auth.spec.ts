import { expect } from 'chai';
import { InvalidClientError, OAuth2Request, parseBasicAuthorization } from '../../lib/oauth2/index.js';
import { SPA, WEB, basic, json, post, setup } from './helpers/fixtures.js';

const cc = { grant_type: 'client_credentials' };

describe('oauth2/client-auth', () => {
  it('RFC 6749 §2.3.1: client_secret_basic authenticates', async () => {
    const { server } = setup();
    expect((await server.createTokenResponse(post(cc, { Authorization: basic(WEB.id, WEB.secret) }))).status).to.equal(
      200,
    );
  });

  it('RFC 6749 §2.3.1: id and secret are form-urlencoded before base64 (+ and %XX decoded)', async () => {
    const { server, validator } = setup();
    validator.addClient({ clientId: 'odd client:1', clientSecret: 'p@ss w+rd:%é' });
    const res = await server.createTokenResponse(post(cc, { Authorization: basic('odd client:1', 'p@ss w+rd:%é') }));
    expect(res.status).to.equal(200);
    const raw = `Basic ${Buffer.from('odd+client%3A1:p%40ss+w%2Brd%3A%25%C3%A9').toString('base64')}`;
    expect(parseBasicAuthorization(raw)).to.deep.equal({ clientId: 'odd client:1', clientSecret: 'p@ss w+rd:%é' });
  });

  it('RFC 9110 §11.1: the Basic scheme name is case-insensitive; other schemes are not client auth', () => {
    expect(parseBasicAuthorization(`bAsIc ${Buffer.from('a:b').toString('base64')}`)).to.deep.equal({
      clientId: 'a',
      clientSecret: 'b',
    });
    expect(parseBasicAuthorization('Bearer abc')).to.equal(null);
    expect(parseBasicAuthorization(null)).to.equal(null);
  });

  for (const [label, header] of [
    ['not base64', 'Basic !!!'],
    ['no colon', `Basic ${Buffer.from('abc').toString('base64')}`],
    ['empty id', `Basic ${Buffer.from(':secret').toString('base64')}`],
    ['bad %XX', `Basic ${Buffer.from('a:%zz').toString('base64')}`],
    ['invalid UTF-8', `Basic ${Buffer.from([0x61, 0x3a, 0xff]).toString('base64')}`],
    ['extra parts', 'Basic YTpi YTpi'],
    ['no credentials', 'Basic'],
  ]) {
    it(`RFC 6749 §2.3.1: malformed Basic (${label}) → 401 invalid_client with a Basic challenge`, async () => {
      const { server } = setup();
      const res = await server.createTokenResponse(post(cc, { Authorization: header as string }));
      expect(res.status).to.equal(401);
      expect(json(res).error).to.equal('invalid_client');
      expect(res.headers['www-authenticate']).to.equal('Basic realm="oauth2"');
    });
  }

  it('RFC 6749 §5.2: a wrong Basic secret → 401 invalid_client with WWW-Authenticate: Basic', async () => {
    const { server } = setup({ realm: 'example' });
    const res = await server.createTokenResponse(post(cc, { Authorization: basic(WEB.id, 'wrong') }));
    expect(res.status).to.equal(401);
    expect(json(res)).to.deep.equal({ error: 'invalid_client', error_description: 'Client authentication failed.' });
    expect(res.headers['www-authenticate']).to.equal('Basic realm="example"');
  });

  it('RFC 6749 §2.3.1: client_secret_post authenticates', async () => {
    const { server } = setup();
    const res = await server.createTokenResponse(post({ ...cc, client_id: WEB.id, client_secret: WEB.secret }));
    expect(res.status).to.equal(200);
  });

  it('RFC 6749 §5.2: a wrong client_secret_post → 401 invalid_client', async () => {
    const { server } = setup();
    for (const body of [
      { ...cc, client_id: WEB.id, client_secret: 'wrong' },
      { ...cc, client_id: 'nobody', client_secret: 'x' },
      { ...cc, client_secret: WEB.secret },
      { ...cc, client_id: SPA.id, client_secret: '' },
    ]) {
      const res = await server.createTokenResponse(post(body));
      expect(res.status, JSON.stringify(body)).to.equal(401);
      expect(json(res).error).to.equal('invalid_client');
    }
  });

  it('RFC 6749 §2.3: more than one authentication method in a request → invalid_request', async () => {
    const { server } = setup();
    const res = await server.createTokenResponse(
      post({ ...cc, client_secret: WEB.secret }, { Authorization: basic(WEB.id, WEB.secret) }),
    );
    expect(res.status).to.equal(400);
    expect(json(res)).to.deep.equal({
      error: 'invalid_request',
      error_description: 'Only one client authentication method may be used.',
    });
  });

  it('RFC 6749 §2.3.1: a body client_id that contradicts the Basic one → invalid_request; a matching one is fine', async () => {
    const { server } = setup();
    const header = { Authorization: basic(WEB.id, WEB.secret) };
    expect(json(await server.createTokenResponse(post({ ...cc, client_id: 'x' }, header))).error).to.equal(
      'invalid_request',
    );
    expect((await server.createTokenResponse(post({ ...cc, client_id: WEB.id }, header))).status).to.equal(200);
  });

  it('RFC 6749 §3.2.1: a confidential client without credentials → 401 invalid_client; unknown id too', async () => {
    const { server } = setup({ grantTypesSupported: ['password'] });
    for (const clientId of [WEB.id, 'nobody', '']) {
      const res = await server.createTokenResponse(
        post({ grant_type: 'password', username: 'a', password: 'b', client_id: clientId }),
      );
      expect(res.status).to.equal(401);
    }
  });

  it('RFC 6749 §2.3: a validator that identifies a public client without setting it is still refused', async () => {
    const { server, validator } = setup({ grantTypesSupported: ['password'] });
    validator.authenticateClientId = async () => true;
    const none = await server.createTokenResponse(
      post({ grant_type: 'password', username: 'a', password: 'b', client_id: SPA.id }),
    );
    expect(none.status).to.equal(401);
  });

  it('records the method used on the request', async () => {
    const { server, validator } = setup();
    const seen: (string | null)[] = [];
    validator.validateGrantType = async (_id: string, _g: string, _c: unknown, request: OAuth2Request) => {
      seen.push(request.clientAuthMethod);
      return true;
    };
    await server.createTokenResponse(post(cc, { Authorization: basic(WEB.id, WEB.secret) }));
    await server.createTokenResponse(post({ ...cc, client_id: WEB.id, client_secret: WEB.secret }));
    expect(seen).to.deep.equal(['client_secret_basic', 'client_secret_post']);
  });

  it('client_id and client_secret must not repeat', () => {
    const request = OAuth2Request.parse(post('client_id=a&client_id=b'));
    expect(() => request.assertNoDuplicates(['client_id'])).to.throw('Duplicate client_id parameter.');
    expect(new InvalidClientError().status).to.equal(401);
  });
});
