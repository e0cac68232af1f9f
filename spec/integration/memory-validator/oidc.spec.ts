/**
 * OpenID Connect on the in-memory validator, with no ORM configured: the ID token of the code flow checked against
 * the published JWKS, `prompt=none`, a refreshed ID token, UserInfo, discovery, and RP-initiated logout revoking
 * the session user's tokens.
 */
import { expect } from 'chai';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import request from 'supertest';

import { hiddenInputs } from '../../helpers/html.js';
import {
  AFTER_LOGOUT,
  callApi,
  codeQuery,
  consent,
  exchange,
  ISSUER,
  memoryProvider,
  redirectParams,
  refreshRequest,
  WEB,
  type MemoryProvider,
} from './app.js';

describe('In-memory validator: OpenID Connect and logout (no ORM)', function () {
  let provider: MemoryProvider;

  beforeEach(async function () {
    provider = await memoryProvider();
    provider.session.user = provider.alice;
  });

  const get = (path: string) => request(provider.app.callback()).get(path);
  const oidcQuery = (extra: Record<string, string> = {}) =>
    codeQuery({ scope: 'openid email read', nonce: 'n-0S6', ...extra });

  /** Verify an ID token with the keys the provider publishes. */
  async function verify(idToken: string): Promise<JWTPayload> {
    const jwks = await get('/o/.well-known/jwks.json').expect(200);
    const { payload } = await jwtVerify(idToken, createLocalJWKSet(jwks.body as JSONWebKeySet), {
      issuer: ISSUER,
      audience: WEB.clientId,
    });
    return payload;
  }

  /** Consent to an OpenID code request and redeem the code. */
  async function signIn(): Promise<Record<string, string>> {
    return exchange(provider.app, (await consent(provider.app, oidcQuery())).get('code') ?? '');
  }

  it('discovery names the endpoints; the code flow returns an ID token for the user, signed with a published key', async function () {
    const discovery = await get('/o/.well-known/openid-configuration').expect(200);
    expect(discovery.body).to.include({ issuer: ISSUER, userinfo_endpoint: `${ISSUER}/userinfo/` });
    const tokens = await signIn();
    const claims = await verify(tokens['id_token'] ?? '');
    expect(claims).to.include({ sub: String(provider.alice.id), nonce: 'n-0S6' });
  });

  it('UserInfo answers sub and the claims of the granted scopes; a revoked token gets 401', async function () {
    const tokens = await signIn();
    const info = await get('/o/userinfo/').set('Authorization', `Bearer ${tokens['access_token']}`);
    expect(info.status, info.text).to.equal(200);
    expect(info.body).to.deep.equal({ sub: String(provider.alice.id), email: 'alice@example.com' });
    await request(provider.app.callback())
      .post('/o/revoke_token/')
      .auth(WEB.clientId, 'web-secret-0123456789abcdef')
      .type('form')
      .send({ token: tokens['access_token'] ?? '' })
      .expect(200);
    expect((await get('/o/userinfo/').set('Authorization', `Bearer ${tokens['access_token']}`)).status).to.equal(401);
  });

  it('a refresh of an openid grant returns a new ID token for the same user and login', async function () {
    const tokens = await signIn();
    const first = await verify(tokens['id_token'] ?? '');
    const res = await refreshRequest(provider.app, tokens['refresh_token'] ?? '');
    expect(res.status, res.text).to.equal(200);
    const refreshed = await verify(res.body.id_token as string);
    expect(refreshed.sub).to.equal(first.sub);
    expect(refreshed.auth_time).to.equal(first.auth_time);
    expect(refreshed.jti).to.not.equal(first.jti);
  });

  it('prompt=none: consent_required before any consent, the code once a live token covers the scopes', async function () {
    const before = await get(`/o/authorize/?${oidcQuery({ prompt: 'none' })}`);
    expect(redirectParams(before).get('error')).to.equal('consent_required');
    await signIn();
    const after = await get(`/o/authorize/?${oidcQuery({ prompt: 'none' })}`);
    expect(redirectParams(after).get('code')).to.be.a('string');
  });

  describe('RP-initiated logout', function () {
    it("with the user's own id_token_hint: logs out at once, revokes the user's tokens of the client, redirects", async function () {
      provider = await memoryProvider({ oidcRpInitiatedLogoutAlwaysPrompt: false });
      provider.session.user = provider.alice;
      const tokens = await signIn();
      const query = new URLSearchParams({
        id_token_hint: tokens['id_token'] ?? '',
        post_logout_redirect_uri: AFTER_LOGOUT,
        state: 'bye',
      });
      const res = await get(`/o/logout/?${query.toString()}`);
      expect(res.status, res.text).to.equal(302);
      expect(res.headers['location']).to.equal(`${AFTER_LOGOUT}?state=bye`);
      expect(provider.session.user).to.equal(null);
      expect(provider.store.idTokens.size).to.equal(0);
      expect((await callApi(provider.app, tokens['access_token'] ?? '')).status).to.equal(401);
      const refresh = await refreshRequest(provider.app, tokens['refresh_token'] ?? '');
      expect(refresh.body).to.include({ error: 'invalid_grant' });
    });

    it('with only client_id: the confirmation page, then the same logout when confirmed', async function () {
      const tokens = await signIn();
      const browser = request.agent(provider.app.callback());
      const query = new URLSearchParams({ client_id: WEB.clientId, post_logout_redirect_uri: AFTER_LOGOUT });
      const page = await browser.get(`/o/logout/?${query.toString()}`);
      expect(page.status).to.equal(200);
      expect(page.text).to.contain('Confirm Logout requested by web');
      const res = await browser
        .post('/o/logout/')
        .type('form')
        .send({ ...hiddenInputs(page.text), allow: 'Logout' });
      expect(res.status).to.equal(303);
      expect(res.headers['location']).to.equal(AFTER_LOGOUT);
      expect((await callApi(provider.app, tokens['access_token'] ?? '')).status).to.equal(401);
    });

    it('refuses a post_logout_redirect_uri the client did not register, and revokes nothing', async function () {
      const tokens = await signIn();
      const query = new URLSearchParams({
        client_id: WEB.clientId,
        post_logout_redirect_uri: 'https://rp.example/other',
      });
      const res = await get(`/o/logout/?${query.toString()}`);
      expect(res.status).to.equal(400);
      expect(res.text).to.contain('This client does not have this redirect uri registered.');
      expect((await callApi(provider.app, tokens['access_token'] ?? '')).status).to.equal(200);
    });
  });
});
