/**
 * The server inherits from its endpoints, as oauthlib's does: `createTokenResponse`, `verifyRequest` and the others
 * are the endpoints' own methods, which a subclass of `Server` overrides with `super`; and each endpoint still works
 * on its own, over the same validator.
 */
import { expect } from 'chai';
import {
  IntrospectEndpoint,
  MetadataEndpoint,
  OpenIDServer,
  ResourceEndpoint,
  RevocationEndpoint,
  Server,
  TokenEndpoint,
  UserInfoEndpoint,
  type OAuth2RequestInit,
  type OAuth2Response,
  type VerifyResult,
} from '../../../lib/oauth2/index.js';
import { ISSUER, USER, WEB, basic, json, post, setup } from '../helpers/fixtures.js';

const auth = { Authorization: basic(WEB.id, WEB.secret) };
const bearer = (token: string): OAuth2RequestInit => ({
  uri: `${ISSUER}/api/`,
  httpMethod: 'GET',
  headers: { authorization: `Bearer ${token}` },
});

/** A server that logs what reaches the endpoints' methods, then lets them answer. */
class AuditedServer extends Server {
  readonly seen: string[] = [];

  override async createTokenResponse(
    init: OAuth2RequestInit,
    extra: Readonly<Record<string, unknown>> | null = null,
  ): Promise<OAuth2Response> {
    this.seen.push('token');
    return super.createTokenResponse(init, { ...extra, audited: true });
  }

  override async verifyRequest(init: OAuth2RequestInit, scopes: readonly string[]): Promise<VerifyResult> {
    this.seen.push(`verify ${scopes.join(' ')}`);
    return super.verifyRequest(init, scopes);
  }
}

describe('oauth2/endpoints composed into a server (oauthlib: Server inherits its endpoints)', () => {
  it("a subclass of Server overrides the endpoints' methods and reaches them with super", async () => {
    const { server } = setup({ grantTypesSupported: ['client_credentials'] }, AuditedServer);
    const audited = server as AuditedServer;
    const issued = json(await server.createTokenResponse(post({ grant_type: 'client_credentials' }, auth)));
    expect(issued['audited']).to.equal(true);
    const token = String(issued['access_token']);
    expect((await server.verifyRequest(bearer(token), ['read'])).valid).to.equal(true);
    expect(audited.seen).to.deep.equal(['token', 'verify read']);
  });

  it('each endpoint works on its own over the same validator', async () => {
    const { server, validator } = setup({ grantTypesSupported: ['client_credentials', 'password'] });
    const o = server.options;
    const token = new TokenEndpoint(server.grantTypes, o);
    const pw = { grant_type: 'password', username: USER.username, password: USER.password, scope: 'read' };
    const issued = json(await token.createTokenResponse(post(pw, auth)));
    const accessToken = String(issued['access_token']);
    expect((await new ResourceEndpoint(validator, o).verifyRequest(bearer(accessToken), ['read'])).valid).to.equal(
      true,
    );
    const introspected = await new IntrospectEndpoint(validator, o).createIntrospectResponse(
      post({ token: accessToken }, auth),
    );
    expect(json(introspected)).to.include({ active: true, scope: 'read' });
    const revoked = await new RevocationEndpoint(validator, o, ['access_token']).createRevocationResponse(
      post({ token: accessToken, token_type_hint: 'refresh_token' }, auth),
    );
    expect(json(revoked).error).to.equal('unsupported_token_type');
    const doc = new MetadataEndpoint(o, server.features).metadata();
    expect(doc['grant_types_supported']).to.deep.equal(['password', 'client_credentials']);
  });

  it('the UserInfo endpoint on its own checks the bearer token as the OpenID server does', async () => {
    const { server, validator } = setup({ oidcEnabled: true, issuer: ISSUER }, OpenIDServer);
    const alone = new UserInfoEndpoint(validator, server.options);
    const unknown = await alone.createUserinfoResponse(bearer('never-issued'));
    const viaServer = await (server as OpenIDServer).createUserinfoResponse(bearer('never-issued'));
    expect([unknown.status, unknown.headers['www-authenticate']]).to.deep.equal([
      viaServer.status,
      viaServer.headers['www-authenticate'],
    ]);
    expect(unknown.status).to.equal(401);
  });
});
