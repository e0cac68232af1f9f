import { expect } from 'chai';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { tokenHash } from '../../../lib/oauth2/index.js';
import { basic, exchange, ISSUER, json, post, redirectParams, VERIFIER, WEB } from '../helpers/fixtures.js';
import {
  ALICE,
  approve,
  EC_KEY,
  ES,
  HS,
  oidcCode,
  oidcParams,
  peek,
  PLAIN,
  RSA_KEY,
  RSA_KEY_OLD,
  refused,
  setupOidc,
  T0,
  verifyIdToken,
} from './helpers/fixtures.js';

/** Exchange a code of `client` (id, secret, redirect) and return the JSON token response. */
async function tokensFor(server: ReturnType<typeof setupOidc>['server'], client: typeof HS, code: string) {
  const body = { grant_type: 'authorization_code', code, redirect_uri: client.redirect, code_verifier: VERIFIER };
  const res = await server.createTokenResponse(post(body, { Authorization: basic(client.id, client.secret) }));
  return { status: res.status, body: json(res) };
}

function clientParams(client: typeof HS, extra: Record<string, string> = {}) {
  return oidcParams({ client_id: client.id, redirect_uri: client.redirect, ...extra });
}

describe('OIDC authorization code flow: the ID token (OIDC Core §3.1.3.6)', () => {
  it('returns an RS256 ID token with iss, sub, aud, exp, iat, auth_time, nonce, at_hash and jti', async () => {
    const { server } = setupOidc();
    const res = await server.createTokenResponse(exchange(await oidcCode(server)));
    const body = json(res);
    const idToken = String(body.id_token);
    const claims = await verifyIdToken(server, idToken);
    expect(claims.iss).to.equal(ISSUER);
    expect(claims.sub).to.equal('42');
    expect(claims.aud).to.equal(WEB.id);
    expect(claims.iat).to.equal(T0);
    expect(claims.exp).to.equal(T0 + 36000);
    expect(claims.auth_time).to.equal(T0 - 60);
    expect(claims.nonce).to.equal('n-0S6_WzA2Mj');
    expect(claims.at_hash).to.equal(tokenHash(String(body.access_token), 'RS256'));
    expect(claims.jti).to.be.a('string');
    expect(claims).to.not.have.any.keys('c_hash', 'azp', 'acr');
    const header = decodeProtectedHeader(idToken);
    expect(header.alg).to.equal('RS256');
    expect(header.kid).to.equal((await server.jwks()).keys[0]?.kid);
  });

  it('stores the ID token (DOT IDToken row) with jti, client, user, scopes and expiry', async () => {
    const { server, validator } = setupOidc();
    const body = json(await server.createTokenResponse(exchange(await oidcCode(server))));
    expect(validator.idTokens).to.have.length(1);
    const record = validator.idTokens[0];
    expect(record?.jti).to.equal(peek(String(body.id_token)).jti);
    expect(record?.clientId).to.equal(WEB.id);
    expect(record?.user).to.deep.equal(ALICE);
    expect(record?.scopes).to.deep.equal(['openid']);
    expect(record?.expiresAt.getTime()).to.equal((T0 + 36000) * 1000);
    expect(record?.token).to.equal(body.id_token);
  });

  it('uses idTokenExpireSeconds for exp', async () => {
    const { server } = setupOidc({ idTokenExpireSeconds: 300 });
    const body = json(await server.createTokenResponse(exchange(await oidcCode(server))));
    expect(peek(String(body.id_token)).exp).to.equal(T0 + 300);
  });

  it('leaves nonce and auth_time out when the request and login did not have them', async () => {
    const { server } = setupOidc();
    const params = oidcParams();
    delete params.nonce;
    const code = await oidcCode(server, params, { authTime: null });
    const claims = peek(String(json(await server.createTokenResponse(exchange(code))).id_token));
    expect(claims).to.not.have.any.keys('nonce', 'auth_time');
  });

  it('issues no ID token without the openid scope', async () => {
    const { server, validator } = setupOidc();
    const body = json(
      await server.createTokenResponse(exchange(await oidcCode(server, oidcParams({ scope: 'read' })))),
    );
    expect(body).to.not.have.property('id_token');
    expect(validator.idTokens).to.have.length(0);
  });

  it('keeps scope claims for userinfo: the ID token carries only the app’s own claims (OIDC Core §5.4)', async () => {
    const { server, validator } = setupOidc();
    validator.userClaims = { email: 'alice@example.com', name: 'Alice', tenant: 't1', sub: 'evil', iss: 'evil' };
    const code = await oidcCode(server, oidcParams({ scope: 'openid email profile' }));
    const claims = await verifyIdToken(server, String(json(await server.createTokenResponse(exchange(code))).id_token));
    expect(claims.tenant).to.equal('t1');
    expect(claims.sub).to.equal('42');
    expect(claims.iss).to.equal(ISSUER);
    expect(claims).to.not.have.any.keys('email', 'name');
    expect(validator.claimScopes.at(-1)).to.deep.equal(['openid', 'email', 'profile']);
  });

  it('puts the claims the claims parameter asks for in id_token, within the granted scopes (OIDC Core §5.5)', async () => {
    const { server, validator } = setupOidc();
    validator.userClaims = { email: 'alice@example.com', phone_number: '+1 555', name: 'Alice' };
    const request = { id_token: { email: { essential: true }, phone_number: null }, userinfo: { name: null } };
    const code = await oidcCode(server, oidcParams({ scope: 'openid email', claims: JSON.stringify(request) }));
    const claims = peek(String(json(await server.createTokenResponse(exchange(code))).id_token));
    expect(claims.email).to.equal('alice@example.com');
    // phone was not granted, so the claims parameter cannot release it.
    expect(claims).to.not.have.any.keys('phone_number', 'name');
  });

  it('adds acr when the client asked for it through claims or acr_values', async () => {
    const { server } = setupOidc();
    const viaClaims = oidcParams({ claims: JSON.stringify({ id_token: { acr: { essential: true } } }) });
    const a = peek(
      String(
        json(await server.createTokenResponse(exchange(await oidcCode(server, viaClaims, { acr: 'urn:mfa' }))))
          .id_token,
      ),
    );
    expect(a.acr).to.equal('urn:mfa');
    const viaValues = oidcParams({ acr_values: 'urn:mfa urn:pwd' });
    const b = peek(
      String(
        json(await server.createTokenResponse(exchange(await oidcCode(server, viaValues, { acr: 'urn:pwd' }))))
          .id_token,
      ),
    );
    expect(b.acr).to.equal('urn:pwd');
    const unasked = peek(
      String(
        json(await server.createTokenResponse(exchange(await oidcCode(server, oidcParams(), { acr: 'urn:pwd' }))))
          .id_token,
      ),
    );
    expect(unasked).to.not.have.property('acr');
  });

  it('signs with HS256 and the client secret for an HS256 client, without a kid', async () => {
    const { server } = setupOidc();
    const { status, body } = await tokensFor(server, HS, await oidcCode(server, clientParams(HS)));
    expect(status).to.equal(200);
    const idToken = String(body.id_token);
    expect(decodeProtectedHeader(idToken)).to.deep.equal({ alg: 'HS256', typ: 'JWT' });
    const secret = new TextEncoder().encode(HS.secret);
    const { payload } = await jwtVerify(idToken, secret, {
      issuer: ISSUER,
      audience: HS.id,
      currentDate: new Date(T0 * 1000),
    });
    expect(payload.at_hash).to.equal(tokenHash(String(body.access_token), 'HS256'));
  });

  it('refuses HS256 when the secret is not stored readable: unauthorized_client at authorization', async () => {
    const { server, validator } = setupOidc();
    validator.readableSecrets.delete(HS.id);
    const { response } = await refused(server, clientParams(HS));
    const params = redirectParams(response, 'query');
    expect(params.get('error')).to.equal('unauthorized_client');
    expect(params.get('state')).to.equal('xyz');
  });

  it('signs with ES256 and the EC key, verifiable with the published JWKS', async () => {
    const { server } = setupOidc({ oidcEcPrivateKey: EC_KEY });
    const { body } = await tokensFor(server, ES, await oidcCode(server, clientParams(ES)));
    const idToken = String(body.id_token);
    expect(decodeProtectedHeader(idToken).alg).to.equal('ES256');
    const claims = await verifyIdToken(server, idToken, ES.id);
    expect(claims.sub).to.equal('42');
  });

  it('answers unauthorized_client for an ES256 client when no EC key is configured', async () => {
    const { server } = setupOidc();
    const params = redirectParams((await refused(server, clientParams(ES))).response, 'query');
    expect(params.get('error')).to.equal('unauthorized_client');
    expect(params.get('error_description')).to.contain('ES256');
  });

  it('answers unauthorized_client, redirected, for an openid request of a client with no algorithm', async () => {
    const { server } = setupOidc();
    const res = (await refused(server, clientParams(PLAIN))).response;
    const params = redirectParams(res, 'query');
    expect(res.headers.location?.startsWith(PLAIN.redirect)).to.equal(true);
    expect(params.get('error')).to.equal('unauthorized_client');
    expect(params.get('error_description')).to.equal(
      'This client is not configured to receive ID tokens (no algorithm).',
    );
    // Without openid the same client works as a plain OAuth client.
    const ok = redirectParams(await approve(server, clientParams(PLAIN, { scope: 'read' })), 'query');
    expect(ok.get('code')).to.be.a('string');
  });

  it('answers unauthorized_client (400 JSON) at the token endpoint if the client lost its algorithm meanwhile', async () => {
    const { server, validator } = setupOidc();
    const code = await oidcCode(server);
    validator.algorithms.set(WEB.id, '');
    const res = await server.createTokenResponse(exchange(code));
    expect(res.status).to.equal(400);
    expect(json(res).error).to.equal('unauthorized_client');
    expect(res.headers['cache-control']).to.equal('no-store');
  });

  it('keeps verifying tokens signed by a rotated-out key, which stays in the JWKS (key rotation)', async () => {
    const before = setupOidc({ oidcRsaPrivateKey: RSA_KEY_OLD });
    const oldToken = String(
      json(await before.server.createTokenResponse(exchange(await oidcCode(before.server)))).id_token,
    );
    const after = setupOidc({ oidcRsaPrivateKey: RSA_KEY, oidcRsaPrivateKeysInactive: [RSA_KEY_OLD] });
    const newToken = String(
      json(await after.server.createTokenResponse(exchange(await oidcCode(after.server)))).id_token,
    );
    const jwks = await after.server.jwks();
    expect(jwks.keys).to.have.length(2);
    const set = createLocalJWKSet(jwks);
    const at = { currentDate: new Date(T0 * 1000) };
    expect((await jwtVerify(oldToken, set, at)).protectedHeader.kid).to.equal(jwks.keys[1]?.kid);
    expect((await jwtVerify(newToken, set, at)).protectedHeader.kid).to.equal(jwks.keys[0]?.kid);
  });
});
