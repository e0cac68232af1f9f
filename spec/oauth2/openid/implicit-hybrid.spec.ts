import { expect } from 'chai';
import { tokenHash } from '../../../lib/oauth2/index.js';
import { exchange, ISSUER, json, redirectParams, SPA, WEB } from '../helpers/fixtures.js';
import { approve, oidcParams, peek, refused, setupOidc, T0, verifyIdToken } from './helpers/fixtures.js';

/** The SPA's implicit request (no PKCE parameters: there is no code). */
function implicit(responseType: string, extra: Record<string, string> = {}) {
  const params = oidcParams({ client_id: SPA.id, redirect_uri: SPA.redirect, response_type: responseType, ...extra });
  delete params.code_challenge;
  delete params.code_challenge_method;
  return params;
}

describe('OIDC implicit flow (OIDC Core §3.2)', () => {
  it('id_token: only an ID token, in the fragment, with the scope claims and no at_hash', async () => {
    const { server, validator } = setupOidc();
    validator.userClaims = { email: 'alice@example.com', phone_number: '+1 555' };
    const res = await approve(server, implicit('id_token', { scope: 'openid email' }));
    const url = new URL(res.headers.location ?? '');
    expect(url.search).to.equal('');
    const params = redirectParams(res, 'fragment');
    expect([...params.keys()].sort()).to.deep.equal(['id_token', 'iss', 'state']);
    expect(params.get('iss')).to.equal(ISSUER);
    const claims = await verifyIdToken(server, params.get('id_token') ?? '', SPA.id);
    expect(claims.nonce).to.equal('n-0S6_WzA2Mj');
    expect(claims.email).to.equal('alice@example.com');
    expect(claims).to.not.have.any.keys('phone_number', 'at_hash', 'c_hash');
    expect(validator.accessTokens.size).to.equal(0);
  });

  it('id_token token: access token and ID token in the fragment, at_hash matching the access token', async () => {
    const { server, validator } = setupOidc();
    validator.userClaims = { email: 'alice@example.com' };
    const params = redirectParams(
      await approve(server, implicit('id_token token', { scope: 'openid email' })),
      'fragment',
    );
    const accessToken = params.get('access_token') ?? '';
    expect(params.get('token_type')).to.equal('Bearer');
    expect(params.has('refresh_token')).to.equal(false);
    const claims = await verifyIdToken(server, params.get('id_token') ?? '', SPA.id);
    expect(claims.at_hash).to.equal(tokenHash(accessToken, 'RS256'));
    expect(claims.auth_time).to.equal(T0 - 60);
    // An access token is issued, so the email claim is for userinfo only.
    expect(claims).to.not.have.property('email');
    expect(validator.isActive(accessToken)).to.equal(true);
  });

  for (const responseType of ['id_token', 'id_token token']) {
    it(`${responseType} without nonce is invalid_request, in the fragment`, async () => {
      const { server } = setupOidc();
      const params = implicit(responseType);
      delete params.nonce;
      const { response } = await refused(server, params);
      const error = redirectParams(response, 'fragment');
      expect(error.get('error')).to.equal('invalid_request');
      expect(error.get('error_description')).to.equal('Request is missing mandatory nonce parameter.');
    });
  }

  it('refuses id_token without the openid scope', async () => {
    const { server } = setupOidc();
    const { error } = await refused(server, implicit('id_token', { scope: 'read' }));
    expect(error.error).to.equal('invalid_request');
    expect(error.description).to.equal('response_type id_token requires the openid scope.');
  });

  it('refuses response_mode=query for id_token', async () => {
    const { server } = setupOidc();
    const { error } = await refused(server, implicit('id_token', { response_mode: 'query' }));
    expect(error.error).to.equal('invalid_request');
  });

  it('serves only the response types listed in responseTypesSupported', async () => {
    const { server } = setupOidc({ responseTypesSupported: ['code', 'id_token'] });
    for (const type of ['id_token token', 'code id_token', 'code token', 'code id_token token', 'token']) {
      const { error } = await refused(server, implicit(type));
      expect(error.error, type).to.equal('unsupported_response_type');
    }
    expect(redirectParams(await approve(server, implicit('id_token')), 'fragment').has('id_token')).to.equal(true);
  });
});

