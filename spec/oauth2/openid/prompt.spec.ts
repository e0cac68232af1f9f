import { expect } from 'chai';
import { needsFreshLogin, OpenIDServer } from '../../../lib/oauth2/index.js';
import { authorize, basic, exchange, ISSUER, json, post, redirectParams, VERIFIER, WEB } from '../helpers/fixtures.js';
import { MemoryValidator } from '../helpers/memory-validator.js';
import { ALICE, approve, HS, oidcCode, oidcParams, refused, RSA_KEY_OLD, setupOidc, T0 } from './helpers/fixtures.js';

describe('OIDC authorization request rules (OIDC Core §3.1.2.1)', () => {
  describe('prompt', () => {
    it('refuses none together with another value', async () => {
      const { server } = setupOidc();
      const { error, response } = await refused(server, oidcParams({ prompt: 'none login' }));
      expect(error.error).to.equal('invalid_request');
      expect(error.description).to.equal('Prompt none is mutually exclusive with other values.');
      expect(redirectParams(response, 'query').get('state')).to.equal('xyz');
    });

    it('refuses an unknown value', async () => {
      const { server } = setupOidc();
      const { error } = await refused(server, oidcParams({ prompt: 'create' }));
      expect(error.description).to.equal('Unsupported prompt value create.');
    });

    it('accepts login, consent and select_account and returns them for the view', async () => {
      const { server } = setupOidc();
      const { credentials } = await server.validateAuthorizationRequest(
        authorize(oidcParams({ prompt: 'login consent select_account', login_hint: 'alice', ui_locales: 'fr en' })),
      );
      expect(credentials.prompt).to.deep.equal(['login', 'consent', 'select_account']);
      expect(credentials.loginHint).to.equal('alice');
      expect(credentials.uiLocales).to.deep.equal(['fr', 'en']);
      expect(credentials.nonce).to.equal('n-0S6_WzA2Mj');
    });

    it('none: a logged-in user with consent on record gets the code without UI', async () => {
      const { server, validator } = setupOidc();
      const code = await oidcCode(server, oidcParams({ prompt: 'none' }));
      expect(code).to.have.length.greaterThan(20);
      expect(validator.calls).to.include.members(['validateSilentLogin', 'validateSilentAuthorization']);
    });

    it('none without a logged-in user is login_required, redirected with state and iss', async () => {
      const { server, validator } = setupOidc();
      validator.loggedIn = false;
      const { response } = await refused(server, oidcParams({ prompt: 'none' }));
      const params = redirectParams(response, 'query');
      expect(params.get('error')).to.equal('login_required');
      expect(params.get('state')).to.equal('xyz');
      expect(params.get('iss')).to.equal(ISSUER);
    });

    it('none without consent on record is consent_required', async () => {
      const { server, validator } = setupOidc();
      validator.consented = false;
      const { error } = await refused(server, oidcParams({ prompt: 'none' }));
      expect(error.error).to.equal('consent_required');
    });

    it('none with a login older than max_age is login_required', async () => {
      const { server } = setupOidc();
      const params = oidcParams({ prompt: 'none', max_age: '30' });
      const { error } = await refused(server, params, { user: ALICE, authTime: T0 - 31 });
      expect(error.error).to.equal('login_required');
      // When the response is created (the consent round trip) the same rule applies.
      const stale = await server.createAuthorizationResponse(authorize(params), ['openid'], {
        user: ALICE,
        authTime: T0 - 31,
      });
      expect(redirectParams(stale, 'query').get('error')).to.equal('login_required');
      const fresh = await approve(server, params, { authTime: T0 - 30 });
      expect(redirectParams(fresh, 'query').has('code')).to.equal(true);
    });

    it('none in the implicit flow answers in the fragment', async () => {
      const { server, validator } = setupOidc();
      validator.loggedIn = false;
      const params = oidcParams({ response_type: 'id_token', prompt: 'none' });
      const { response } = await refused(server, params);
      expect(redirectParams(response, 'fragment').get('error')).to.equal('login_required');
    });
  });

  describe('request objects and registration (OIDC Core §3.1.2.6, §6)', () => {
    const cases: [string, string][] = [
      ['request', 'request_not_supported'],
      ['request_uri', 'request_uri_not_supported'],
      ['registration', 'registration_not_supported'],
    ];
    for (const [param, code] of cases) {
      it(`answers ${code} for ${param}, redirected`, async () => {
        const { server } = setupOidc();
        const { response } = await refused(server, oidcParams({ [param]: 'x' }));
        expect(redirectParams(response, 'query').get('error')).to.equal(code);
      });
    }
  });

  describe('max_age', () => {
    for (const bad of ['-1', 'abc', '1.5', '']) {
      it(`refuses max_age=${JSON.stringify(bad)} with invalid_request`, async () => {
        const { server } = setupOidc();
        const { error } = await refused(server, oidcParams({ max_age: bad }));
        expect(error.error).to.equal('invalid_request');
        expect(error.description).to.equal('max_age must be a non-negative integer.');
      });
    }

    it('is parsed and returned for the view, and auth_time is in the ID token', async () => {
      const { server } = setupOidc();
      const { credentials } = await server.validateAuthorizationRequest(authorize(oidcParams({ max_age: '0' })));
      expect(credentials.maxAge).to.equal(0);
      const code = await oidcCode(server, oidcParams({ max_age: '600' }), { authTime: T0 - 5 });
      const body = json(await server.createTokenResponse(exchange(code)));
      const claims = JSON.parse(Buffer.from(String(body.id_token).split('.')[1] ?? '', 'base64url').toString());
      expect(claims.auth_time).to.equal(T0 - 5);
    });

    it('needsFreshLogin: prompt=login always, max_age when the login is older or unknown', () => {
      const now = T0 * 1000;
      expect(needsFreshLogin({ prompt: ['login'], maxAge: null }, T0, now)).to.equal(true);
      expect(needsFreshLogin({ prompt: [], maxAge: null }, null, now)).to.equal(false);
      expect(needsFreshLogin({ prompt: [], maxAge: 60 }, T0 - 60, now)).to.equal(false);
      expect(needsFreshLogin({ prompt: [], maxAge: 60 }, T0 - 61, now)).to.equal(true);
      expect(needsFreshLogin({ prompt: [], maxAge: 0 }, T0, now)).to.equal(false);
      expect(needsFreshLogin({ prompt: [], maxAge: 60 }, null, now)).to.equal(true);
    });
  });

  describe('claims', () => {
    for (const bad of [
      '{',
      '[]',
      '"x"',
      '{"id_token": []}',
      '{"userinfo": {"email": 1}}',
      '{"id_token": {"acr": {"values": "x"}}}',
    ]) {
      it(`refuses claims=${bad} as malformed`, async () => {
        const { server } = setupOidc();
        const { error } = await refused(server, oidcParams({ claims: bad }));
        expect(error.error).to.equal('invalid_request');
        expect(error.description).to.equal('Malformed claims parameter.');
      });
    }

    it('is parsed once and survives a consent round trip as a JSON string', async () => {
      const { server } = setupOidc();
      const raw = JSON.stringify({ id_token: { email: null } });
      const { scopes, credentials } = await server.validateAuthorizationRequest(authorize(oidcParams({ claims: raw })));
      expect(credentials.claims).to.deep.equal({ id_token: { email: null } });
      const res = await server.createAuthorizationResponse(authorize(oidcParams()), scopes, {
        ...credentials,
        claims: raw,
        user: ALICE,
      });
      expect(redirectParams(res, 'query').has('code')).to.equal(true);
    });
  });

  describe('id_token_hint', () => {
    async function hintFor(server: OpenIDServer): Promise<string> {
      const body = json(await server.createTokenResponse(exchange(await oidcCode(server))));
      return String(body.id_token);
    }

    it('accepts an ID token of ours for this client naming the session user', async () => {
      const { server, validator } = setupOidc();
      const hint = await hintFor(server);
      const res = await approve(server, oidcParams({ id_token_hint: hint, prompt: 'none' }));
      expect(redirectParams(res, 'query').has('code')).to.equal(true);
      expect(validator.calls).to.include('validateUserMatch');
    });

    it('answers login_required when the session user differs', async () => {
      const { server } = setupOidc();
      const hint = await hintFor(server);
      const { response } = await refused(server, oidcParams({ id_token_hint: hint }), { user: { id: 7 } });
      const params = redirectParams(response, 'query');
      expect(params.get('error')).to.equal('login_required');
      expect(params.get('error_description')).to.equal('Session user does not match client supplied user.');
    });

    it('refuses a hint that is not an ID token of ours for this client', async () => {
      const { server } = setupOidc();
      const hint = await hintFor(server);
      const tampered = `${hint.slice(0, -4)}AAAA`;
      for (const bad of [tampered, 'not-a-jwt']) {
        const { error } = await refused(server, oidcParams({ id_token_hint: bad }));
        expect(error.description).to.equal('Invalid id_token_hint.');
      }
      const other = setupOidc({ oidcRsaPrivateKey: RSA_KEY_OLD });
      other.validator.userMatch = () => true;
      const { error } = await refused(other.server, oidcParams({ id_token_hint: hint }));
      expect(error.error, 'signed by another key').to.equal('invalid_request');
    });
  });

  describe('id_token_hint of an HS256 client', () => {
    it('is checked with the client secret, and refused once the secret is no longer readable', async () => {
      const { server, validator } = setupOidc();
      const params = oidcParams({ client_id: HS.id, redirect_uri: HS.redirect });
      const code = await oidcCode(server, params);
      const body = { grant_type: 'authorization_code', code, redirect_uri: HS.redirect, code_verifier: VERIFIER };
      const hint = String(
        json(await server.createTokenResponse(post(body, { Authorization: basic(HS.id, HS.secret) }))).id_token,
      );
      const ok = await approve(server, { ...params, id_token_hint: hint });
      expect(redirectParams(ok, 'query').has('code')).to.equal(true);
      // For the web client (RS256) the same hint has the wrong audience.
      expect((await refused(server, oidcParams({ id_token_hint: hint }))).error.description).to.equal(
        'Invalid id_token_hint.',
      );
      validator.readableSecrets.delete(HS.id);
      validator.algorithms.set(HS.id, 'RS256');
      const { error } = await refused(server, { ...params, id_token_hint: hint });
      expect(error.description).to.equal('Invalid id_token_hint.');
    });
  });

  describe('with oidcEnabled false', () => {
    it('serves plain OAuth: no ID token, no OIDC response types, prompt not interpreted', async () => {
      const validator = new MemoryValidator();
      validator.addClient({
        clientId: WEB.id,
        clientSecret: WEB.secret,
        redirectUris: [WEB.redirect],
        scopes: ['openid'],
      });
      const server = new OpenIDServer(validator as never, {
        issuer: ISSUER,
        responseTypesSupported: ['code', 'id_token'],
        scopes: ['openid', 'read'],
      });
      const { error } = await refused(server, oidcParams({ response_type: 'id_token' }));
      expect(error.error).to.equal('unsupported_response_type');
      const code = redirectParams(await approve(server, oidcParams({ prompt: 'bogus none' })), 'query').get('code');
      const body = json(await server.createTokenResponse(exchange(code ?? '')));
      expect(body).to.not.have.property('id_token');
    });
  });
});
