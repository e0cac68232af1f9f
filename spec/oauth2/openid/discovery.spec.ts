import { expect } from 'chai';
import { OpenIDServer } from '../../../lib/oauth2/index.js';
import { ISSUER, json } from '../helpers/fixtures.js';
import { OpenIDMemoryValidator } from './helpers/openid-validator.js';
import { EC_KEY, RSA_KEY, RSA_KEY_OLD, setupOidc } from './helpers/fixtures.js';

describe('OIDC discovery and JWKS (OIDC Discovery 1.0 §3, §4)', () => {
  it('builds the document from the configured URLs, listing exactly what is enabled', async () => {
    const { server } = setupOidc();
    const res = server.createDiscoveryResponse();
    expect(res.status).to.equal(200);
    expect(res.headers['access-control-allow-origin']).to.equal('*');
    const doc = json(res);
    expect(Object.keys(doc)[0]).to.equal('issuer');
    expect(doc).to.deep.equal({
      issuer: ISSUER,
      authorization_endpoint: `${ISSUER}/o/authorize/`,
      token_endpoint: `${ISSUER}/o/token/`,
      userinfo_endpoint: `${ISSUER}/o/userinfo/`,
      jwks_uri: `${ISSUER}/o/.well-known/jwks.json`,
      scopes_supported: ['read', 'write', 'openid', 'profile'],
      response_types_supported: [
        'code',
        'token',
        'id_token',
        'id_token token',
        'code id_token',
        'code token',
        'code id_token token',
      ],
      response_modes_supported: ['query', 'fragment'],
      grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token', 'implicit'],
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
      ],
      claims_parameter_supported: true,
      request_parameter_supported: false,
      request_uri_parameter_supported: false,
      prompt_values_supported: ['none', 'login', 'consent', 'select_account'],
      authorization_response_iss_parameter_supported: true,
      revocation_endpoint: `${ISSUER}/o/revoke_token/`,
      revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      introspection_endpoint: `${ISSUER}/o/introspect/`,
      introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    });
  });

  it('adds openid to the scopes, ES256 with an EC key, end_session_endpoint when logout is on', () => {
    const { server } = setupOidc({
      scopes: ['read'],
      responseTypesSupported: ['code'],
      oidcEcPrivateKey: EC_KEY,
      endSessionEndpoint: `${ISSUER}/o/logout/`,
      pkceCodeChallengeMethods: ['S256', 'plain'],
    });
    const doc = server.openIDConfiguration();
    expect(doc.scopes_supported).to.deep.equal(['read', 'openid']);
    expect(doc.response_types_supported).to.deep.equal(['code']);
    expect(doc.response_modes_supported).to.deep.equal(['query', 'fragment']);
    expect(doc.grant_types_supported).to.deep.equal(['authorization_code', 'client_credentials', 'refresh_token']);
    expect(doc.id_token_signing_alg_values_supported).to.deep.equal(['RS256', 'ES256', 'HS256']);
    expect(doc.end_session_endpoint).to.equal(`${ISSUER}/o/logout/`);
    expect(doc.code_challenge_methods_supported).to.deep.equal(['S256', 'plain']);
    expect(Object.keys(doc).indexOf('end_session_endpoint')).to.equal(Object.keys(doc).indexOf('jwks_uri') + 1);
  });

  it('never takes a URL from the request: the document has no input but the options', () => {
    const { server } = setupOidc({ userinfoEndpoint: null, authorizationResponseIss: false });
    const doc = server.openIDConfiguration();
    expect(doc).to.not.have.property('userinfo_endpoint');
    expect(doc.authorization_response_iss_parameter_supported).to.equal(false);
    for (const [name, value] of Object.entries(doc)) {
      if (name.endsWith('_endpoint') || name === 'jwks_uri')
        expect(String(value).startsWith(`${ISSUER}/`), name).to.equal(true);
    }
  });

  it('answers the JWKS with the active and inactive keys, cacheable for oidcJwksMaxAgeSeconds', async () => {
    const { server } = setupOidc({ oidcRsaPrivateKeysInactive: [RSA_KEY_OLD], oidcJwksMaxAgeSeconds: 120 });
    const res = await server.createJwksResponse();
    expect(res.headers['cache-control']).to.equal(
      'public, max-age=120, stale-while-revalidate=120, stale-if-error=120',
    );
    expect(res.headers['access-control-allow-origin']).to.equal('*');
    const body = json(res) as { keys: { kid: string }[] };
    expect(body.keys.map((k) => k.kid)).to.deep.equal((await server.jwks()).keys.map((k) => k.kid));
    expect(body.keys).to.have.length(2);
  });

  it('needs the issuer to serve OpenID Connect (ERR_IMPROPERLY_CONFIGURED at construction)', () => {
    const validator = new OpenIDMemoryValidator();
    expect(() => new OpenIDServer(validator, { oidcEnabled: true, oidcRsaPrivateKey: RSA_KEY })).to.throw(
      'OpenID Connect needs the issuer setting.',
    );
    // Off, the same options build a plain OAuth server.
    expect(new OpenIDServer(validator, { oidcRsaPrivateKey: RSA_KEY }).options.oidcEnabled).to.equal(false);
  });
});
