import { expect } from 'chai';
import request from 'supertest';
import { useTransaction } from '../helpers/db.js';
import { buildApp } from '../helpers/app.js';
import { createApplication, createRefreshToken, createUser } from '../helpers/factories.js';
import { AccessToken } from '../../lib/models/access-token.js';
import { RefreshToken } from '../../lib/models/refresh-token.js';
import { tokenChecksum } from '../../lib/models/checksum.js';
import { basic } from '../helpers/basic-auth.js';

describe('refresh token grant (RFC 6749 §6, RFC 9700 §4.14.2) through /o/token/', () => {
  const em = useTransaction();

  async function setup(scope = 'read write', settings?: Parameters<typeof buildApp>[0]['settings']) {
    const user = await createUser(em());
    const { application, clientSecret } = await createApplication(em());
    const { refreshToken, token } = await createRefreshToken(em(), { application, user, scope });
    const app = buildApp({ em, settings });
    const refresh = (value: string, extra: Record<string, string> = {}) =>
      request(app.callback())
        .post('/o/token/')
        .set('Authorization', basic(application.clientId, clientSecret))
        .type('form')
        .send({ grant_type: 'refresh_token', refresh_token: value, ...extra });
    return { user, application, refreshToken, token, refresh };
  }

  it('rotates: a new pair, the old refresh token and its access token revoked', async () => {
    const { refreshToken, token, refresh } = await setup();
    const res = await refresh(token);
    expect(res.status).to.equal(200);
    expect(res.body.refresh_token).to.be.a('string').and.not.equal(token);
    expect(res.body.scope).to.equal('read write');
    em().clear();
    const old = await em().findOneOrFail(RefreshToken, { id: refreshToken.id }, { populate: ['accessToken'] });
    expect(old.revoked).to.be.instanceOf(Date);
    expect(old.accessToken?.revoked ?? null).to.be.instanceOf(Date);
    const fresh = await em().findOneOrFail(RefreshToken, { tokenChecksum: tokenChecksum(res.body.refresh_token) });
    expect(fresh.family).to.equal(old.family);
  });

  it('answers a replay of a rotated token with invalid_grant and revokes the whole family', async () => {
    const { token, refresh } = await setup();
    const first = await refresh(token);
    expect(first.status).to.equal(200);
    const replay = await refresh(token);
    expect(replay.status).to.equal(400);
    expect(replay.body.error).to.equal('invalid_grant');
    em().clear();
    const successor = await em().findOneOrFail(RefreshToken, {
      tokenChecksum: tokenChecksum(first.body.refresh_token),
    });
    expect(successor.revoked).to.be.instanceOf(Date);
    const access = await em().findOneOrFail(AccessToken, { tokenChecksum: tokenChecksum(first.body.access_token) });
    expect(access.revoked).to.be.instanceOf(Date);
    const again = await refresh(first.body.refresh_token);
    expect(again.body.error).to.equal('invalid_grant');
  });

  it('narrows the scope when asked, and a later refresh may ask for the original scope again', async () => {
    const { token, refresh } = await setup();
    const narrowed = await refresh(token, { scope: 'read' });
    expect(narrowed.status).to.equal(200);
    expect(narrowed.body.scope).to.equal('read');
    const widened = await refresh(narrowed.body.refresh_token, { scope: 'read write' });
    expect(widened.status).to.equal(200);
    expect(widened.body.scope).to.equal('read write');
  });

  it('refuses a scope wider than the grant with invalid_scope', async () => {
    const { token, refresh } = await setup('read');
    const res = await refresh(token, { scope: 'read write' });
    expect(res.status).to.equal(400);
    expect(res.body.error).to.equal('invalid_scope');
  });

  it('refuses an unknown refresh token with invalid_grant', async () => {
    const { refresh } = await setup();
    const res = await refresh('no-such-token');
    expect(res.status).to.equal(400);
    expect(res.body.error).to.equal('invalid_grant');
  });

  it("refuses another client's refresh token with invalid_grant and leaves it usable", async () => {
    const { token, refresh } = await setup();
    const other = await createApplication(em());
    const res = await request(buildApp({ em }).callback())
      .post('/o/token/')
      .set('Authorization', basic(other.application.clientId, other.clientSecret))
      .type('form')
      .send({ grant_type: 'refresh_token', refresh_token: token });
    expect(res.status).to.equal(400);
    expect(res.body.error).to.equal('invalid_grant');
    expect((await refresh(token)).status).to.equal(200);
  });

  it('keeps the refresh token when rotateRefreshToken is false', async () => {
    const { token, refresh } = await setup('read write', { rotateRefreshToken: false });
    const res = await refresh(token);
    expect(res.status).to.equal(200);
    expect(res.body.refresh_token).to.equal(token);
  });
});
