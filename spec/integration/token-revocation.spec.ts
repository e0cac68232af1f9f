import { expect } from 'chai';
import request from 'supertest';
import { useTransaction } from '../helpers/db.js';
import { buildApp } from '../helpers/app.js';
import { createAccessToken, createApplication, createRefreshToken, createUser } from '../helpers/factories.js';
import { AccessToken } from '../../lib/models/access-token.js';
import { RefreshToken } from '../../lib/models/refresh-token.js';
import { basic } from '../helpers/basic-auth.js';

describe('token revocation (RFC 7009) through /o/revoke_token/', () => {
  const em = useTransaction();

  async function client() {
    const created = await createApplication(em());
    const revoke = (body: Record<string, string>, auth = basic(created.application.clientId, created.clientSecret)) =>
      request(buildApp({ em }).callback()).post('/o/revoke_token/').set('Authorization', auth).type('form').send(body);
    return { ...created, revoke };
  }

  async function isRevoked(entity: typeof AccessToken | typeof RefreshToken, id: number): Promise<boolean> {
    em().clear();
    const row = await em().findOneOrFail(entity as typeof AccessToken, { id });
    return row.revoked !== null;
  }

  it('revokes an access token: 200 with an empty body, the token marked revoked', async () => {
    const { application, revoke } = await client();
    const { accessToken, token } = await createAccessToken(em(), { application });
    const res = await revoke({ token });
    expect(res.status).to.equal(200);
    expect(res.text).to.equal('');
    expect(await isRevoked(AccessToken, accessToken.id)).to.equal(true);
  });

  it('revokes a refresh token and its access token', async () => {
    const { application, revoke } = await client();
    const user = await createUser(em());
    const { refreshToken, token } = await createRefreshToken(em(), { application, user });
    const res = await revoke({ token, token_type_hint: 'refresh_token' });
    expect(res.status).to.equal(200);
    expect(await isRevoked(RefreshToken as never, refreshToken.id)).to.equal(true);
    expect(await isRevoked(AccessToken, refreshToken.accessToken!.id)).to.equal(true);
  });

  it('treats the hint as a hint: a refresh token sent with token_type_hint=access_token is still revoked', async () => {
    const { application, revoke } = await client();
    const user = await createUser(em());
    const { refreshToken, token } = await createRefreshToken(em(), { application, user });
    const res = await revoke({ token, token_type_hint: 'access_token' });
    expect(res.status).to.equal(200);
    expect(await isRevoked(RefreshToken as never, refreshToken.id)).to.equal(true);
  });

  it('ignores an unknown hint value (RFC 7009 §2.1)', async () => {
    const { application, revoke } = await client();
    const { accessToken, token } = await createAccessToken(em(), { application });
    const res = await revoke({ token, token_type_hint: 'id_token' });
    expect(res.status).to.equal(200);
    expect(await isRevoked(AccessToken, accessToken.id)).to.equal(true);
  });

  it('answers 200 for an unknown token (RFC 7009 §2.2)', async () => {
    const { revoke } = await client();
    const res = await revoke({ token: 'never-issued' });
    expect(res.status).to.equal(200);
    expect(res.text).to.equal('');
  });

  it("refuses another client's token and leaves it valid", async () => {
    const { revoke } = await client();
    const other = await createApplication(em());
    const { accessToken, token } = await createAccessToken(em(), { application: other.application });
    const res = await revoke({ token });
    expect(res.status).to.equal(400);
    expect(res.body.error).to.equal('invalid_request');
    expect(await isRevoked(AccessToken, accessToken.id)).to.equal(false);
  });

  it('refuses a wrong secret with 401 invalid_client', async () => {
    const { application, revoke } = await client();
    const { token } = await createAccessToken(em(), { application });
    const res = await revoke({ token }, basic(application.clientId, 'wrong'));
    expect(res.status).to.equal(401);
    expect(res.body.error).to.equal('invalid_client');
    expect(res.headers['www-authenticate']).to.match(/^Basic /);
  });

  it('refuses a request without a token parameter with invalid_request', async () => {
    const { revoke } = await client();
    const res = await revoke({});
    expect(res.status).to.equal(400);
    expect(res.body.error).to.equal('invalid_request');
  });

  it('answers GET with 405 and an Allow header', async () => {
    const res = await request(buildApp({ em }).callback()).get('/o/revoke_token/');
    expect(res.status).to.equal(405);
    expect(res.headers['allow']).to.equal('POST, OPTIONS');
  });
});
