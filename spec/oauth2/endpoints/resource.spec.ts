import { expect } from 'chai';
import type { OAuth2RequestInit } from '../../../lib/oauth2/index.js';
import { json, obtainTokens, setup } from '../helpers/fixtures.js';

const get = (headers: Record<string, string> = {}, uri = '/api/') => ({ uri, httpMethod: 'GET', headers });
const form = (body: string, method = 'POST', uri = '/api/'): OAuth2RequestInit => ({
  uri,
  httpMethod: method,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body,
});

describe('oauth2/endpoints/resource', () => {
  it('RFC 6750 §2.1: a valid Authorization: Bearer token with the scopes passes and fills the request', async () => {
    const { server } = setup();
    const tokens = await obtainTokens(server);
    const result = await server.verifyRequest(get({ Authorization: `Bearer ${tokens.access_token}` }), ['read']);
    expect(result.valid).to.equal(true);
    expect(result.request?.scopes).to.deep.equal(['read']);
    expect(result.request?.user).to.deep.equal({ id: 1 });
    expect(result.request?.client?.clientId).to.equal('web');
    expect(result.request?.accessToken?.clientId).to.equal('web');
  });

  it('RFC 6750 §2.1: the scheme is case-insensitive', async () => {
    const { server } = setup();
    const tokens = await obtainTokens(server);
    expect((await server.verifyRequest(get({ authorization: `bearer ${tokens.access_token}` }), [])).valid).to.equal(
      true,
    );
  });

  it('RFC 6750 §3.1: no token → 401 with Bearer realm and no error code', async () => {
    const { server } = setup();
    for (const headers of [{}, { Authorization: 'Basic YTpi' }] as Record<string, string>[]) {
      const result = await server.verifyRequest(get(headers), ['read']);
      expect(result.valid).to.equal(false);
      if (result.valid) return;
      expect(result.error).to.equal(null);
      expect(result.response.status).to.equal(401);
      expect(result.response.headers['www-authenticate']).to.equal('Bearer realm="oauth2"');
    }
  });

  it('RFC 6750 §3.1: an unknown token → 401 invalid_token', async () => {
    const { server } = setup();
    const result = await server.verifyRequest(get({ Authorization: 'Bearer nope' }), []);
    expect(result.valid).to.equal(false);
    if (result.valid) return;
    expect(result.response.status).to.equal(401);
    expect(result.response.headers['www-authenticate']).to.equal(
      'Bearer realm="oauth2", error="invalid_token", error_description="The access token is invalid."',
    );
    expect(json(result.response).error).to.equal('invalid_token');
  });

  it('RFC 6750 §3.1: an expired or revoked token → 401 invalid_token', async () => {
    const { server, clock, validator } = setup();
    const tokens = await obtainTokens(server);
    const header = { Authorization: `Bearer ${tokens.access_token}` };
    clock.advance(36001);
    const expired = await server.verifyRequest(get(header), []);
    expect(!expired.valid && expired.error?.description).to.equal('The access token has expired.');
    validator.accessTokens.get(tokens.access_token as string)!.revoked = true;
    const revoked = await server.verifyRequest(get(header), []);
    expect(!revoked.valid && revoked.response.status).to.equal(401);
  });

  it('RFC 6750 §3.1: a missing scope → 403 insufficient_scope naming the scopes', async () => {
    const { server } = setup();
    const tokens = await obtainTokens(server);
    const result = await server.verifyRequest(get({ Authorization: `Bearer ${tokens.access_token}` }), [
      'read',
      'write',
    ]);
    expect(result.valid).to.equal(false);
    if (result.valid) return;
    expect(result.response.status).to.equal(403);
    expect(result.response.headers['www-authenticate'])
      .to.include('error="insufficient_scope"')
      .and.include('scope="read write"');
  });

  it('RFC 6750 §3.1: a malformed Authorization header → 400 invalid_request', async () => {
    const { server } = setup();
    for (const value of ['Bearer', 'Bearer a b', 'Bearer a"b']) {
      const result = await server.verifyRequest(get({ Authorization: value }), []);
      expect(!result.valid && result.response.status, value).to.equal(400);
      expect(!result.valid && result.error?.error).to.equal('invalid_request');
    }
  });

  it('RFC 6750 §2.2: access_token in a form body is accepted by default', async () => {
    const { server } = setup();
    const tokens = await obtainTokens(server);
    expect((await server.verifyRequest(form(`access_token=${tokens.access_token}`), ['read'])).valid).to.equal(true);
  });

  it('RFC 6750 §2.2: a body token on GET is refused', async () => {
    const { server } = setup();
    const result = await server.verifyRequest(form('access_token=x', 'GET'), []);
    expect(!result.valid && result.response.status).to.equal(400);
  });

  it('RFC 6750 §2.3 / RFC 9700: access_token in the query is refused unless bearerTokenLocations lists query', async () => {
    const { server } = setup();
    const tokens = await obtainTokens(server);
    const uri = `/api/?access_token=${tokens.access_token}`;
    const refused = await server.verifyRequest(get({}, uri), []);
    expect(!refused.valid && refused.error?.description).to.equal(
      'Access tokens are not accepted in the query string.',
    );
    const open = setup({ bearerTokenLocations: ['query'] });
    const t2 = await obtainTokens(open.server);
    expect((await open.server.verifyRequest(get({}, `/api/?access_token=${t2.access_token}`), [])).valid).to.equal(
      true,
    );
    const header = await open.server.verifyRequest(get({ Authorization: `Bearer ${t2.access_token}` }), []);
    expect(!header.valid && header.response.status).to.equal(400);
    const body = await open.server.verifyRequest(form('access_token=x'), []);
    expect(!body.valid && body.response.status).to.equal(400);
  });

  it('RFC 6750 §2: more than one method → 400 invalid_request', async () => {
    const { server } = setup();
    const tokens = await obtainTokens(server);
    const init = form(`access_token=${tokens.access_token}`);
    init.headers = { ...init.headers, Authorization: `Bearer ${tokens.access_token}` };
    const result = await server.verifyRequest(init, []);
    expect(!result.valid && result.error?.description).to.equal('More than one access token was sent.');
  });

  it('RFC 6749 Appendix B: a malformed query → 400 invalid_request without a request', async () => {
    const { server } = setup();
    const result = await server.verifyRequest(get({}, '/api/?a=%zz'), []);
    expect(result.valid).to.equal(false);
    expect(!result.valid && result.request).to.equal(null);
    expect(!result.valid && result.response.status).to.equal(400);
  });

  it('a storage failure propagates', async () => {
    const { server, validator } = setup();
    validator.validateBearerToken = async () => {
      throw new Error('db');
    };
    let thrown: unknown;
    try {
      await server.verifyRequest(get({ Authorization: 'Bearer abc' }), []);
    } catch (error) {
      thrown = error;
    }
    expect((thrown as Error).message).to.equal('db');
  });
});
