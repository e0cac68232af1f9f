import { expect } from 'chai';
import { basic, exchange, json, post, WEB } from '../helpers/fixtures.js';
import { oidcCode, oidcParams, peek, setupOidc } from './helpers/fixtures.js';

type Setup = ReturnType<typeof setupOidc>;

async function tokens(server: Setup['server'], scope = 'openid email') {
  return json(await server.createTokenResponse(exchange(await oidcCode(server, oidcParams({ scope })))));
}

const get = (token: string | null, headers: Record<string, string> = {}) => ({
  uri: '/o/userinfo/',
  httpMethod: 'GET',
  headers: token === null ? headers : { Authorization: `Bearer ${token}`, ...headers },
});

describe('UserInfo endpoint (OIDC Core §5.3)', () => {
  it('answers 200 JSON with sub equal to the ID token’s and the claims of the granted scopes', async () => {
    const { server, validator } = setupOidc();
    validator.userClaims = { email: 'alice@example.com', email_verified: true, name: 'Alice', tenant: 't1', iss: 'x' };
    const body = await tokens(server);
    const res = await server.createUserinfoResponse(get(String(body.access_token)));
    expect(res.status).to.equal(200);
    expect(res.headers['cache-control']).to.equal('no-store');
    const claims = json(res);
    expect(claims).to.deep.equal({ sub: '42', email: 'alice@example.com', email_verified: true, tenant: 't1' });
    expect(claims.sub).to.equal(peek(String(body.id_token)).sub);
  });

  it('accepts POST with the token in the form body', async () => {
    const { server } = setupOidc();
    const body = await tokens(server);
    const res = await server.createUserinfoResponse({
      uri: '/o/userinfo/',
      httpMethod: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `access_token=${String(body.access_token)}`,
    });
    expect(json(res).sub).to.equal('42');
  });

  it('answers 401 with a bare Bearer challenge when no token is sent (RFC 6750 §3.1)', async () => {
    const { server } = setupOidc();
    const res = await server.createUserinfoResponse(get(null));
    expect(res.status).to.equal(401);
    expect(res.headers['www-authenticate']).to.equal('Bearer realm="oauth2"');
  });

  it('answers 401 invalid_token for an unknown or expired token', async () => {
    const { server, clock } = setupOidc();
    const unknown = await server.createUserinfoResponse(get('nope'));
    expect(unknown.status).to.equal(401);
    expect(json(unknown).error).to.equal('invalid_token');
    expect(unknown.headers['www-authenticate']).to.contain('error="invalid_token"');
    const body = await tokens(server);
    clock.advance(36001);
    const expired = await server.createUserinfoResponse(get(String(body.access_token)));
    expect(json(expired).error).to.equal('invalid_token');
  });

  it('opens nothing with an ID token as the bearer token', async () => {
    const { server } = setupOidc();
    const body = await tokens(server);
    const res = await server.createUserinfoResponse(get(String(body.id_token)));
    expect(res.status).to.equal(401);
    expect(json(res).error).to.equal('invalid_token');
    const resource = await server.verifyRequest(get(String(body.id_token)), []);
    expect(resource.valid).to.equal(false);
  });

  it('answers 403 insufficient_scope for an access token without openid', async () => {
    const { server } = setupOidc();
    const body = await tokens(server, 'read');
    const res = await server.createUserinfoResponse(get(String(body.access_token)));
    expect(res.status).to.equal(403);
    expect(json(res).error).to.equal('insufficient_scope');
    expect(res.headers['www-authenticate']).to.contain('scope="openid"');
  });

  it('answers 401 invalid_token for an openid token without a user (client_credentials)', async () => {
    const { server } = setupOidc({ grantTypesSupported: ['authorization_code', 'client_credentials'] });
    const res = await server.createTokenResponse(
      post({ grant_type: 'client_credentials', scope: 'openid' }, { Authorization: basic(WEB.id, WEB.secret) }),
    );
    const body = json(res);
    expect(body).to.not.have.property('id_token');
    const info = await server.createUserinfoResponse(get(String(body.access_token)));
    expect(info.status).to.equal(401);
    expect(json(info).error_description).to.equal('The access token has no user.');
  });

  it('refuses methods other than GET and POST with 400 invalid_request', async () => {
    const { server } = setupOidc();
    const res = await server.createUserinfoResponse({ uri: '/o/userinfo/', httpMethod: 'PUT', headers: {} });
    expect(res.status).to.equal(400);
    expect(json(res).error).to.equal('invalid_request');
  });

  it('adds CORS headers for an https origin the token’s client allows, and only then', async () => {
    const { server, validator } = setupOidc();
    (validator.clients.get('web') ?? { allowedOrigins: [] as string[] }).allowedOrigins.push('https://app.example');
    const token = String((await tokens(server)).access_token);
    const allowed = await server.createUserinfoResponse(get(token, { Origin: 'https://app.example' }));
    expect(allowed.headers['access-control-allow-origin']).to.equal('https://app.example');
    expect(allowed.headers.vary).to.equal('Origin');
    const other = await server.createUserinfoResponse(get(token, { Origin: 'https://evil.example' }));
    expect(other.headers).to.not.have.property('access-control-allow-origin');
    const http = await server.createUserinfoResponse(get(token, { Origin: 'http://app.example' }));
    expect(http.headers).to.not.have.property('access-control-allow-origin');
  });
});
