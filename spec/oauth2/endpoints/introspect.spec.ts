import { expect } from 'chai';
import { OAuth2RequestState } from '../../../lib/oauth2/request-state.js';
import { SPA, WEB, basic, json, obtainTokens, post, setup } from '../helpers/fixtures.js';

const URI = '/o/introspect/';
const auth = { Authorization: basic(WEB.id, WEB.secret) };
const introspect = (body: Record<string, string>, headers: Record<string, string> = auth) => post(body, headers, URI);

describe('oauth2/endpoints/introspect', () => {
  it('RFC 7662 §2.2: an authenticated confidential client sees an active token’s claims', async () => {
    const { server } = setup();
    const tokens = await obtainTokens(server);
    const res = await server.createIntrospectResponse(introspect({ token: String(tokens.access_token) }));
    expect(res.status).to.equal(200);
    expect(res.headers['cache-control']).to.equal('no-store');
    const body = json(res);
    expect(body).to.include({ active: true, scope: 'read', client_id: WEB.id, token_type: 'Bearer' });
    expect(body.exp).to.equal(Math.floor(Date.UTC(2026, 0, 1) / 1000) + 36000);
    expect(Object.keys(body)[Object.keys(body).length - 1]).to.equal('active');
  });

  it('RFC 7662 §2.2: a refresh token is introspected too (the hint only orders the search)', async () => {
    const { server } = setup();
    const tokens = await obtainTokens(server);
    const body = json(
      await server.createIntrospectResponse(
        introspect({ token: String(tokens.refresh_token), token_type_hint: 'access_token' }),
      ),
    );
    expect(body).to.include({ active: true, token_type: 'refresh_token' });
  });

  it('RFC 7662 §2.2: unknown, expired or revoked tokens are only {"active": false}', async () => {
    const { server, clock, validator } = setup();
    const tokens = await obtainTokens(server);
    expect(json(await server.createIntrospectResponse(introspect({ token: 'nope' })))).to.deep.equal({ active: false });
    validator.refreshTokens.get(tokens.refresh_token as string)!.revoked = true;
    clock.advance(36001);
    const expired = json(await server.createIntrospectResponse(introspect({ token: String(tokens.access_token) })));
    expect(expired).to.deep.equal({ active: false });
  });

  it('RFC 7662 §2.1: a bearer token with the introspection scope may introspect', async () => {
    const { server, validator } = setup();
    validator.clients.get(WEB.id)!.scopes.push('introspection');
    const caller = json(
      await server.createTokenResponse(post({ grant_type: 'client_credentials', scope: 'introspection' }, auth)),
    );
    const tokens = await obtainTokens(server);
    const res = await server.createIntrospectResponse(
      introspect({ token: String(tokens.access_token) }, { Authorization: `Bearer ${caller.access_token}` }),
    );
    expect(json(res).active).to.equal(true);
  });

  it('RFC 7662 §2.1 / RFC 6750 §3.1: a bearer without the introspection scope → 403 insufficient_scope; bad one → 401', async () => {
    const { server } = setup();
    const tokens = await obtainTokens(server);
    const res = await server.createIntrospectResponse(
      introspect({ token: String(tokens.access_token) }, { Authorization: `Bearer ${tokens.access_token}` }),
    );
    expect(res.status).to.equal(403);
    expect(res.headers['www-authenticate'])
      .to.include('error="insufficient_scope"')
      .and.include('scope="introspection"');
    const bad = await server.createIntrospectResponse(introspect({ token: 'x' }, { Authorization: 'Bearer nope' }));
    expect(bad.status).to.equal(401);
    expect(bad.headers['www-authenticate']).to.include('error="invalid_token"');
  });

  it('RFC 7662 §2.1: an unauthenticated caller → 401', async () => {
    const { server } = setup();
    const anonymous = await server.createIntrospectResponse(introspect({ token: 'x' }, {}));
    expect(anonymous.status).to.equal(401);
    expect(json(anonymous).error).to.equal('invalid_client');
    const publicClient = await server.createIntrospectResponse(introspect({ token: 'x', client_id: SPA.id }, {}));
    expect(publicClient.status).to.equal(401);
    const wrong = await server.createIntrospectResponse(
      introspect({ token: 'x' }, { Authorization: basic(WEB.id, 'bad') }),
    );
    expect(wrong.status).to.equal(401);
    expect(wrong.headers['www-authenticate']).to.equal('Basic realm="oauth2"');
    const post_ = await server.createIntrospectResponse(
      introspect({ token: 'x', client_id: WEB.id, client_secret: 'bad' }, {}),
    );
    expect(post_.status).to.equal(401);
  });

  it('RFC 7662 §4: the isIntrospectionAllowed policy hook can narrow to {"active": false}', async () => {
    const { server, validator } = setup();
    const tokens = await obtainTokens(server);
    validator.isIntrospectionAllowed = async (claims, request) =>
      claims.client_id === request.client?.clientId && false;
    const body = json(await server.createIntrospectResponse(introspect({ token: String(tokens.access_token) })));
    expect(body).to.deep.equal({ active: false });
    validator.isIntrospectionAllowed = async () => true;
    expect(
      json(await server.createIntrospectResponse(introspect({ token: String(tokens.access_token) }))).active,
    ).to.equal(true);
  });

  it('RFC 7662 §2.1: POST form only; missing token → invalid_request', async () => {
    const { server } = setup();
    expect(json(await server.createIntrospectResponse(introspect({}))).error_description).to.equal(
      'Missing token parameter.',
    );
    expect(json(await server.createIntrospectResponse(post({ token: 'x' }, auth, `${URI}?a=b`))).error).to.equal(
      'invalid_request',
    );
    expect(json(await server.createIntrospectResponse(post('token=a&token=b', auth, URI))).error).to.equal(
      'invalid_request',
    );
    expect(json(await server.createIntrospectResponse({ uri: URI, httpMethod: 'POST', body: '?' })).error).to.equal(
      'invalid_request',
    );
  });

  it('a storage failure propagates', async () => {
    const { server, validator } = setup();
    validator.introspectToken = async () => {
      throw new Error('db');
    };
    let thrown: unknown;
    try {
      await server.createIntrospectResponse(introspect({ token: 'x' }));
    } catch (error) {
      thrown = error;
    }
    expect((thrown as Error).message).to.equal('db');
  });

  it('trusts a caller the HTTP layer verified (introspectionCallerVerified), with its authenticated client', async () => {
    const { server, validator } = setup();
    const tokens = await obtainTokens(server);
    const requestState = new OAuth2RequestState();
    requestState.introspectionCallerVerified = true;
    requestState.authenticatedClient = validator.clients.get(WEB.id)!;
    let seen: unknown = null;
    validator.isIntrospectionAllowed = async (_claims, request) => {
      seen = request.client;
      return true;
    };
    const init = { ...introspect({ token: String(tokens.access_token) }, {}), requestState };
    const res = await server.createIntrospectResponse(init);
    expect(json(res).active).to.equal(true);
    expect(seen).to.equal(validator.clients.get(WEB.id));
    // Without the flag, the same request has no caller and is refused.
    const refused = await server.createIntrospectResponse(introspect({ token: String(tokens.access_token) }, {}));
    expect(refused.status).to.equal(401);
  });
});
