import { expect } from 'chai';
import { MobileApplicationServer } from '../../../lib/oauth2/index.js';
import { SPA, WEB, basic, json, obtainTokens, post, setup } from '../helpers/fixtures.js';

const URI = '/o/revoke_token/';
const auth = { Authorization: basic(WEB.id, WEB.secret) };
const revoke = (body: Record<string, string>, headers: Record<string, string> = auth) => post(body, headers, URI);

describe('oauth2/endpoints/revocation', () => {
  it('RFC 7009 §2.2: revoking a refresh token → 200, empty body, and its access token goes too', async () => {
    const { server, validator } = setup();
    const tokens = await obtainTokens(server);
    const res = await server.createRevocationResponse(
      revoke({ token: String(tokens.refresh_token), token_type_hint: 'refresh_token' }),
    );
    expect(res.status).to.equal(200);
    expect(res.body).to.equal('');
    expect(validator.isActive(tokens.refresh_token as string)).to.equal(false);
    expect(validator.isActive(tokens.access_token as string)).to.equal(false);
  });

  it('RFC 7009 §2.1: the hint is only a hint: a refresh token hinted as access token is still found', async () => {
    const { server, validator } = setup();
    const tokens = await obtainTokens(server);
    await server.createRevocationResponse(
      revoke({ token: String(tokens.refresh_token), token_type_hint: 'access_token' }),
    );
    expect(validator.isActive(tokens.refresh_token as string)).to.equal(false);
    expect(validator.calls).to.include('revokeToken:access_token');
  });

  it('RFC 7009 §2.1: an unknown hint value is ignored', async () => {
    const { server, validator } = setup();
    const tokens = await obtainTokens(server);
    const res = await server.createRevocationResponse(
      revoke({ token: String(tokens.access_token), token_type_hint: 'weird' }),
    );
    expect(res.status).to.equal(200);
    expect(validator.calls).to.include('revokeToken:null');
    expect(validator.isActive(tokens.access_token as string)).to.equal(false);
  });

  it('RFC 7009 §2.2: an unknown or already revoked token → 200 with an empty body', async () => {
    const { server } = setup();
    for (const token of ['nope', 'nope']) {
      const res = await server.createRevocationResponse(revoke({ token }));
      expect(res.status).to.equal(200);
      expect(res.body).to.equal('');
    }
  });

  it('RFC 7009 §2.1: another client’s token is refused and stays valid', async () => {
    const { server, validator } = setup();
    validator.addClient({ clientId: 'other', clientSecret: 'pw' });
    const tokens = await obtainTokens(server);
    const res = await server.createRevocationResponse(
      revoke({ token: String(tokens.access_token) }, { Authorization: basic('other', 'pw') }),
    );
    expect(res.status).to.equal(400);
    expect(json(res)).to.deep.equal({
      error: 'invalid_request',
      error_description: 'The token was not issued to this client.',
    });
    expect(validator.isActive(tokens.access_token as string)).to.equal(true);
  });

  it('RFC 7009 §2.1: a public client revoking another client’s token gets a silent 200 and the token stays valid', async () => {
    const { server, validator } = setup();
    const tokens = await obtainTokens(server);
    const res = await server.createRevocationResponse(
      revoke({ token: String(tokens.access_token), client_id: SPA.id }, {}),
    );
    expect(res.status).to.equal(200);
    expect(validator.isActive(tokens.access_token as string)).to.equal(true);
  });

  it('RFC 7009 §2.1: client authentication is required → 401 invalid_client', async () => {
    const { server } = setup();
    const res = await server.createRevocationResponse(revoke({ token: 'x' }, { Authorization: basic(WEB.id, 'bad') }));
    expect(res.status).to.equal(401);
    expect(res.headers['www-authenticate']).to.equal('Basic realm="oauth2"');
  });

  it('RFC 7009 §2.1: missing token → invalid_request; GET, query or JSON → invalid_request', async () => {
    const { server } = setup();
    expect(json(await server.createRevocationResponse(revoke({}))).error_description).to.equal(
      'Missing token parameter.',
    );
    const getRes = await server.createRevocationResponse({ ...revoke({ token: 'x' }), httpMethod: 'GET' });
    expect(json(getRes).error).to.equal('invalid_request');
    const query = await server.createRevocationResponse(post({ token: 'x' }, auth, `${URI}?token=y`));
    expect(json(query).error_description).to.equal('URL query parameters are not allowed.');
    const dup = await server.createRevocationResponse(post('token=a&token=b', auth, URI));
    expect(json(dup).error_description).to.equal('Duplicate token parameter.');
  });

  it('RFC 7009 §2.2.1: a token type the server does not serve → unsupported_token_type', async () => {
    const { server } = setup({ responseTypesSupported: ['token'] }, MobileApplicationServer);
    const res = await server.createRevocationResponse(revoke({ token: 'x', token_type_hint: 'refresh_token' }));
    expect(res.status).to.equal(400);
    expect(json(res)).to.deep.equal({ error: 'unsupported_token_type' });
  });
});
