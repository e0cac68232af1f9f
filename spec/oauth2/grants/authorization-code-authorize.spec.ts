import { expect } from 'chai';
import { OAuth2Error, type OAuth2Response } from '../../../lib/oauth2/index.js';
import {
  CHALLENGE,
  ISSUER,
  NATIVE,
  SPA,
  VERIFIER,
  WEB,
  authorize,
  codeParams,
  json,
  redirectParams,
  setup,
} from '../helpers/fixtures.js';

/** Run validation and return the thrown OAuth2Error. */
async function rejection(promise: Promise<unknown>): Promise<OAuth2Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OAuth2Error) return error;
    throw error;
  }
  throw new Error('expected an OAuth2Error');
}

describe('oauth2/grants/authorization-code: authorization request', () => {
  it('RFC 6749 §4.1.1: a valid request yields scopes and credentials for consent', async () => {
    const { server } = setup();
    const { scopes, credentials, request } = await server.validateAuthorizationRequest(authorize(codeParams()));
    expect(scopes).to.deep.equal(['read']);
    expect(request.client?.clientId).to.equal(WEB.id);
    expect(credentials).to.include({
      clientId: WEB.id,
      redirectUri: WEB.redirect,
      redirectUriProvided: true,
      responseType: 'code',
      responseMode: 'query',
      state: 'xyz',
      codeChallenge: CHALLENGE,
      codeChallengeMethod: 'S256',
    });
  });

  it('RFC 6749 §4.1.2 / RFC 9207 §2: the code is redirected in the query with state and iss', async () => {
    const { server, validator } = setup();
    const { scopes, credentials } = await server.validateAuthorizationRequest(authorize(codeParams()));
    const res = await server.createAuthorizationResponse(authorize(codeParams()), scopes, {
      ...credentials,
      user: 'u',
    });
    expect(res.headers['cache-control']).to.equal('no-store');
    const params = redirectParams(res, 'query');
    expect(params.get('state')).to.equal('xyz');
    expect(params.get('iss')).to.equal(ISSUER);
    const code = params.get('code') ?? '';
    expect(code).to.match(/^[A-Za-z0-9_-]{43}$/);
    const stored = validator.codes.get(code)?.record;
    expect(stored).to.include({ clientId: WEB.id, redirectUri: WEB.redirect, codeChallenge: CHALLENGE, user: 'u' });
    expect(stored?.expiresAt.getTime()).to.equal(Date.UTC(2026, 0, 1) + 60_000);
  });

  it('RFC 9207: no iss when authorizationResponseIss is off', async () => {
    const { server } = setup({ authorizationResponseIss: false });
    const { scopes, credentials } = await server.validateAuthorizationRequest(authorize(codeParams()));
    const res = await server.createAuthorizationResponse(authorize(codeParams()), scopes, credentials);
    expect(redirectParams(res, 'query').has('iss')).to.equal(false);
  });

  it('RFC 6749 §3.1.2.3: without redirect_uri the only registered one is used', async () => {
    const { server, validator } = setup();
    const params = codeParams();
    delete params.redirect_uri;
    const { scopes, credentials } = await server.validateAuthorizationRequest(authorize(params));
    expect(credentials.redirectUri).to.equal(WEB.redirect);
    expect(credentials.redirectUriProvided).to.equal(false);
    const res = await server.createAuthorizationResponse(authorize(params), scopes, credentials);
    const code = redirectParams(res, 'query').get('code') ?? '';
    expect(validator.codes.get(code)?.record.redirectUriProvided).to.equal(false);
  });

  it('RFC 6749 §3.3: without scope the default scopes are granted', async () => {
    const { server } = setup({ defaultScopes: ['read'] });
    const params = codeParams();
    delete params.scope;
    expect((await server.validateAuthorizationRequest(authorize(params))).scopes).to.deep.equal(['read']);
    const all = setup();
    expect((await all.server.validateAuthorizationRequest(authorize(params))).scopes).to.deep.equal(['read', 'write']);
  });

  it("RFC 6749 §3.3: the validator's getDefaultScopes wins over the option", async () => {
    const { server, validator } = setup();
    validator.getDefaultScopes = async () => ['write'];
    const params = codeParams();
    delete params.scope;
    expect((await server.validateAuthorizationRequest(authorize(params))).scopes).to.deep.equal(['write']);
  });

  describe('fatal errors are never redirected (RFC 6749 §4.1.2.1, RFC 9700 §4.11)', () => {
    const cases: [string, Record<string, string>, string][] = [
      ['missing client_id', { client_id: '' }, 'Missing client_id parameter.'],
      ['unknown client_id', { client_id: 'nobody' }, 'Invalid client_id parameter value.'],
      ['unregistered redirect_uri', { redirect_uri: 'https://evil.example/cb' }, 'Mismatching redirect URI.'],
      ['relative redirect_uri', { redirect_uri: '/cb' }, 'Invalid redirect URI.'],
      ['redirect_uri with a fragment', { redirect_uri: `${WEB.redirect}#f` }, 'Invalid redirect URI.'],
      [
        'redirect_uri with another port',
        { redirect_uri: 'https://client.example:8443/cb' },
        'Mismatching redirect URI.',
      ],
      ['redirect_uri differing by a trailing slash', { redirect_uri: `${WEB.redirect}/` }, 'Mismatching redirect URI.'],
    ];
    for (const [label, override, description] of cases) {
      it(`RFC 6749 §4.1.2.1: ${label} → 400 invalid_request, not redirected`, async () => {
        const { server } = setup();
        const error = await rejection(server.validateAuthorizationRequest(authorize(codeParams(override))));
        expect(error.error).to.equal('invalid_request');
        expect(error.description).to.equal(description);
        expect(error.allowRedirect).to.equal(false);
        const res = server.errorResponse(error);
        expect(res.status).to.equal(400);
        expect(json(res)).to.deep.equal({ error: 'invalid_request', error_description: description });
      });
    }

    it('RFC 6749 §3.1.2.3: missing redirect_uri with several registered → fatal', async () => {
      const { server } = setup();
      const error = await rejection(
        server.validateAuthorizationRequest(authorize({ response_type: 'code', client_id: SPA.id })),
      );
      expect(error.description).to.equal('Missing redirect URI.');
      expect(error.allowRedirect).to.equal(false);
    });

    it('RFC 6749 §3.1: a duplicated parameter is fatal (the redirect URI is not trusted yet)', async () => {
      const { server } = setup();
      const init = authorize(codeParams());
      init.uri += '&state=again';
      const error = await rejection(server.validateAuthorizationRequest(init));
      expect(error.description).to.equal('Duplicate state parameter.');
      expect(error.allowRedirect).to.equal(false);
    });

    it('RFC 6749 Appendix B: a malformed query is fatal invalid_request', async () => {
      const { server } = setup();
      const error = await rejection(
        server.validateAuthorizationRequest({ uri: '/o/authorize/?client_id=%zz', httpMethod: 'GET' }),
      );
      expect(error.error).to.equal('invalid_request');
      expect(error.allowRedirect).to.equal(false);
      const thrown = await rejection(server.createAuthorizationResponse({ uri: '/?a=%', httpMethod: 'GET' }, [], {}));
      expect(thrown.allowRedirect).to.equal(false);
    });
  });

  describe('redirected errors (RFC 6749 §4.1.2.1) carry state and iss', () => {
    const cases: [string, Record<string, string>, string, string][] = [
      ['missing response_type', { response_type: '' }, 'invalid_request', 'Missing response_type parameter.'],
      ['unknown response_type', { response_type: 'magic' }, 'unsupported_response_type', ''],
      [
        'unknown scope',
        { scope: 'read admin' },
        'invalid_scope',
        'The requested scope is invalid, unknown, or malformed.',
      ],
      ['PKCE required and no challenge', { code_challenge: '' }, 'invalid_request', 'Code challenge required.'],
      [
        'plain PKCE not configured',
        { code_challenge_method: 'plain' },
        'invalid_request',
        'Transform algorithm not supported.',
      ],
      [
        'PKCE method defaulting to plain',
        { code_challenge_method: '' },
        'invalid_request',
        'Transform algorithm not supported.',
      ],
      ['malformed code_challenge', { code_challenge: 'short' }, 'invalid_request', 'Invalid code_challenge parameter.'],
      ['unknown response_mode', { response_mode: 'form_post' }, 'invalid_request', 'Unsupported response_mode.'],
    ];
    for (const [label, override, code, description] of cases) {
      it(`RFC 6749 §4.1.2.1: ${label} → redirect with error=${code}`, async () => {
        const { server } = setup();
        const error = await rejection(server.validateAuthorizationRequest(authorize(codeParams(override))));
        expect(error.allowRedirect).to.equal(true);
        const params = redirectParams(server.errorResponse(error), 'query');
        expect(params.get('error')).to.equal(code);
        expect(params.get('error_description') ?? '').to.equal(description);
        expect(params.get('state')).to.equal('xyz');
        expect(params.get('iss')).to.equal(ISSUER);
      });
    }

    it('RFC 6749 §4.1.2.1: a client not allowed the response type → unauthorized_client', async () => {
      const { server, validator } = setup();
      validator.addClient({ clientId: 'tok', redirectUris: [WEB.redirect], responseTypes: ['token'] });
      const error = await rejection(server.validateAuthorizationRequest(authorize(codeParams({ client_id: 'tok' }))));
      expect(error.error).to.equal('unauthorized_client');
      expect(error.redirectUri).to.equal(WEB.redirect);
    });

    it('RFC 6749 §4.1.2.1: response_type=token while implicit is disabled → unsupported_response_type in the fragment', async () => {
      const { server } = setup();
      const error = await rejection(
        server.validateAuthorizationRequest(authorize(codeParams({ response_type: 'token' }))),
      );
      expect(error.error).to.equal('unsupported_response_type');
      const params = redirectParams(server.errorResponse(error), 'fragment');
      expect(params.get('error')).to.equal('unsupported_response_type');
    });

    it('response_mode=fragment moves the code and errors to the fragment', async () => {
      const { server } = setup();
      const params = codeParams({ response_mode: 'fragment' });
      const { scopes, credentials } = await server.validateAuthorizationRequest(authorize(params));
      const res = await server.createAuthorizationResponse(authorize(params), scopes, credentials);
      expect(redirectParams(res, 'fragment').get('code')).to.be.a('string');
      const error = await rejection(server.validateAuthorizationRequest(authorize({ ...params, scope: 'nope' })));
      expect(redirectParams(server.errorResponse(error), 'fragment').get('error')).to.equal('invalid_scope');
    });

    it('RFC 6749 §4.1.2.1: createAuthorizationResponse redirects a non-fatal error and throws a fatal one', async () => {
      const { server } = setup();
      const res: OAuth2Response = await server.createAuthorizationResponse(authorize(codeParams()), ['admin'], {});
      expect(redirectParams(res, 'query').get('error')).to.equal('invalid_scope');
      const fatal = await rejection(
        server.createAuthorizationResponse(authorize(codeParams()), ['read'], { clientId: 'x' }),
      );
      expect(fatal.error).to.equal('invalid_request');
    });
  });

  it('RFC 7636 §4.3: plain is accepted only when pkceCodeChallengeMethods lists it', async () => {
    const { server, validator } = setup({ pkceCodeChallengeMethods: ['S256', 'plain'] });
    const params = codeParams({ code_challenge: VERIFIER, code_challenge_method: '' });
    const { scopes, credentials } = await server.validateAuthorizationRequest(authorize(params));
    expect(credentials.codeChallengeMethod).to.equal('plain');
    const res = await server.createAuthorizationResponse(authorize(params), scopes, credentials);
    const code = redirectParams(res, 'query').get('code') ?? '';
    expect(validator.codes.get(code)?.record.codeChallengeMethod).to.equal('plain');
  });

  it('RFC 7636 §4.4.1: a method without a challenge is invalid_request when PKCE is optional', async () => {
    const { server } = setup({ pkceRequired: false });
    const error = await rejection(server.validateAuthorizationRequest(authorize(codeParams({ code_challenge: '' }))));
    expect(error.description).to.equal('Missing code_challenge parameter.');
    const ok = codeParams({ code_challenge: '', code_challenge_method: '' });
    const { credentials } = await server.validateAuthorizationRequest(authorize(ok));
    expect(credentials.codeChallenge).to.equal(null);
  });

  it('RFC 9700 §2.1.1: pkceRequired may be decided per client', async () => {
    const { server } = setup({ pkceRequired: (clientId) => clientId !== WEB.id });
    const params = codeParams();
    delete params.code_challenge;
    delete params.code_challenge_method;
    expect((await server.validateAuthorizationRequest(authorize(params))).credentials.codeChallenge).to.equal(null);
  });

  it('RFC 8252 §7.3: a loopback IP redirect URI matches on any port', async () => {
    const { server } = setup();
    const params = codeParams({ client_id: NATIVE.id, redirect_uri: 'http://127.0.0.1:51234/callback' });
    const { credentials } = await server.validateAuthorizationRequest(authorize(params));
    expect(credentials.redirectUri).to.equal('http://127.0.0.1:51234/callback');
  });

  it('oauthlib §11.4: pre_auth and post_auth hooks run in order and post_auth info reaches the credentials', async () => {
    const { server } = setup();
    const grant = server.grants.get('authorization_code');
    const seen: string[] = [];
    grant?.customValidators.preAuth.push(async () => void seen.push('pre'));
    grant?.customValidators.postAuth.push(async (request) => {
      seen.push(`post:${request.scopes.join(',')}`);
      return { nonce_checked: true };
    });
    const { credentials } = await server.validateAuthorizationRequest(authorize(codeParams()));
    expect(seen).to.deep.equal(['pre', 'post:read']);
    expect(credentials.nonce_checked).to.equal(true);
  });

  it('code modifiers may add to the authorization response (OIDC hybrid later)', async () => {
    const { server } = setup();
    server.grants.get('authorization_code')?.codeModifiers.push(async (g) => ({ ...g, extra: 'yes' }));
    const { scopes, credentials } = await server.validateAuthorizationRequest(authorize(codeParams()));
    const res = await server.createAuthorizationResponse(authorize(codeParams()), scopes, credentials);
    expect(redirectParams(res, 'query').get('extra')).to.equal('yes');
  });

  it('RFC 6749 §4.1.2.1: a refusal redirects access_denied with state and iss', async () => {
    const { server } = setup();
    const { credentials } = await server.validateAuthorizationRequest(authorize(codeParams()));
    const res = await server.createDenialResponse({ uri: '/o/authorize/', httpMethod: 'POST' }, credentials);
    const params = redirectParams(res, 'query');
    expect(params.get('error')).to.equal('access_denied');
    expect(params.get('state')).to.equal('xyz');
    expect(params.get('iss')).to.equal(ISSUER);
  });

  it('RFC 9700 §4.11: a refusal with a tampered redirect URI is fatal, not redirected', async () => {
    const { server } = setup();
    const { credentials } = await server.validateAuthorizationRequest(authorize(codeParams()));
    const tampered = { ...credentials, redirectUri: 'https://evil.example/cb' };
    const error = await rejection(server.createDenialResponse({ uri: '/o/authorize/', httpMethod: 'POST' }, tampered));
    expect(error.allowRedirect).to.equal(false);
  });
});
