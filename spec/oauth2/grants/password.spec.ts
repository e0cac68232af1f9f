import { expect } from 'chai';
import { USER, WEB, SPA, basic, json, post, setup } from '../helpers/fixtures.js';

const body = (extra: Record<string, string> = {}) => ({
  grant_type: 'password',
  username: USER.username,
  password: USER.password,
  scope: 'read',
  ...extra,
});
const auth = { Authorization: basic(WEB.id, WEB.secret) };
const enabled = { grantTypesSupported: ['password', 'refresh_token'] };

describe('oauth2/grants/password', () => {
  it('RFC 6749 §4.3.3: valid credentials give a token pair for the user', async () => {
    const { server, validator } = setup(enabled);
    const res = await server.createTokenResponse(post(body(), auth));
    expect(res.status).to.equal(200);
    const token = json(res);
    expect(token).to.include({ token_type: 'Bearer', scope: 'read' });
    expect(token.refresh_token).to.be.a('string');
    const row = validator.accessTokens.get(token.access_token as string);
    expect(row?.user).to.deep.equal(USER);
  });

  it('RFC 6749 §4.3.2: a public client may use client_id alone (DOT)', async () => {
    const { server } = setup(enabled);
    const res = await server.createTokenResponse(post(body({ client_id: SPA.id })));
    expect(res.status).to.equal(200);
  });

  it('RFC 9700 §2.4: the password grant is off by default → unsupported_grant_type', async () => {
    const { server } = setup();
    const res = await server.createTokenResponse(post(body(), auth));
    expect(res.status).to.equal(400);
    expect(json(res).error).to.equal('unsupported_grant_type');
  });

  const failures: [string, Record<string, string>, Record<string, string>, number, string][] = [
    ['RFC 6749 §4.3.2: missing username', { username: '' }, auth, 400, 'invalid_request'],
    ['RFC 6749 §4.3.2: missing password', { password: '' }, auth, 400, 'invalid_request'],
    ['RFC 6749 §5.2: wrong password', { password: 'nope' }, auth, 400, 'invalid_grant'],
    ['RFC 6749 §5.2: unknown user', { username: 'bob' }, auth, 400, 'invalid_grant'],
    ['RFC 6749 §5.2: unknown scope', { scope: 'admin' }, auth, 400, 'invalid_scope'],
    ['RFC 6749 §5.2: bad client secret', {}, { Authorization: basic(WEB.id, 'x') }, 401, 'invalid_client'],
  ];
  for (const [title, extra, headers, status, code] of failures) {
    it(`${title} → ${status} ${code}`, async () => {
      const { server } = setup(enabled);
      const res = await server.createTokenResponse(post(body(extra), headers));
      expect(res.status).to.equal(status);
      expect(json(res).error).to.equal(code);
    });
  }

  it('RFC 6749 §5.2: a client not allowed the password grant → unauthorized_client (after the user check)', async () => {
    const { server, validator } = setup(enabled);
    validator.clients.get(WEB.id)!.grantTypes = ['authorization_code'];
    expect(json(await server.createTokenResponse(post(body({ password: 'x' }), auth))).error).to.equal('invalid_grant');
    expect(json(await server.createTokenResponse(post(body(), auth))).error).to.equal('unauthorized_client');
  });

  it('RFC 6749 §3.1: a duplicated parameter → invalid_request', async () => {
    const { server } = setup(enabled);
    const init = post(body(), auth);
    init.body += '&scope=write';
    expect(json(await server.createTokenResponse(init))).to.deep.equal({
      error: 'invalid_request',
      error_description: 'Duplicate scope parameter.',
    });
  });

  it('RFC 6749 §10.5: no refresh token when the refresh grant is disabled', async () => {
    const { server } = setup({ grantTypesSupported: ['password'] });
    expect(json(await server.createTokenResponse(post(body(), auth)))).to.not.have.property('refresh_token');
  });
});
