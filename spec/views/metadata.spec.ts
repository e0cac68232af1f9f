import Router from '@koa/router';
import { expect } from 'chai';
import Koa from 'koa';
import request from 'supertest';
import { useTransaction, testOrm } from '../helpers/db.js';
import { buildApp } from '../helpers/app.js';
import { ImproperlyConfigured } from '../../lib/errors.js';
import { configure } from '../../lib/settings.js';
import { oauth2MetadataRoutes } from '../../lib/urls.js';
import { OAuthServerMetadataView } from '../../lib/views/metadata.js';

const ISSUER = 'https://as.example/o';

describe('OAuthServerMetadataView and oauth2MetadataRoutes() (RFC 8414)', () => {
  const em = useTransaction({ settings: { issuer: ISSUER } });

  it('serves the document at the RFC 8414 §3.1 path for the issuer, listing exactly what is enabled', async () => {
    const res = await request(buildApp({ em }).callback()).get('/.well-known/oauth-authorization-server/o');
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/^application\/json/);
    expect(res.headers['access-control-allow-origin']).to.equal('*');
    expect(res.body).to.deep.equal({
      issuer: ISSUER,
      authorization_endpoint: `${ISSUER}/authorize/`,
      token_endpoint: `${ISSUER}/token/`,
      scopes_supported: ['read', 'write'],
      response_types_supported: ['code'],
      response_modes_supported: ['query', 'fragment'],
      grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      revocation_endpoint: `${ISSUER}/revoke_token/`,
      revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      introspection_endpoint: `${ISSUER}/introspect/`,
      introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
    });
  });

  it('lists the password and implicit grants once they are enabled', async () => {
    const settings = {
      issuer: ISSUER,
      grantTypesSupported: ['authorization_code', 'password'],
      responseTypesSupported: ['code', 'token'],
    };
    const res = await request(buildApp({ em, settings }).callback()).get('/.well-known/oauth-authorization-server/o');
    expect(res.body.grant_types_supported).to.deep.equal(['authorization_code', 'password', 'implicit']);
    expect(res.body.response_types_supported).to.deep.equal(['code', 'token']);
  });

  it('is not served under the OAuth prefix', async () => {
    const res = await request(buildApp({ em }).callback()).get('/o/.well-known/oauth-authorization-server');
    expect(res.status).to.equal(404);
  });

  it('serves an issuer without a path at the bare well-known path', async () => {
    configure({ orm: testOrm(), issuer: 'https://as.example' });
    const app = new Koa();
    app.use(oauth2MetadataRoutes({ issuer: 'https://as.example' }).routes());
    const res = await request(app.callback()).get('/.well-known/oauth-authorization-server');
    expect(res.status).to.equal(200);
    expect(res.body.token_endpoint).to.equal('https://as.example/token/');
  });

  it('refuses to serve another issuer than the configured one', async () => {
    const app = new Koa();
    const errors: unknown[] = [];
    app.on('error', (error: unknown) => errors.push(error));
    app.use(oauth2MetadataRoutes({ issuer: 'https://other.example/o' }).routes());
    const res = await request(app.callback()).get('/.well-known/oauth-authorization-server/o');
    expect(res.status).to.equal(500);
    expect(errors[0]).to.be.instanceOf(ImproperlyConfigured);
  });

  it('needs an issuer to build the routes', () => {
    configure({ orm: testOrm() });
    expect(() => oauth2MetadataRoutes()).to.throw(ImproperlyConfigured);
  });

  it('needs the issuer setting to serve the document', async () => {
    configure({ orm: testOrm() });
    const router = new Router();
    router.all('meta', '/meta', OAuthServerMetadataView.asView());
    const app = new Koa();
    const errors: unknown[] = [];
    app.on('error', (error: unknown) => errors.push(error));
    app.use(router.routes());
    expect((await request(app.callback()).get('/meta')).status).to.equal(500);
    expect((errors[0] as Error).message).to.include("'issuer' setting");
  });
});