describe('OIDC hybrid flow (OIDC Core §3.3)', () => {
  const hybrid = (responseType: string, extra: Record<string, string> = {}) =>
    oidcParams({ response_type: responseType, ...extra });

  it('code id_token: code and ID token in the fragment, c_hash of the code, no at_hash', async () => {
    const { server } = setupOidc();
    const res = await approve(server, hybrid('code id_token'));
    expect(new URL(res.headers.location ?? '').search).to.equal('');
    const params = redirectParams(res, 'fragment');
    expect([...params.keys()].sort()).to.deep.equal(['code', 'id_token', 'iss', 'state']);
    const claims = await verifyIdToken(server, params.get('id_token') ?? '');
    expect(claims.c_hash).to.equal(tokenHash(params.get('code') ?? '', 'RS256'));
    expect(claims.nonce).to.equal('n-0S6_WzA2Mj');
    expect(claims).to.not.have.property('at_hash');
  });

  it('code token: code and access token in the fragment, no ID token', async () => {
    const { server, validator } = setupOidc();
    const params = redirectParams(await approve(server, hybrid('code token')), 'fragment');
    expect([...params.keys()].sort()).to.deep.equal([
      'access_token',
      'code',
      'expires_in',
      'iss',
      'scope',
      'state',
      'token_type',
    ]);
    expect(params.get('expires_in')).to.equal('36000');
    expect(validator.isActive(params.get('access_token') ?? '')).to.equal(true);
  });

  it('code id_token token: all three, with c_hash and at_hash', async () => {
    const { server } = setupOidc();
    const params = redirectParams(await approve(server, hybrid('code id_token token')), 'fragment');
    const claims = await verifyIdToken(server, params.get('id_token') ?? '');
    expect(claims.c_hash).to.equal(tokenHash(params.get('code') ?? '', 'RS256'));
    expect(claims.at_hash).to.equal(tokenHash(params.get('access_token') ?? '', 'RS256'));
  });

  it('redeems the hybrid code at the token endpoint for an ID token with the same nonce and sub', async () => {
    const { server } = setupOidc();
    const params = redirectParams(await approve(server, hybrid('code id_token')), 'fragment');
    const front = peek(params.get('id_token') ?? '');
    const body = json(await server.createTokenResponse(exchange(params.get('code') ?? '')));
    const back = await verifyIdToken(server, String(body.id_token));
    expect(back.sub).to.equal(front.sub);
    expect(back.nonce).to.equal(front.nonce);
    expect(back).to.not.have.property('c_hash');
  });

  for (const responseType of ['code id_token', 'code id_token token']) {
    it(`${responseType} without nonce is invalid_request`, async () => {
      const { server } = setupOidc();
      const params = hybrid(responseType);
      delete params.nonce;
      const { response } = await refused(server, params);
      expect(redirectParams(response, 'fragment').get('error')).to.equal('invalid_request');
    });
  }

  it('code token needs no nonce and works without openid (no ID token then)', async () => {
    const { server } = setupOidc();
    const params = hybrid('code token', { scope: 'read' });
    delete params.nonce;
    const result = redirectParams(await approve(server, params), 'fragment');
    expect(result.has('access_token')).to.equal(true);
    expect(result.has('id_token')).to.equal(false);
  });

  it('accepts response_mode=fragment and refuses query', async () => {
    const { server } = setupOidc();
    expect((await refused(server, hybrid('code id_token', { response_mode: 'query' }))).error.error).to.equal(
      'invalid_request',
    );
    const res = await approve(server, hybrid('code id_token', { response_mode: 'fragment' }));
    expect(redirectParams(res, 'fragment').has('code')).to.equal(true);
  });

  it('requires PKCE for hybrid codes like any other code (pkceRequired)', async () => {
    const { server } = setupOidc();
    const params = hybrid('code id_token');
    delete params.code_challenge;
    delete params.code_challenge_method;
    const { error } = await refused(server, params);
    expect(error.description).to.equal('Code challenge required.');
    expect(error.responseMode).to.equal('fragment');
    expect(error.redirectUri).to.equal(WEB.redirect);
  });
});
