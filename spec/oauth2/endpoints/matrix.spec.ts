import { expect } from 'chai';
import type { Server } from '../../../lib/oauth2/index.js';
import {
  SPA,
  USER,
  WEB,
  authorize,
  basic,
  json,
  obtainTokens,
  post,
  redirectParams,
  setup,
} from '../helpers/fixtures.js';

const auth = { Authorization: basic(WEB.id, WEB.secret) };

/** How each grant obtains an access token from a server where every grant is enabled. */
const GRANTS: Record<string, (server: Server) => Promise<{ token: string; clientAuth: Record<string, string> }>> = {
  authorization_code: async (server) => ({
    token: String((await obtainTokens(server)).access_token),
    clientAuth: auth,
  }),
  implicit: async (server) => {
    const params = { response_type: 'token', client_id: SPA.id, redirect_uri: SPA.redirect, scope: 'read' };
    const { scopes, credentials } = await server.validateAuthorizationRequest(authorize(params));
    const res = await server.createAuthorizationResponse(authorize(params), scopes, { ...credentials, user: 'u' });
    return { token: redirectParams(res, 'fragment').get('access_token') ?? '', clientAuth: {} };
  },
  password: async (server) => {
    const body = { grant_type: 'password', username: USER.username, password: USER.password, scope: 'read' };
    return { token: String(json(await server.createTokenResponse(post(body, auth))).access_token), clientAuth: auth };
  },
  client_credentials: async (server) => {
    const body = { grant_type: 'client_credentials', scope: 'read' };
    return { token: String(json(await server.createTokenResponse(post(body, auth))).access_token), clientAuth: auth };
  },
  refresh_token: async (server) => {
    const first = await obtainTokens(server);
    const body = { grant_type: 'refresh_token', refresh_token: String(first.refresh_token) };
    return { token: String(json(await server.createTokenResponse(post(body, auth))).access_token), clientAuth: auth };
  },
};

describe('oauth2 endpoints × grants', () => {
  for (const [grant, obtain] of Object.entries(GRANTS)) {
    it(`RFC 6750 §2 / RFC 7662 §2 / RFC 7009 §2: a ${grant} token is accepted, introspected, revoked, then refused`, async () => {
      const { server } = setup({
        responseTypesSupported: ['code', 'token'],
        grantTypesSupported: ['authorization_code', 'password', 'client_credentials', 'refresh_token'],
      });
      const { token, clientAuth } = await obtain(server);
      const bearer = { uri: '/api/', httpMethod: 'GET', headers: { Authorization: `Bearer ${token}` } };
      expect((await server.verifyRequest(bearer, ['read'])).valid).to.equal(true);
      const introspect = () => server.createIntrospectResponse(post({ token }, auth, '/o/introspect/'));
      expect(json(await introspect())).to.include({ active: true, scope: 'read' });
      const revokeBody: Record<string, string> = clientAuth === auth ? { token } : { token, client_id: SPA.id };
      const revoked = await server.createRevocationResponse(post(revokeBody, clientAuth, '/o/revoke_token/'));
      expect(revoked.status).to.equal(200);
      expect(json(await introspect())).to.deep.equal({ active: false });
      const after = await server.verifyRequest(bearer, ['read']);
      expect(!after.valid && after.response.status).to.equal(401);
    });
  }
});
