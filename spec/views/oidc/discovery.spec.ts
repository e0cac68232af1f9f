/**
 * ConnectDiscoveryInfoView and JwksInfoView (OIDC Discovery 1.0 §3-§4, RFC 7517): the exact document, built from
 * the issuer setting and never the Host header, listing exactly what is enabled; the key set with its cache headers.
 */
import { expect } from 'chai';
import type { JWK } from 'jose';
import request from 'supertest';

import { ImproperlyConfigured } from '../../../lib/errors.js';
import { Server } from '../../../lib/oauth2/servers.js';
import { configure } from '../../../lib/settings.js';
import { testOrm, useTransaction } from '../../helpers/db.js';
import { buildOidcApp, EC_KEY, emptySession, ISSUER, oidcSettings, RSA_KEY_OLD } from './helpers.js';

const CONFIG = '/o/.well-known/openid-configuration';

/** The document for the spec's settings: every URL under the issuer, only the code flow enabled. */
const EXPECTED = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/authorize/`,
  token_endpoint: `${ISSUER}/token/`,
  userinfo_endpoint: `${ISSUER}/userinfo/`,
  jwks_uri: `${ISSUER}/.well-known/jwks.json`,
  scopes_supported: ['openid', 'profile', 'email', 'read', 'write'],
  response_types_supported: ['code'],
  response_modes_supported: ['query', 'fragment'],
  grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
  subject_types_supported: ['public'],
  id_token_signing_alg_values_supported: ['RS256', 'HS256'],
  token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
  code_challenge_methods_supported: ['S256'],
  claims_supported: [
    'sub',
    'iss',
    'aud',
    'exp',
    'iat',
    'auth_time',
    'nonce',
    'acr',
    'at_hash',
    'c_hash',
    'name',
    'family_name',
    'given_name',
    'middle_name',
    'nickname',
    'preferred_username',
    'profile',
    'picture',
    'website',
    'gender',
    'birthdate',
    'zoneinfo',
    'locale',
    'updated_at',
    'email',
    'email_verified',
  ],
  claims_parameter_supported: true,
  request_parameter_supported: false,
  request_uri_parameter_supported: false,
  prompt_values_supported: ['none', 'login', 'consent', 'select_account'],
  authorization_response_iss_parameter_supported: true,
  revocation_endpoint: `${ISSUER}/revoke_token/`,
  revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
  introspection_endpoint: `${ISSUER}/introspect/`,
  introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
};

describe('ConnectDiscoveryInfoView', () => {
  const session = emptySession();
  const em = useTransaction({ settings: oidcSettings(session) });

  it('serves exactly the enabled features, every URL under the issuer, readable from any origin', async () => {
    const res = await request(buildOidcApp(em, session).callback()).get(CONFIG);
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/^application\/json/);
    expect(res.headers['access-control-allow-origin']).to.equal('*');
    expect(res.body).to.deep.equal(EXPECTED);
    expect(Object.keys(res.body as object)).to.deep.equal(Object.keys(EXPECTED));
  });

  it('answers with and without the trailing slash, the same document', async () => {
    const app = buildOidcApp(em, session).callback();
    const plain = await request(app).get(CONFIG);
    const slash = await request(app).get(`${CONFIG}/`);
    expect(slash.status).to.equal(200);
    expect(slash.body).to.deep.equal(plain.body);
  });

  it('never takes a URL from the Host header or X-Forwarded-*', async () => {
    const res = await request(buildOidcApp(em, session).callback())
      .get(CONFIG)
      .set('Host', 'evil.example')
      .set('X-Forwarded-Host', 'evil.example')
      .set('X-Forwarded-Proto', 'http');
    expect(res.body).to.deep.equal(EXPECTED);
    expect(res.text).not.to.include('evil.example');
  });

  it('lists end_session_endpoint only with RP-initiated logout, and ES256 only with an EC key', async () => {
    configure({
      orm: testOrm(),
      ...oidcSettings(session, { oidcRpInitiatedLogoutEnabled: true, oidcEcPrivateKey: EC_KEY }),
    });
    const res = await request(buildOidcApp(em, session).callback()).get(CONFIG);
    expect(res.body.end_session_endpoint).to.equal(`${ISSUER}/logout/`);
    expect(res.body.id_token_signing_alg_values_supported).to.deep.equal(['RS256', 'ES256', 'HS256']);
  });

  it('lists the implicit and hybrid response types when they are enabled', async () => {
    const types = ['code', 'id_token', 'code id_token'];
    configure({ orm: testOrm(), ...oidcSettings(session, { responseTypesSupported: types }) });
    const res = await request(buildOidcApp(em, session).callback()).get(CONFIG);
    expect(res.body.response_types_supported).to.deep.equal(types);
  });

  it('names the configuration mistake (a server class without OIDC) instead of guessing', async () => {
    configure({ orm: testOrm(), ...oidcSettings(session, { oauth2ServerClass: Server }) });
    const app = buildOidcApp(em, session);
    const errors: unknown[] = [];
    app.on('error', (error: unknown) => errors.push(error));
    expect((await request(app.callback()).get(CONFIG)).status).to.equal(500);
    expect(errors[0]).to.be.instanceOf(ImproperlyConfigured);
  });

  it('is never served without an issuer: building the routes refuses it', () => {
    configure({ orm: testOrm(), ...oidcSettings(session, { issuer: '' }) });
    expect(() => buildOidcApp(em, session)).to.throw(ImproperlyConfigured, /oauth2Routes\(\) needs the issuer/);
  });

  it('puts jwks_uri into the RFC 8414 document too, and refuses POST with 405', async () => {
    const app = buildOidcApp(em, session).callback();
    const metadata = await request(app).get('/.well-known/oauth-authorization-server/o');
    expect(metadata.body.jwks_uri).to.equal(`${ISSUER}/.well-known/jwks.json`);
    const post = await request(app).post(CONFIG);
    expect(post.status).to.equal(405);
  });
});

describe('JwksInfoView', () => {
  const session = emptySession();
  const em = useTransaction({ settings: oidcSettings(session, { oidcJwksMaxAgeSeconds: 600 }) });

  it('publishes the public RS256 key with its thumbprint kid, cacheable for oidcJwksMaxAgeSeconds', async () => {
    const res = await request(buildOidcApp(em, session).callback()).get('/o/.well-known/jwks.json');
    expect(res.status).to.equal(200);
    expect(res.headers['cache-control']).to.equal(
      'public, max-age=600, stale-while-revalidate=600, stale-if-error=600',
    );
    expect(res.headers['access-control-allow-origin']).to.equal('*');
    const { keys } = res.body as { keys: JWK[] };
    expect(keys).to.have.length(1);
    expect(keys[0]).to.include({ kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' });
    expect(keys[0])
      .to.have.property('kid')
      .that.matches(/^[A-Za-z0-9_-]{43}$/);
    // Never a private part.
    for (const part of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(keys[0]).not.to.have.property(part);
  });

  it('publishes the inactive keys after the active ones (rotation) and an EC key', async () => {
    configure({
      orm: testOrm(),
      ...oidcSettings(session, { oidcRsaPrivateKeysInactive: [RSA_KEY_OLD], oidcEcPrivateKey: EC_KEY }),
    });
    const res = await request(buildOidcApp(em, session).callback()).get('/o/.well-known/jwks.json');
    const { keys } = res.body as { keys: JWK[] };
    expect(keys.map((k) => k.alg)).to.deep.equal(['RS256', 'RS256', 'ES256']);
    expect(new Set(keys.map((k) => k.kid)).size).to.equal(3);
    expect(keys[2]).to.include({ kty: 'EC', crv: 'P-256' });
  });

  it('answers 404 while OIDC is off', async () => {
    configure({ orm: testOrm(), ...oidcSettings(session, { oidcEnabled: false }) });
    const app = buildOidcApp(em, session).callback();
    expect((await request(app).get('/o/.well-known/jwks.json')).status).to.equal(404);
    expect((await request(app).get(CONFIG)).status).to.equal(404);
  });
});
