import { expect } from 'chai';
import { InvalidGrantError } from '../../../lib/oauth2/index.js';
import { exchange, json, obtainCode, setup, WEB } from '../helpers/fixtures.js';

describe('oauth2/grants/authorization-code: hooks, modifiers, CORS and generators', () => {
  it('pre_token and post_token hooks run, token modifiers extend the response, extra credentials are merged', async () => {
    const { server } = setup();
    const grant = server.grants.get('authorization_code')!;
    const seen: string[] = [];
    grant.customValidators.preToken.push(async () => void seen.push('pre'));
    grant.customValidators.postToken.push(async (r) => void seen.push(`post:${String(r.user && 'user')}`));
    grant.tokenModifiers.push(async (token) => ({ ...token, id_token: 'jwt' }));
    const code = await obtainCode(server);
    const body = json(await server.createTokenResponse(exchange(code), { tenant: 't1', access_token: 'ignored' }));
    expect(seen).to.deep.equal(['pre', 'post:user']);
    expect(body.id_token).to.equal('jwt');
    expect(body.tenant).to.equal('t1');
    expect(body.access_token).to.not.equal('ignored');
  });

  it('a pre_token hook may refuse with an OAuth2Error', async () => {
    const { server } = setup();
    server.grants.get('authorization_code')!.customValidators.preToken.push(async () => {
      throw new InvalidGrantError('Device not approved.');
    });
    const res = await server.createTokenResponse(exchange('any'));
    expect(json(res)).to.deep.equal({ error: 'invalid_grant', error_description: 'Device not approved.' });
  });

  it('CORS (oauthlib _create_cors_headers): an allowed https Origin gets Access-Control-Allow-Origin', async () => {
    const { server, validator } = setup();
    validator.clients.get(WEB.id)!.allowedOrigins = ['https://client.example'];
    const allowed = exchange(await obtainCode(server));
    allowed.headers = { ...allowed.headers, Origin: 'https://client.example' };
    const res = await server.createTokenResponse(allowed);
    expect(res.headers['access-control-allow-origin']).to.equal('https://client.example');
    for (const origin of ['https://evil.example', 'http://client.example']) {
      const other = exchange(await obtainCode(server));
      other.headers = { ...other.headers, Origin: origin };
      expect((await server.createTokenResponse(other)).headers).to.not.have.property('access-control-allow-origin');
    }
  });

  it('pluggable generators produce the token and code values', async () => {
    let n = 0;
    const { server } = setup({
      accessTokenGenerator: () => `at-${++n}`,
      refreshTokenGenerator: async () => `rt-${++n}`,
      authorizationCodeGenerator: () => 'the-code',
      accessTokenExpireSeconds: 99.7,
    });
    const code = await obtainCode(server);
    expect(code).to.equal('the-code');
    const body = json(await server.createTokenResponse(exchange(code)));
    expect(body).to.include({ access_token: 'at-1', refresh_token: 'rt-2', expires_in: 99 });
  });

  it('a generator returning an empty value fails loudly instead of issuing it', async () => {
    const { server } = setup({ accessTokenGenerator: () => '' });
    const code = await obtainCode(server);
    let thrown: unknown;
    try {
      await server.createTokenResponse(exchange(code));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).to.be.instanceOf(TypeError);
  });
});
