/**
 * Revocation (RFC 7009) with `token_revoked`, introspection (RFC 7662) and CORS on the in-memory validator, with no
 * ORM configured.
 */
import { expect } from 'chai';
import request from 'supertest';

import { TOKEN_REVOKED } from '../../../lib/events.js';
import {
  ALICE,
  callApi,
  collectEvents,
  memoryProvider,
  refreshRequest,
  ORIGIN,
  SERVICE,
  tokenRequest,
  WEB,
  type MemoryProvider,
} from './app.js';

describe('In-memory validator: revoke, introspect, CORS (no ORM)', function () {
  let provider: MemoryProvider;

  beforeEach(async function () {
    provider = await memoryProvider();
  });

  const issue = async () =>
    (await tokenRequest(provider.app, WEB, { grant_type: 'password', ...ALICE }).expect(200)).body as Record<
      string,
      string
    >;
  const post = (path: string, client: { clientId: string; secret: string }, form: Record<string, string>) =>
    request(provider.app.callback()).post(path).auth(client.clientId, client.secret).type('form').send(form);

  describe('revocation', function () {
    it('revokes an access token: 200, token_revoked names it, the token and its refresh family then refused', async function () {
      const events = collectEvents(TOKEN_REVOKED);
      const tokens = await issue();
      const res = await post('/o/revoke_token/', WEB, { token: tokens['access_token'] ?? '' });
      expect(res.status).to.equal(200);
      expect(res.text).to.equal('');
      expect(events.map((event) => event.tokenType)).to.deep.equal(['access_token']);
      expect(events[0]?.application).to.include({ clientId: WEB.clientId });
      expect((await callApi(provider.app, tokens['access_token'] ?? '')).status).to.equal(401);
      const refresh = await refreshRequest(provider.app, tokens['refresh_token'] ?? '');
      expect(refresh.body).to.include({ error: 'invalid_grant' });
    });

    it('revokes a refresh token (with the hint) and its access token', async function () {
      const events = collectEvents(TOKEN_REVOKED);
      const tokens = await issue();
      const form = { token: tokens['refresh_token'] ?? '', token_type_hint: 'refresh_token' };
      expect((await post('/o/revoke_token/', WEB, form)).status).to.equal(200);
      expect(events.map((event) => event.tokenType)).to.deep.equal(['refresh_token']);
      expect((await callApi(provider.app, tokens['access_token'] ?? '')).status).to.equal(401);
    });

    it("another client's token is left alone and emits nothing; an unknown token is 200 and emits nothing", async function () {
      const events = collectEvents(TOKEN_REVOKED);
      const tokens = await issue();
      const foreign = await post('/o/revoke_token/', SERVICE, { token: tokens['access_token'] ?? '' });
      expect(foreign.status).to.equal(400);
      expect(foreign.body).to.include({ error: 'invalid_request' });
      expect((await post('/o/revoke_token/', WEB, { token: 'unknown' })).status).to.equal(200);
      expect(events).to.deep.equal([]);
      expect((await callApi(provider.app, tokens['access_token'] ?? '')).status).to.equal(200);
    });
  });

  describe('introspection', function () {
    it('answers the claims of an active access token and of a refresh token', async function () {
      const tokens = await issue();
      const access = await post('/o/introspect/', SERVICE, { token: tokens['access_token'] ?? '' });
      expect(access.status, access.text).to.equal(200);
      expect(access.body).to.include({
        active: true,
        scope: 'read',
        client_id: WEB.clientId,
        username: 'alice',
        sub: String(provider.alice.id),
        token_type: 'Bearer',
      });
      expect(access.body.exp).to.be.a('number');
      const refresh = await post('/o/introspect/', SERVICE, { token: tokens['refresh_token'] ?? '' });
      expect(refresh.body).to.include({ active: true, token_type: 'refresh_token', client_id: WEB.clientId });
    });

    it('answers only active: false for a revoked or unknown token, and 401 to an unauthenticated caller', async function () {
      const tokens = await issue();
      await post('/o/revoke_token/', WEB, { token: tokens['access_token'] ?? '' }).expect(200);
      const revoked = await post('/o/introspect/', SERVICE, { token: tokens['access_token'] ?? '' });
      expect(revoked.body).to.deep.equal({ active: false });
      expect((await post('/o/introspect/', SERVICE, { token: 'nope' })).body).to.deep.equal({ active: false });
      const anonymous = await request(provider.app.callback()).post('/o/introspect/').type('form').send({ token: 'x' });
      expect(anonymous.status).to.equal(401);
    });
  });

  describe('CORS', function () {
    const preflight = (path: string, origin: string) =>
      request(provider.app.callback()).options(path).set('Origin', origin).set('Access-Control-Request-Method', 'POST');

    it('answers a preflight for an origin some client registered (isOriginRegistered), not for another', async function () {
      for (const path of ['/o/token/', '/o/revoke_token/']) {
        const ok = await preflight(path, ORIGIN);
        expect(ok.status).to.equal(204);
        expect(ok.headers['access-control-allow-origin']).to.equal(ORIGIN);
        const other = await preflight(path, 'https://evil.example');
        expect(other.headers).to.not.have.property('access-control-allow-origin');
      }
    });

    it('allows the actual request only from an origin of the authenticated client (isOriginAllowed)', async function () {
      const mine = await tokenRequest(provider.app, SERVICE, { grant_type: 'client_credentials' }).set(
        'Origin',
        ORIGIN,
      );
      expect(mine.status).to.equal(200);
      expect(mine.headers['access-control-allow-origin']).to.equal(ORIGIN);
      expect(mine.headers['vary']).to.match(/Origin/);
      const notWebs = await tokenRequest(provider.app, WEB, { grant_type: 'password', ...ALICE }).set('Origin', ORIGIN);
      expect(notWebs.status).to.equal(200);
      expect(notWebs.headers).to.not.have.property('access-control-allow-origin');
    });
  });
});
