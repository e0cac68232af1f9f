import { expect } from 'chai';
import {
  BackendApplicationServer,
  LegacyApplicationServer,
  MobileApplicationServer,
  WebApplicationServer,
} from '../../../lib/oauth2/index.js';
import { ISSUER, setup } from '../helpers/fixtures.js';

describe('oauth2/endpoints/metadata', () => {
  it('RFC 8414 §2: the default document lists exactly what is enabled', () => {
    const { server } = setup();
    const res = server.createMetadataResponse();
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.equal('application/json');
    expect(res.headers['access-control-allow-origin']).to.equal('*');
    expect(JSON.parse(res.body)).to.deep.equal({
      issuer: ISSUER,
      authorization_endpoint: `${ISSUER}/o/authorize/`,
      token_endpoint: `${ISSUER}/o/token/`,
      scopes_supported: ['read', 'write'],
      response_types_supported: ['code'],
      response_modes_supported: ['query', 'fragment'],
      grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      revocation_endpoint: `${ISSUER}/o/revoke_token/`,
      revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      introspection_endpoint: `${ISSUER}/o/introspect/`,
      introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
    });
  });

  it('RFC 8414 §2 / RFC 9207 §3: enabling implicit, password and plain shows up; iss support follows the option', () => {
    const { server } = setup({
      responseTypesSupported: ['code', 'token'],
      grantTypesSupported: ['authorization_code', 'password', 'refresh_token'],
      pkceCodeChallengeMethods: ['S256', 'plain'],
      authorizationResponseIss: false,
      jwksUri: `${ISSUER}/jwks`,
    });
    const doc = server.metadata();
    expect(doc.response_types_supported).to.deep.equal(['code', 'token']);
    expect(doc.grant_types_supported).to.deep.equal(['authorization_code', 'password', 'refresh_token', 'implicit']);
    expect(doc.code_challenge_methods_supported).to.deep.equal(['S256', 'plain']);
    expect(doc.authorization_response_iss_parameter_supported).to.equal(false);
    expect(doc.jwks_uri).to.equal(`${ISSUER}/jwks`);
  });

  it('RFC 8414 §2: a code response type without the authorization_code grant is not enabled', () => {
    const { server } = setup({ grantTypesSupported: ['client_credentials'] });
    const doc = server.metadata();
    expect(doc.response_types_supported).to.deep.equal([]);
    expect(doc).to.not.have.property('authorization_endpoint');
    expect(doc).to.not.have.property('code_challenge_methods_supported');
  });

  it('RFC 8414 §2: each composition advertises only its flows', () => {
    const web = setup(
      { grantTypesSupported: ['authorization_code', 'password', 'client_credentials', 'refresh_token'] },
      WebApplicationServer,
    );
    expect(web.server.metadata().grant_types_supported).to.deep.equal(['authorization_code', 'refresh_token']);
    const mobile = setup({ responseTypesSupported: ['code', 'token'] }, MobileApplicationServer);
    const doc = mobile.server.metadata();
    expect(doc.response_types_supported).to.deep.equal(['token']);
    expect(doc.response_modes_supported).to.deep.equal(['fragment']);
    expect(doc.grant_types_supported).to.deep.equal(['implicit']);
    expect(doc).to.not.have.property('token_endpoint');
    const legacy = setup({ grantTypesSupported: ['password', 'refresh_token'] }, LegacyApplicationServer);
    expect(legacy.server.metadata().grant_types_supported).to.deep.equal(['password', 'refresh_token']);
    const backend = setup({}, BackendApplicationServer);
    expect(backend.server.metadata().grant_types_supported).to.deep.equal(['client_credentials']);
  });

  it('RFC 8414 §2: without an issuer or endpoints configured they are left out', () => {
    const { server } = setup({ issuer: null, authorizationEndpoint: null, scopes: [] });
    const doc = server.metadata();
    expect(doc).to.not.have.property('issuer');
    expect(doc).to.not.have.property('authorization_endpoint');
    expect(doc).to.not.have.property('scopes_supported');
    expect(doc.authorization_response_iss_parameter_supported).to.equal(false);
  });
});
