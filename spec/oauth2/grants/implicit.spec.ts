import { expect } from 'chai';
import type { OAuth2Error } from '../../../lib/oauth2/index.js';
import { ISSUER, SPA, authorize, redirectParams, setup } from '../helpers/fixtures.js';

const params = (extra: Record<string, string> = {}) => ({
  response_type: 'token',
  client_id: SPA.id,
  redirect_uri: SPA.redirect,
  scope: 'read',
  state: 's1',
  ...extra,
});

describe('oauth2/grants/implicit', () => {
  it('RFC 6749 §4.2.2: the token travels in the fragment with state and iss, never a refresh token', async () => {
    const { server, validator } = setup({ responseTypesSupported: ['code', 'token'] });
    const { scopes, credentials } = await server.validateAuthorizationRequest(authorize(params()));
    expect(credentials.responseMode).to.equal('fragment');
    const res = await server.createAuthorizationResponse(authorize(params()), scopes, { ...credentials, user: 'u' });
    expect(new URL(res.headers.location ?? '').search).to.equal('');
    const fragment = redirectParams(res, 'fragment');
    expect(fragment.get('token_type')).to.equal('Bearer');
    expect(fragment.get('expires_in')).to.equal('36000');
    expect(fragment.get('scope')).to.equal('read');
    expect(fragment.get('state')).to.equal('s1');
    expect(fragment.get('iss')).to.equal(ISSUER);
    expect(fragment.has('refresh_token')).to.equal(false);
    expect(validator.isActive(fragment.get('access_token') ?? '')).to.equal(true);
  });

  it('RFC 6749 §4.2.2: without state and iss the fragment has only the token fields', async () => {
    const { server } = setup({ responseTypesSupported: ['token'], authorizationResponseIss: false });
    const p = params();
    delete (p as Record<string, string>).state;
    const { scopes, credentials } = await server.validateAuthorizationRequest(authorize(p));
    const fragment = redirectParams(
      await server.createAuthorizationResponse(authorize(p), scopes, credentials),
      'fragment',
    );
    expect([...fragment.keys()].sort()).to.deep.equal(['access_token', 'expires_in', 'scope', 'token_type']);
  });

  it('RFC 6749 §4.2.2.1: errors of a token response type travel in the fragment', async () => {
    const { server } = setup({ responseTypesSupported: ['token'] });
    let error: OAuth2Error | undefined;
    try {
      await server.validateAuthorizationRequest(authorize(params({ scope: 'admin' })));
    } catch (e) {
      error = e as OAuth2Error;
    }
    const fragment = redirectParams(server.errorResponse(error!), 'fragment');
    expect(fragment.get('error')).to.equal('invalid_scope');
    expect(fragment.get('state')).to.equal('s1');
    expect(fragment.get('iss')).to.equal(ISSUER);
  });

  it('RFC 9700 §2.1.2: implicit is off by default → unsupported_response_type (in the fragment)', async () => {
    const { server } = setup();
    const res = await server.createAuthorizationResponse(authorize(params()), ['read'], {});
    expect(redirectParams(res, 'fragment').get('error')).to.equal('unsupported_response_type');
  });

  it('Multiple Response Types §3: response_mode=query is refused for token → invalid_request in the fragment', async () => {
    const { server } = setup({ responseTypesSupported: ['token'] });
    const res = await server.createAuthorizationResponse(authorize(params({ response_mode: 'query' })), ['read'], {});
    const fragment = redirectParams(res, 'fragment');
    expect(fragment.get('error')).to.equal('invalid_request');
    expect(fragment.get('error_description')).to.equal('response_mode query is not allowed for this response_type.');
  });

  it('RFC 6749 §4.2.1: a client not registered for token → unauthorized_client', async () => {
    const { server, validator } = setup({ responseTypesSupported: ['token'] });
    validator.clients.get(SPA.id)!.responseTypes = ['code'];
    const res = await server.createAuthorizationResponse(authorize(params()), ['read'], {});
    expect(redirectParams(res, 'fragment').get('error')).to.equal('unauthorized_client');
  });
});
