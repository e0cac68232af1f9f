import { expect } from 'chai';
import { encodeForm, OAuth2RequestState, type OAuth2Error } from '../../lib/oauth2/index.js';
import { configure } from '../../lib/settings.js';
import { testOrm, useTransaction } from '../helpers/db.js';
import { basic } from '../helpers/basic-auth.js';
import { Harness, json, webClient } from './helpers.js';

describe('OAuth2Validator: per-application policy', () => {
  const em = useTransaction({ settings: { scopes: { read: 'Read', write: 'Write', admin: 'Admin' } } });
  const cc = (h: Harness, client: { id: string; secret: string }, scope?: string) =>
    h.server.createTokenResponse(
      h.post(
        { grant_type: 'client_credentials', ...(scope ? { scope } : {}) },
        { authorization: basic(client.id, client.secret) },
      ),
    );
  const authorizeError = async (h: Harness, params: Record<string, string>) => {
    const init = { uri: `/o/authorize/?${encodeForm(params)}`, httpMethod: 'GET', session: em() };
    return h.server.validateAuthorizationRequest(init).then(
      () => null,
      (e: unknown) => e as OAuth2Error,
    );
  };

  it('allowedScopes narrows what an application may ask for (empty = every configured scope)', async () => {
    const h = new Harness(em);
    const narrow = await webClient(em(), { authorizationGrantType: 'client-credentials', allowedScopes: ['read'] });
    expect(json(await cc(h, narrow.client, 'read')).scope).to.equal('read');
    expect(json(await cc(h, narrow.client, 'read write'), 400).error).to.equal('invalid_scope');
    const wide = await webClient(em(), { authorizationGrantType: 'client-credentials' });
    expect(json(await cc(h, wide.client, 'read write admin')).scope).to.equal('read write admin');
    expect(json(await cc(h, wide.client, 'unknown'), 400).error).to.equal('invalid_scope');
  });

  it('without a scope an application gets defaultScopes within its allowedScopes', async () => {
    configure({
      orm: testOrm(),
      scopes: { read: 'Read', write: 'Write', admin: 'Admin' },
      defaultScopes: ['read', 'write'],
    });
    const h = new Harness(em);
    const narrow = await webClient(em(), {
      authorizationGrantType: 'client-credentials',
      allowedScopes: ['write', 'admin'],
    });
    expect(json(await cc(h, narrow.client)).scope).to.equal('write');
  });

  it('refuses scopes beyond allowedScopes at the authorization endpoint with a redirected invalid_scope', async () => {
    const h = new Harness(em);
    const { client } = await webClient(em(), { allowedScopes: ['read'] });
    const params = {
      client_id: client.id,
      response_type: 'code',
      scope: 'admin',
      code_challenge: 'x'.repeat(43),
      code_challenge_method: 'S256',
    };
    const error = await authorizeError(h, params);
    expect(error?.error).to.equal('invalid_scope');
    expect(error?.redirectUri).to.equal('https://client.example/cb');
  });

  it("grant types follow the application's authorizationGrantType (DOT's GRANT_TYPE_MAPPING)", async () => {
    const h = new Harness(em);
    const web = await webClient(em());
    expect(json(await cc(h, web.client), 400).error).to.equal('unauthorized_client');
    const backend = await webClient(em(), { authorizationGrantType: 'client-credentials' });
    expect(json(await cc(h, backend.client)).access_token).to.be.a('string');
  });

  it('response types follow the grant type: a client-credentials application cannot ask for a code', async () => {
    const h = new Harness(em);
    const { client } = await webClient(em(), { authorizationGrantType: 'client-credentials' });
    const error = await authorizeError(h, { client_id: client.id, response_type: 'code' });
    expect(error?.error).to.equal('unauthorized_client');
  });

  it('redirect URIs match exactly; the only registered one is the default', async () => {
    const h = new Harness(em);
    const { client } = await webClient(em(), { redirectUris: 'https://client.example/cb https://client.example/two' });
    const mismatch = await authorizeError(h, {
      client_id: client.id,
      response_type: 'code',
      redirect_uri: 'https://client.example/cb/',
    });
    expect(mismatch?.description).to.equal('Mismatching redirect URI.');
    const missing = await authorizeError(h, { client_id: client.id, response_type: 'code' });
    expect(missing?.description).to.equal('Missing redirect URI.');
  });

  it('isOriginAllowed answers from the application allowedOrigins', async () => {
    const h = new Harness(em);
    const { application } = await webClient(em(), { allowedOrigins: ['https://spa.example'] });
    const request = { session: em(), client: null, requestState: new OAuth2RequestState() } as never;
    expect(await h.validator.isOriginAllowed(application.clientId, 'https://spa.example', request)).to.equal(true);
    expect(await h.validator.isOriginAllowed(application.clientId, 'https://evil.example', request)).to.equal(false);
    expect(await h.validator.isOriginAllowed('unknown', 'https://spa.example', request)).to.equal(false);
  });
});
