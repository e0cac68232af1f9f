import { expect } from 'chai';
import type { OAuth2Error } from '../../lib/oauth2/index.js';
import { oauth2Settings } from '../../lib/settings.js';
import {
  BackendApplicationServer,
  LegacyApplicationServer,
  MobileApplicationServer,
  Server,
  WebApplicationServer,
} from '../../lib/oauth2/index.js';
import {
  USER,
  WEB,
  authorize,
  basic,
  codeParams,
  json,
  obtainTokens,
  post,
  redirectParams,
  setup,
} from './helpers/fixtures.js';

const auth = { Authorization: basic(WEB.id, WEB.secret) };

describe('oauth2/servers (oauthlib pre-configured servers §11.2)', () => {
  it('Server serves every grant the options enable', async () => {
    const { server } = setup({
      grantTypesSupported: ['authorization_code', 'password', 'client_credentials', 'refresh_token'],
    });
    expect([...server.grants.keys()]).to.deep.equal([
      'authorization_code',
      'password',
      'client_credentials',
      'refresh_token',
      'urn:ietf:params:oauth:grant-type:device_code',
      'implicit',
    ]);
    expect((await server.createTokenResponse(post({ grant_type: 'client_credentials' }, auth))).status).to.equal(200);
    const pw = { grant_type: 'password', username: USER.username, password: USER.password };
    expect((await server.createTokenResponse(post(pw, auth))).status).to.equal(200);
    await obtainTokens(server);
  });

  it('WebApplicationServer: code + refresh, no client_credentials or password', async () => {
    const { server } = setup(
      { grantTypesSupported: ['authorization_code', 'client_credentials', 'password', 'refresh_token'] },
      WebApplicationServer,
    );
    const tokens = await obtainTokens(server);
    const refreshed = await server.createTokenResponse(
      post({ grant_type: 'refresh_token', refresh_token: String(tokens.refresh_token) }, auth),
    );
    expect(refreshed.status).to.equal(200);
    expect(json(await server.createTokenResponse(post({ grant_type: 'client_credentials' }, auth))).error).to.equal(
      'unsupported_grant_type',
    );
  });

  it('MobileApplicationServer: implicit only (when token is enabled)', async () => {
    const { server } = setup({ responseTypesSupported: ['code', 'token'] }, MobileApplicationServer);
    const params = { response_type: 'token', client_id: 'spa', redirect_uri: 'https://spa.example/cb', scope: 'read' };
    const { scopes, credentials } = await server.validateAuthorizationRequest(authorize(params));
    const res = await server.createAuthorizationResponse(authorize(params), scopes, credentials);
    expect(redirectParams(res, 'fragment').get('access_token')).to.be.a('string');
    const code = await server.createAuthorizationResponse(authorize(codeParams()), ['read'], {});
    expect(redirectParams(code, 'query').get('error')).to.equal('unsupported_response_type');
    expect(
      json(await server.createTokenResponse(post({ grant_type: 'authorization_code', code: 'x' }, auth))).error,
    ).to.equal('unsupported_grant_type');
  });

  it('LegacyApplicationServer: password + refresh; its authorization endpoint serves nothing', async () => {
    const { server } = setup({ grantTypesSupported: ['password', 'refresh_token'] }, LegacyApplicationServer);
    const pw = { grant_type: 'password', username: USER.username, password: USER.password };
    const tokens = json(await server.createTokenResponse(post(pw, auth)));
    const refreshed = await server.createTokenResponse(
      post({ grant_type: 'refresh_token', refresh_token: String(tokens.refresh_token) }, auth),
    );
    expect(refreshed.status).to.equal(200);
    let error: unknown;
    try {
      await server.validateAuthorizationRequest(authorize(codeParams()));
    } catch (e) {
      error = e;
    }
    expect((error as OAuth2Error).error).to.equal('unsupported_response_type');
    expect(server.errorResponse(error as OAuth2Error).status).to.equal(400);
  });

  it('BackendApplicationServer: client_credentials only, plus resource, revocation and introspection', async () => {
    const { server } = setup({}, BackendApplicationServer);
    const token = json(
      await server.createTokenResponse(post({ grant_type: 'client_credentials', scope: 'read' }, auth)),
    );
    const verified = await server.verifyRequest(
      { uri: '/api', httpMethod: 'GET', headers: { Authorization: `Bearer ${token.access_token}` } },
      ['read'],
    );
    expect(verified.valid).to.equal(true);
    const introspected = json(
      await server.createIntrospectResponse(post({ token: String(token.access_token) }, auth, '/o/introspect/')),
    );
    expect(introspected.active).to.equal(true);
    expect(
      (await server.createRevocationResponse(post({ token: String(token.access_token) }, auth, '/o/revoke_token/')))
        .status,
    ).to.equal(200);
    expect(
      (
        await server.verifyRequest(
          { uri: '/api', httpMethod: 'GET', headers: { Authorization: `Bearer ${token.access_token}` } },
          [],
        )
      ).valid,
    ).to.equal(false);
  });

  it('every composition is constructed (validator, options) and defaults its options', () => {
    const { validator } = setup();
    for (const ServerClass of [
      Server,
      WebApplicationServer,
      MobileApplicationServer,
      LegacyApplicationServer,
      BackendApplicationServer,
    ]) {
      const server = new ServerClass(validator);
      expect(server.options.pkceRequired).to.equal(true);
      expect(server.options.bearerTokenLocations).to.deep.equal(['header', 'body']);
    }
  });

  it('the settings object can be passed straight through as ServerOptions (same keys, same defaults)', () => {
    const { validator } = setup();
    const settings = oauth2Settings();
    const server = new Server(validator, settings);
    expect(server.options.issuer).to.equal(null);
    expect(server.options.scopes).to.deep.equal(Object.keys(settings.scopes));
    for (const key of [
      'pkceRequired',
      'pkceCodeChallengeMethods',
      'authorizationResponseIss',
      'bearerTokenLocations',
      'rotateRefreshToken',
      'refreshTokenReuseProtection',
      'refreshTokenGracePeriodSeconds',
      'grantTypesSupported',
      'responseTypesSupported',
      'accessTokenExpireSeconds',
      'authorizationCodeExpireSeconds',
      'refreshTokenExpireSeconds',
      'accessTokenGenerator',
      'refreshTokenGenerator',
    ] as const) {
      expect(server.options[key], key).to.deep.equal(settings[key]);
      expect(new Server(validator).options[key], `default of ${key}`).to.deep.equal(settings[key]);
    }
  });
});
