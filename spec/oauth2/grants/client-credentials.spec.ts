import { expect } from 'chai';
import {
  AuthorizationCodeGrant,
  ClientCredentialsGrant,
  OAuth2Request,
  ResourceOwnerPasswordCredentialsGrant,
  RefreshTokenGrant,
  resolveOptions,
} from '../../../lib/oauth2/index.js';
import { SPA, WEB, basic, json, post, setup } from '../helpers/fixtures.js';
import { MemoryValidator } from '../helpers/memory-validator.js';

const auth = { Authorization: basic(WEB.id, WEB.secret) };

describe('oauth2/grants/client-credentials', () => {
  it('RFC 6749 §4.4.3: a confidential client gets an access token without refresh token or user', async () => {
    const { server, validator } = setup();
    const res = await server.createTokenResponse(post({ grant_type: 'client_credentials', scope: 'write' }, auth));
    expect(res.status).to.equal(200);
    const token = json(res);
    expect(token).to.include({ token_type: 'Bearer', scope: 'write' });
    expect(token).to.not.have.property('refresh_token');
    expect(validator.accessTokens.get(token.access_token as string)?.user).to.equal(null);
  });

  it('RFC 6749 §3.3: without scope the defaults are granted', async () => {
    const { server } = setup({ defaultScopes: ['read'] });
    const token = json(await server.createTokenResponse(post({ grant_type: 'client_credentials' }, auth)));
    expect(token.scope).to.equal('read');
  });

  it('RFC 6749 §4.4: a public client cannot use it → 401 invalid_client', async () => {
    const { server } = setup();
    const res = await server.createTokenResponse(post({ grant_type: 'client_credentials', client_id: SPA.id }));
    expect(res.status).to.equal(401);
    expect(json(res).error).to.equal('invalid_client');
  });

  it('RFC 6749 §5.2: not allowed for the client → unauthorized_client; bad scope → invalid_scope', async () => {
    const { server, validator } = setup();
    expect(
      json(await server.createTokenResponse(post({ grant_type: 'client_credentials', scope: 'x' }, auth))).error,
    ).to.equal('invalid_scope');
    validator.clients.get(WEB.id)!.grantTypes = [];
    expect(json(await server.createTokenResponse(post({ grant_type: 'client_credentials' }, auth))).error).to.equal(
      'unauthorized_client',
    );
  });

  it('RFC 6749 §5.2: a grant handler called with another grant_type answers unsupported_grant_type', async () => {
    const validator = new MemoryValidator();
    const options = resolveOptions();
    const request = () => OAuth2Request.parse(post({ grant_type: 'other' }));
    for (const Grant of [
      ClientCredentialsGrant,
      ResourceOwnerPasswordCredentialsGrant,
      RefreshTokenGrant,
      AuthorizationCodeGrant,
    ]) {
      const init =
        Grant === ResourceOwnerPasswordCredentialsGrant
          ? post({ grant_type: 'other', username: 'u', password: 'p' })
          : null;
      const req = init ? OAuth2Request.parse(init) : request();
      let code: string | undefined;
      try {
        await new Grant(validator, options).createTokenResponse(req);
      } catch (error) {
        code = (error as { error?: string }).error;
      }
      expect(code, Grant.name).to.equal('unsupported_grant_type');
    }
  });
});
