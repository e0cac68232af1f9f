/**
 * ID tokens in every flow and with every key (OIDC Core §3.1-§3.3): HS256 with a readable client secret, ES256,
 * key rotation (a token signed by a now-inactive key still verifies against the JWKS), the implicit and hybrid
 * response types, the `claims` and `acr_values` parameters, `id_token_hint`, and `prompt=none` with `max_age`.
 */
import { expect } from 'chai';
import { decodeJwt, decodeProtectedHeader, jwtVerify, type JWK } from 'jose';
import request from 'supertest';

import { configure } from '../../../lib/settings.js';
import { testOrm, useTransaction } from '../../helpers/db.js';
import { createAccessToken } from '../../helpers/factories.js';
import { hiddenInputs } from '../../helpers/html.js';
import {
  authorizePath,
  buildOidcApp,
  codeFlowTokens,
  EC_KEY,
  exchange,
  emptySession,
  halfHash,
  ISSUER,
  login,
  NONCE,
  oidcClient,
  oidcSettings,
  redirectParams,
  RSA_KEY,
  RSA_KEY_OLD,
  verifyWithPublishedJwks,
} from './helpers.js';

const ALL_TYPES = ['code', 'token', 'id_token', 'id_token token', 'code id_token', 'code token', 'code id_token token'];

