/**
 * Every grant on the in-memory validator, with no ORM configured: client credentials, password, refresh token
 * (rotation, narrowing, replay revoking the family, the grace window), implicit and the hybrid response types.
 */
import { expect } from 'chai';
import request from 'supertest';

import {
  ALICE,
  callApi,
  codeQuery,
  consent,
  HYBRID,
  memoryProvider,
  REDIRECT,
  refreshRequest,
  SERVICE,
  SPA,
  tokenRequest,
  TV,
  TV2,
  VERIFIER,
  WEB,
  type MemoryProvider,
} from './app.js';

describe('In-memory validator: every grant (no ORM)', function () {
  let provider: MemoryProvider;

  beforeEach(async function () {
    provider = await memoryProvider();
    provider.session.user = provider.alice;
  });

  const password = () =>
    tokenRequest(provider.app, WEB, { grant_type: 'password', ...ALICE, scope: 'read write' }).expect(200);
  const spaQuery = (responseType: string) =>
    new URLSearchParams({
      client_id: SPA.clientId,
      response_type: responseType,
      redirect_uri: REDIRECT,
      scope: 'read',
      state: 's',
    }).toString();
  const refresh = (refreshToken: string, extra: Record<string, string> = {}) =>
    refreshRequest(provider.app, refreshToken, extra);

  it('client_credentials: a token without a user and without a refresh token', async function () {
    const res = await tokenRequest(provider.app, SERVICE, { grant_type: 'client_credentials' });
    expect(res.status, res.text).to.equal(200);
    expect(res.body).to.include({ scope: 'read' }).and.not.have.property('refresh_token');
    const me = await callApi(provider.app, res.body.access_token as string);
    expect(me.status).to.equal(200);
    expect(me.body).to.deep.equal({ username: null });
  });

  it('client_credentials with a wrong secret is invalid_client; a grant the client lacks is unauthorized_client', async function () {
    const wrong = await tokenRequest(
      provider.app,
      { ...SERVICE, secret: 'nope' },
      { grant_type: 'client_credentials' },
    );
    expect(wrong.status).to.equal(401);
    expect(wrong.body).to.include({ error: 'invalid_client' });
    const other = await tokenRequest(provider.app, SERVICE, { grant_type: 'password', ...ALICE });
    expect(other.status).to.equal(400);
    expect(other.body).to.include({ error: 'unauthorized_client' });
  });

  it('password: the user is checked; a wrong password is invalid_grant', async function () {
    const { body } = await password();
    expect((await callApi(provider.app, body.access_token as string)).body).to.deep.equal({ username: 'alice' });
    const wrong = await tokenRequest(provider.app, WEB, { grant_type: 'password', username: 'alice', password: 'x' });
    expect(wrong.status).to.equal(400);
    expect(wrong.body).to.include({ error: 'invalid_grant' });
  });

  it('refresh_token rotates: a new pair, the old access token dead, narrowing kept to the original grant', async function () {
    const first = (await password()).body as Record<string, string>;
    const narrowed = await refresh(first['refresh_token'] ?? '', { scope: 'read' });
    expect(narrowed.status, narrowed.text).to.equal(200);
    expect(narrowed.body).to.include({ scope: 'read' });
    expect(narrowed.body.refresh_token).to.not.equal(first['refresh_token']);
    expect((await callApi(provider.app, first['access_token'] ?? '')).status).to.equal(401);
    expect((await callApi(provider.app, narrowed.body.access_token as string)).status).to.equal(200);
    const widened = await refresh(narrowed.body.refresh_token as string);
    expect(widened.status, widened.text).to.equal(200);
    expect(widened.body).to.include({ scope: 'read write' });
  });

  it('a replayed refresh token is invalid_grant and revokes its whole family', async function () {
    const first = (await password()).body as Record<string, string>;
    const second = (await refresh(first['refresh_token'] ?? '').expect(200)).body as Record<string, string>;
    const replay = await refresh(first['refresh_token'] ?? '');
    expect(replay.status).to.equal(400);
    expect(replay.body).to.include({ error: 'invalid_grant' });
    expect((await callApi(provider.app, second['access_token'] ?? '')).status).to.equal(401);
    expect((await refresh(second['refresh_token'] ?? '')).body).to.include({ error: 'invalid_grant' });
  });

  it('two concurrent refreshes with one token: exactly one rotation wins, the other is a replay', async function () {
    const first = (await password()).body as Record<string, string>;
    const answers = await Promise.all([refresh(first['refresh_token'] ?? ''), refresh(first['refresh_token'] ?? '')]);
    expect(answers.map((res) => res.status).sort()).to.deep.equal([200, 400]);
    expect(provider.store.refreshTokens.size).to.equal(2);
  });

  it('another client cannot use a refresh token, and its attempt revokes nothing', async function () {
    const first = (await password()).body as Record<string, string>;
    const stolen = await tokenRequest(provider.app, HYBRID, {
      grant_type: 'refresh_token',
      refresh_token: first['refresh_token'] ?? '',
    });
    expect(stolen.body).to.include({ error: 'invalid_grant' });
    expect((await refresh(first['refresh_token'] ?? '')).status).to.equal(200);
  });

  it('with rotation off the refresh token is kept: a new access token each time, the previous one dead', async function () {
    provider = await memoryProvider({ rotateRefreshToken: false });
    const first = (await password()).body as Record<string, string>;
    const second = (await refresh(first['refresh_token'] ?? '').expect(200)).body as Record<string, string>;
    expect(second['refresh_token']).to.equal(first['refresh_token']);
    expect((await callApi(provider.app, first['access_token'] ?? '')).status).to.equal(401);
    expect((await callApi(provider.app, second['access_token'] ?? '')).status).to.equal(200);
    expect((await refresh(first['refresh_token'] ?? '')).status).to.equal(200);
  });

  it('within the grace window a repeat gets the very pair of the rotation, which stays usable', async function () {
    provider = await memoryProvider({ refreshTokenGracePeriodSeconds: 60, refreshTokenGraceKey: 'k'.repeat(32) });
    const first = (await password()).body as Record<string, string>;
    const rotated = (await refresh(first['refresh_token'] ?? '').expect(200)).body as Record<string, string>;
    const repeat = await refresh(first['refresh_token'] ?? '');
    expect(repeat.status, repeat.text).to.equal(200);
    expect(repeat.body).to.include({ access_token: rotated['access_token'], refresh_token: rotated['refresh_token'] });
    expect((await callApi(provider.app, rotated['access_token'] ?? '')).status).to.equal(200);
  });

  it('implicit: the token in the fragment after consent, usable at once, no refresh token', async function () {
    const fragment = await consent(provider.app, spaQuery('token'), 'fragment');
    expect(fragment.get('state')).to.equal('s');
    expect(fragment.has('refresh_token')).to.equal(false);
    expect((await callApi(provider.app, fragment.get('access_token') ?? '')).status).to.equal(200);
  });

  it('a response type the client is not registered for is unauthorized_client', async function () {
    const res = await request(provider.app.callback()).get(`/o/authorize/?${spaQuery('code')}`);
    expect(new URLSearchParams(new URL(res.headers['location'] as string).search).get('error')).to.equal(
      'unauthorized_client',
    );
  });

  for (const responseType of ['code id_token', 'code token', 'id_token code token'] as const) {
    it(`hybrid "${responseType}": the fragment's code redeems, and what the fragment gives works`, async function () {
      const query = codeQuery({
        client_id: HYBRID.clientId,
        response_type: responseType,
        scope: 'openid read',
        nonce: 'n-1',
      });
      const fragment = await consent(provider.app, query, 'fragment');
      expect(fragment.has('id_token')).to.equal(responseType.includes('id_token'));
      if (responseType.split(' ').includes('token')) {
        expect((await callApi(provider.app, fragment.get('access_token') ?? '')).status).to.equal(200);
      }
      const res = await tokenRequest(provider.app, HYBRID, {
        grant_type: 'authorization_code',
        code: fragment.get('code') ?? '',
        redirect_uri: REDIRECT,
        code_verifier: VERIFIER,
      });
      expect(res.status, res.text).to.equal(200);
      expect(res.body.id_token).to.be.a('string');
      expect((await callApi(provider.app, res.body.access_token as string)).status).to.equal(200);
    });
  }

  it('device grant (RFC 8628): codes bound to the client, authorization_pending, slow_down, another client refused', async function () {
    const { app } = provider;
    const started = await request(app.callback())
      .post('/o/device-authorization/')
      .type('form')
      .send({ client_id: TV.clientId, scope: 'read' })
      .expect(200);
    const { device_code: deviceCode, user_code: userCode, interval } = started.body as Record<string, unknown>;
    expect(userCode).to.match(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(interval).to.equal(5);
    const poll = (clientId: string) =>
      request(app.callback()).post('/o/token/').type('form').send({
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        device_code: deviceCode,
        client_id: clientId,
      });
    expect((await poll(TV.clientId)).body.error).to.equal('authorization_pending');
    expect((await poll(TV.clientId)).body.error).to.equal('slow_down');
    // Another device client presenting the code: invalid_grant, and the owner's next poll is still its own.
    expect((await poll(TV2.clientId)).body.error).to.equal('invalid_grant');
  });
});