describe('ID tokens (keys, flows, request parameters)', () => {
  const session = emptySession();
  const em = useTransaction({ settings: oidcSettings(session, { responseTypesSupported: ALL_TYPES }) });

  it('signs HS256 with the readable client secret and never publishes it', async () => {
    const { user, application, clientSecret } = await oidcClient(em(), {
      algorithm: 'HS256',
      hashClientSecret: false,
    });
    login(session, user);
    const app = buildOidcApp(em, session);
    const tokens = await codeFlowTokens(app, application, clientSecret);
    expect(decodeProtectedHeader(tokens.id_token ?? '').alg).to.equal('HS256');
    const { payload } = await jwtVerify(tokens.id_token ?? '', new TextEncoder().encode(clientSecret), {
      issuer: ISSUER,
      audience: application.clientId,
    });
    expect(payload.sub).to.equal(String(user.id));
    const { keys } = (await request(app.callback()).get('/o/.well-known/jwks.json')).body as { keys: JWK[] };
    expect(keys.map((k) => k.kty)).to.deep.equal(['RSA']);
  });

  it('signs ES256 with the configured EC key, published in the JWKS', async () => {
    configure({ orm: testOrm(), ...oidcSettings(session, { oidcEcPrivateKey: EC_KEY }) });
    const { user, application, clientSecret } = await oidcClient(em(), { algorithm: 'ES256' });
    login(session, user);
    const app = buildOidcApp(em, session);
    const tokens = await codeFlowTokens(app, application, clientSecret);
    expect(decodeProtectedHeader(tokens.id_token ?? '').alg).to.equal('ES256');
    const claims = await verifyWithPublishedJwks(app, tokens.id_token ?? '', application.clientId);
    expect(claims.sub).to.equal(String(user.id));
  });

  it('keeps verifying a token signed by a key that became inactive (rotation)', async () => {
    const { user, application, clientSecret } = await oidcClient(em());
    login(session, user);
    const before = await codeFlowTokens(buildOidcApp(em, session), application, clientSecret);
    configure({
      orm: testOrm(),
      ...oidcSettings(session, { oidcRsaPrivateKey: RSA_KEY_OLD, oidcRsaPrivateKeysInactive: [RSA_KEY] }),
    });
    const app = buildOidcApp(em, session);
    const { keys } = (await request(app.callback()).get('/o/.well-known/jwks.json')).body as { keys: JWK[] };
    expect(keys).to.have.length(2);
    await verifyWithPublishedJwks(app, before.id_token ?? '', application.clientId);
    const after = await codeFlowTokens(app, application, clientSecret);
    await verifyWithPublishedJwks(app, after.id_token ?? '', application.clientId);
    expect(decodeProtectedHeader(after.id_token ?? '').kid).to.equal(keys[0]?.kid);
    expect(decodeProtectedHeader(before.id_token ?? '').kid).to.equal(keys[1]?.kid);
  });

  it('implicit id_token: the scope claims go in the ID token, since no access token is issued', async () => {
    const { user, application } = await oidcClient(em(), { authorizationGrantType: 'implicit' });
    login(session, user);
    const app = buildOidcApp(em, session);
    const res = await request(app.callback()).get(
      authorizePath(application.clientId, { response_type: 'id_token', scope: 'openid email' }),
    );
    const params = redirectParams(res, 'fragment');
    expect(params.has('access_token')).to.equal(false);
    const claims = await verifyWithPublishedJwks(app, params.get('id_token') ?? '', application.clientId);
    expect(claims.email).to.equal('alice@example.com');
    expect(claims.nonce).to.equal(NONCE);
    expect(claims).not.to.have.property('at_hash');
    expect(params.get('state')).to.equal('st');
  });

  it('implicit id_token token: at_hash binds the access token; a missing nonce is refused', async () => {
    const { user, application } = await oidcClient(em(), { authorizationGrantType: 'implicit' });
    login(session, user);
    const app = buildOidcApp(em, session);
    const res = await request(app.callback()).get(
      authorizePath(application.clientId, { response_type: 'id_token token' }),
    );
    const params = redirectParams(res, 'fragment');
    const claims = await verifyWithPublishedJwks(app, params.get('id_token') ?? '', application.clientId);
    expect(claims.at_hash).to.equal(halfHash(params.get('access_token') ?? ''));
    const noNonce = await request(app.callback()).get(
      authorizePath(application.clientId, { response_type: 'id_token token', nonce: '' }),
    );
    expect(redirectParams(noNonce, 'fragment').get('error')).to.equal('invalid_request');
  });

  it('hybrid code id_token token: c_hash and at_hash; the code then gives another ID token', async () => {
    const { user, application, clientSecret } = await oidcClient(em(), { authorizationGrantType: 'openid-hybrid' });
    login(session, user);
    const app = buildOidcApp(em, session);
    const res = await request(app.callback()).get(
      authorizePath(application.clientId, { response_type: 'code id_token token' }),
    );
    const params = redirectParams(res, 'fragment');
    const code = params.get('code') ?? '';
    const claims = await verifyWithPublishedJwks(app, params.get('id_token') ?? '', application.clientId);
    expect(claims.c_hash).to.equal(halfHash(code));
    expect(claims.at_hash).to.equal(halfHash(params.get('access_token') ?? ''));
    const token = await exchange(app, application, clientSecret, code);
    expect(token.status, token.text).to.equal(200);
    const fromCode = await verifyWithPublishedJwks(app, token.body.id_token as string, application.clientId);
    expect(fromCode.sub).to.equal(claims.sub);
  });

  it('the claims parameter puts a granted standard claim into the ID token, never an ungranted one', async () => {
    const { user, application, clientSecret } = await oidcClient(em());
    login(session, user);
    const app = buildOidcApp(em, session);
    const claims = JSON.stringify({ id_token: { email: null, name: { essential: true } } });
    const granted = await codeFlowTokens(app, application, clientSecret, { scope: 'openid email', claims });
    const payload = decodeJwt(granted.id_token ?? '');
    expect(payload.email).to.equal('alice@example.com');
    expect(payload).not.to.have.property('name');
  });

  it('the claims parameter survives the consent form (hidden field, JSON round trip)', async () => {
    const { user, application, clientSecret } = await oidcClient(em(), { skipAuthorization: false });
    login(session, user);
    const app = buildOidcApp(em, session);
    const agent = request.agent(app.callback());
    const claims = JSON.stringify({ id_token: { email: null } });
    const page = await agent.get(authorizePath(application.clientId, { scope: 'openid email', claims }));
    expect(page.status, page.text).to.equal(200);
    const fields = hiddenInputs(page.text);
    expect(JSON.parse(fields['claims'] ?? '')).to.deep.equal({ id_token: { email: null } });
    const approved = await agent
      .post('/o/authorize/')
      .type('form')
      .send({ ...fields, allow: 'Authorize' });
    const code = redirectParams(approved).get('code') ?? '';
    const token = await exchange(app, application, clientSecret, code);
    expect(token.status, token.text).to.equal(200);
    expect(decodeJwt(token.body.id_token as string).email).to.equal('alice@example.com');
  });

  it('acr_values asks for acr, taken from the getAcr hook', async () => {
    configure({ orm: testOrm(), ...oidcSettings(session, { getAcr: () => 'urn:example:loa:2' }) });
    const { user, application, clientSecret } = await oidcClient(em());
    login(session, user);
    const app = buildOidcApp(em, session);
    const asked = await codeFlowTokens(app, application, clientSecret, { acr_values: 'urn:example:loa:2' });
    expect(decodeJwt(asked.id_token ?? '').acr).to.equal('urn:example:loa:2');
    const notAsked = await codeFlowTokens(app, application, clientSecret);
    expect(decodeJwt(notAsked.id_token ?? '')).not.to.have.property('acr');
  });

  it("id_token_hint must name the logged-in user: another user's hint is login_required", async () => {
    const { user, application, clientSecret } = await oidcClient(em());
    const other = await oidcClient(em());
    login(session, user);
    const app = buildOidcApp(em, session);
    const mine = await codeFlowTokens(app, application, clientSecret);
    const again = await request(app.callback()).get(
      authorizePath(application.clientId, { id_token_hint: mine.id_token ?? '' }),
    );
    expect(redirectParams(again).has('code')).to.equal(true);
    login(session, other.user);
    const mismatch = await request(app.callback()).get(
      authorizePath(application.clientId, { id_token_hint: mine.id_token ?? '' }),
    );
    expect(redirectParams(mismatch).get('error')).to.equal('login_required');
    const forged = await request(app.callback()).get(
      authorizePath(application.clientId, { id_token_hint: `${mine.id_token ?? ''}x` }),
    );
    expect(redirectParams(forged).get('error')).to.equal('invalid_request');
  });

  it('a NUL in a parameter (the nonce, which is stored) is invalid_request on the 400 page, never a 500', async () => {
    const { user, application } = await oidcClient(em(), { skipAuthorization: true });
    login(session, user);
    const res = await request(buildOidcApp(em, session).callback()).get(
      authorizePath(application.clientId, { nonce: 'n\0' }),
    );
    expect(res.status, res.text).to.equal(400);
    expect(res.headers['location']).to.equal(undefined);
    expect(res.text).to.include('<h2>Error: invalid_request</h2>');
  });

  it('prompt=none: a code with consent on record, consent_required without, login_required past max_age', async () => {
    const { user, application } = await oidcClient(em(), { skipAuthorization: false });
    login(session, user, new Date(Date.now() - 7_200_000));
    const app = buildOidcApp(em, session);
    const none = await request(app.callback()).get(authorizePath(application.clientId, { prompt: 'none' }));
    expect(redirectParams(none).get('error')).to.equal('consent_required');
    await createAccessToken(em(), { application, user, scope: 'openid' });
    const silent = await request(app.callback()).get(authorizePath(application.clientId, { prompt: 'none' }));
    expect(redirectParams(silent).has('code')).to.equal(true);
    const stale = await request(app.callback()).get(
      authorizePath(application.clientId, { prompt: 'none', max_age: '3600' }),
    );
    expect(redirectParams(stale).get('error')).to.equal('login_required');
  });

  it('max_age past the login time sends the user to log in again (OIDC Core §3.1.2.1); a fresh login gets a code', async () => {
    const { user, application } = await oidcClient(em(), { skipAuthorization: true });
    login(session, user, new Date(Date.now() - 7_200_000));
    const app = buildOidcApp(em, session);
    const path = authorizePath(application.clientId, { max_age: '60' });
    const stale = await request(app.callback()).get(path);
    expect(stale.status).to.equal(302);
    const location = new URL(stale.headers['location'] as string, 'http://x');
    expect(location.pathname).to.equal('/accounts/login/');
    expect(location.searchParams.get('next')).to.equal(path);
    login(session, user, new Date());
    const fresh = await request(app.callback()).get(path);
    expect(redirectParams(fresh).has('code')).to.equal(true);
  });
});
