import { expect } from 'chai';
import {
  DEVICE_CODE_GRANT_TYPE,
  DeviceApplicationServer,
  DeviceCodeGrant,
  OAuth2Request,
  USER_CODE_ALPHABET,
  displayUserCode,
  generateUserCode,
  normalizeUserCode,
  resolveOptions,
  type ServerOptions,
} from '../../../lib/oauth2/index.js';
import { ISSUER, SPA, WEB, basic, json, post, setup } from '../helpers/fixtures.js';
import { MemoryValidator } from '../helpers/memory-validator.js';

const DEVICE_URI = `${ISSUER}/o/device-authorization/`;
const GRANT_TYPES = ['authorization_code', 'refresh_token', DEVICE_CODE_GRANT_TYPE];
const webAuth = { Authorization: basic(WEB.id, WEB.secret) };

/** A server with the device grant enabled and both test clients allowed to use it. */
function deviceSetup(options: ServerOptions = {}) {
  const env = setup({ grantTypesSupported: GRANT_TYPES, deviceAuthorizationEndpoint: DEVICE_URI, ...options });
  for (const id of [WEB.id, SPA.id]) env.validator.clients.get(id)!.grantTypes.push(DEVICE_CODE_GRANT_TYPE);
  return env;
}

/** Ask for a device code as the public SPA client (or with `headers`). */
async function authorizeDevice(env: ReturnType<typeof deviceSetup>, body = { client_id: SPA.id }, headers = {}) {
  const res = await env.server.createDeviceAuthorizationResponse(post(body, headers, DEVICE_URI));
  expect(res.status, res.body).to.equal(200);
  return json(res) as { device_code: string; user_code: string; interval: number; [k: string]: unknown };
}

const poll = (deviceCode: string, extra: Record<string, string> = { client_id: SPA.id }, headers = {}) =>
  post({ grant_type: DEVICE_CODE_GRANT_TYPE, device_code: deviceCode, ...extra }, headers);

describe('oauth2/grants/device-code (RFC 8628)', () => {
  describe('§3.1 Device Authorization Request', () => {
    it('a public client identifies by client_id alone; a confidential one authenticates (401 otherwise)', async () => {
      const env = deviceSetup();
      await authorizeDevice(env);
      await authorizeDevice(env, { client_id: WEB.id, scope: 'read' } as { client_id: string }, webAuth);
      const res = await env.server.createDeviceAuthorizationResponse(post({ client_id: WEB.id }, {}, DEVICE_URI));
      expect(res.status).to.equal(401);
      expect(json(res).error).to.equal('invalid_client');
    });

    it('a missing client_id is invalid_request; a client not allowed the grant is unauthorized_client', async () => {
      const env = deviceSetup();
      const missing = await env.server.createDeviceAuthorizationResponse(post({ scope: 'read' }, {}, DEVICE_URI));
      expect(missing.status).to.equal(400);
      expect(json(missing)).to.deep.equal({
        error: 'invalid_request',
        error_description: 'Missing client_id parameter.',
      });
      env.validator.clients.get(SPA.id)!.grantTypes = ['authorization_code'];
      const refused = await env.server.createDeviceAuthorizationResponse(post({ client_id: SPA.id }, {}, DEVICE_URI));
      expect(json(refused).error).to.equal('unauthorized_client');
    });

    it('an unknown scope is invalid_scope and stores nothing; a GET or a JSON body is invalid_request', async () => {
      const env = deviceSetup();
      const scope = await env.server.createDeviceAuthorizationResponse(
        post({ client_id: SPA.id, scope: 'admin' }, {}, DEVICE_URI),
      );
      expect(json(scope).error).to.equal('invalid_scope');
      expect(env.validator.deviceGrants.size).to.equal(0);
      const get = await env.server.createDeviceAuthorizationResponse({ uri: DEVICE_URI, httpMethod: 'GET' });
      expect(json(get).error).to.equal('invalid_request');
      const jsonBody = await env.server.createDeviceAuthorizationResponse({
        uri: DEVICE_URI,
        httpMethod: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(json(jsonBody).error).to.equal('invalid_request');
    });

    it('the endpoint refuses every request while the device grant is not enabled', async () => {
      const { server } = setup();
      const res = await server.createDeviceAuthorizationResponse(post({ client_id: SPA.id }, {}, DEVICE_URI));
      expect(json(res).error).to.equal('unsupported_grant_type');
    });
  });

  describe('§3.2 Device Authorization Response', () => {
    it('returns the codes, the verification URIs, expires_in and interval, with no-store', async () => {
      const env = deviceSetup({ deviceFlowInterval: 7, deviceCodeExpireSeconds: 600 });
      const res = await env.server.createDeviceAuthorizationResponse(
        post({ client_id: SPA.id, scope: 'read' }, {}, DEVICE_URI),
      );
      expect(res.headers['cache-control']).to.equal('no-store');
      const body = json(res);
      expect(body.user_code).to.match(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
      expect(body).to.include({
        verification_uri: `${ISSUER}/o/device/`,
        verification_uri_complete: `${ISSUER}/o/device/?user_code=${String(body.user_code)}`,
        expires_in: 600,
        interval: 7,
      });
      const row = env.validator.deviceGrants.get(body.device_code as string)!;
      expect(row.record).to.include({ clientId: SPA.id, userCode: normalizeUserCode(body.user_code as string) });
      expect(row.record.scopes).to.deep.equal(['read']);
      expect(row.record.expiresAt.getTime()).to.equal(env.clock.now() + 600_000);
    });

    it('takes the configured verification URI, a {user_code} template or a function for the complete one', async () => {
      const uri = 'https://tv.example/link';
      const template = deviceSetup({
        oauthDeviceVerificationUri: uri,
        oauthDeviceVerificationUriComplete: 'https://tv.example/link/{user_code}',
      });
      const body = await authorizeDevice(template);
      expect(body.verification_uri).to.equal(uri);
      expect(body.verification_uri_complete).to.equal(`https://tv.example/link/${body.user_code}`);
      const none = await authorizeDevice(deviceSetup({ oauthDeviceVerificationUriComplete: () => null }));
      expect(none).to.not.have.property('verification_uri_complete');
    });

    it('draws another user code while a pending grant holds the drawn one, and gives up after five', async () => {
      let n = 0;
      const codes = ['bcdf-ghjk', 'BCDFGHJK', 'zzzz-zzzz'];
      const env = deviceSetup({ oauthDeviceUserCodeGenerator: () => codes[Math.min(n++, 2)]! });
      expect((await authorizeDevice(env)).user_code).to.equal('BCDF-GHJK');
      expect((await authorizeDevice(env)).user_code).to.equal('ZZZZ-ZZZZ');
      const stuck = deviceSetup({ oauthDeviceUserCodeGenerator: () => 'BCDFGHJK' });
      await authorizeDevice(stuck);
      const res = await stuck.server.createDeviceAuthorizationResponse(post({ client_id: SPA.id }, {}, DEVICE_URI));
      expect(res.status).to.equal(503);
      expect(stuck.validator.calls.filter((c) => c === 'saveDeviceGrant')).to.have.length(6);
    });
  });

  describe('§3.4 Device Access Token Request', () => {
    it('a missing device_code is invalid_request; an unknown one is invalid_grant', async () => {
      const env = deviceSetup();
      const missing = await env.server.createTokenResponse(
        post({ grant_type: DEVICE_CODE_GRANT_TYPE, client_id: SPA.id }),
      );
      expect(missing.status).to.equal(400);
      expect(json(missing).error).to.equal('invalid_request');
      const unknown = await env.server.createTokenResponse(poll('nope'));
      expect(json(unknown)).to.deep.equal({ error: 'invalid_grant', error_description: 'Invalid device code.' });
    });

    it("another client's device code is invalid_grant and changes nothing of the grant", async () => {
      const env = deviceSetup();
      const { device_code } = await authorizeDevice(env);
      const res = await env.server.createTokenResponse(poll(device_code, {}, webAuth));
      expect(json(res).error).to.equal('invalid_grant');
      const row = env.validator.deviceGrants.get(device_code)!;
      expect(row.lastChecked).to.equal(null);
      expect(row.interval).to.equal(5);
    });
  });

  describe('§3.5 Device Access Token Response', () => {
    it('authorization_pending until the user decides, then slow_down for a poll inside the interval', async () => {
      const env = deviceSetup();
      const { device_code } = await authorizeDevice(env);
      expect(json(await env.server.createTokenResponse(poll(device_code))).error).to.equal('authorization_pending');
      env.clock.advance(2);
      expect(json(await env.server.createTokenResponse(poll(device_code))).error).to.equal('slow_down');
      // The interval is now 10 s: 6 s later is still too soon, 10 s after that is fine.
      env.clock.advance(6);
      expect(json(await env.server.createTokenResponse(poll(device_code))).error).to.equal('slow_down');
      env.clock.advance(15);
      expect(json(await env.server.createTokenResponse(poll(device_code))).error).to.equal('authorization_pending');
    });

    it('access_denied once the user denied', async () => {
      const env = deviceSetup();
      const { device_code, user_code } = await authorizeDevice(env);
      env.validator.decideDeviceGrant(normalizeUserCode(user_code), { id: 1 }, false);
      const res = await env.server.createTokenResponse(poll(device_code));
      expect(res.status).to.equal(400);
      expect(json(res).error).to.equal('access_denied');
    });

    it('expired_token once the device code expired, approved or not', async () => {
      const env = deviceSetup();
      const { device_code, user_code } = await authorizeDevice(env);
      env.validator.decideDeviceGrant(normalizeUserCode(user_code), { id: 1 }, true);
      env.clock.advance(1800);
      expect(json(await env.server.createTokenResponse(poll(device_code))).error).to.equal('expired_token');
    });

    it('an approved code gets tokens once, for the approving user and scopes; polling again is invalid_grant', async () => {
      const env = deviceSetup();
      const { device_code, user_code } = await authorizeDevice(env, { client_id: SPA.id, scope: 'read write' } as {
        client_id: string;
      });
      const user = { id: 7 };
      env.validator.decideDeviceGrant(normalizeUserCode(user_code), user, true);
      const res = await env.server.createTokenResponse(poll(device_code));
      expect(res.status, res.body).to.equal(200);
      const token = json(res);
      expect(token).to.include({ token_type: 'Bearer', scope: 'read write' });
      expect(token).to.have.property('refresh_token');
      expect(env.validator.accessTokens.get(token.access_token as string)?.user).to.equal(user);
      env.clock.advance(10);
      expect(json(await env.server.createTokenResponse(poll(device_code))).error).to.equal('invalid_grant');
    });

    it('of concurrent polls after approval exactly one gets tokens', async () => {
      const env = deviceSetup();
      const { device_code, user_code } = await authorizeDevice(env);
      env.validator.decideDeviceGrant(normalizeUserCode(user_code), { id: 1 }, true);
      const answers = await Promise.all(
        [1, 2, 3, 4].map(() => env.server.createTokenResponse(poll(device_code, { client_id: SPA.id }))),
      );
      // The polls came at one instant: the first is recorded, the others are slow_down or lose the redemption.
      expect(answers.filter((r) => r.status === 200)).to.have.length(1);
      expect(env.validator.accessTokens.size).to.equal(1);
    });

    it('a lost redemption is invalid_grant and issues nothing', async () => {
      const env = deviceSetup();
      const { device_code, user_code } = await authorizeDevice(env);
      env.validator.decideDeviceGrant(normalizeUserCode(user_code), { id: 1 }, true);
      env.validator.redeemDeviceCode = async () => false;
      const res = await env.server.createTokenResponse(poll(device_code));
      expect(json(res)).to.deep.equal({
        error: 'invalid_grant',
        error_description: 'The device code was already used.',
      });
      expect(env.validator.accessTokens.size).to.equal(0);
    });

    it('a grant handler called with another grant_type answers unsupported_grant_type', async () => {
      const grant = new DeviceCodeGrant(new MemoryValidator(), resolveOptions());
      const request = OAuth2Request.parse(post({ grant_type: 'password' }));
      const error = await grant.createTokenResponse(request).catch((e: unknown) => e);
      expect((error as { error?: string }).error).to.equal('unsupported_grant_type');
    });
  });

  describe('§4 Discovery Metadata', () => {
    it('lists device_authorization_endpoint and the grant type only while the grant is enabled', async () => {
      const on = deviceSetup().server.metadata();
      expect(on.device_authorization_endpoint).to.equal(DEVICE_URI);
      expect(on.grant_types_supported).to.include(DEVICE_CODE_GRANT_TYPE);
      const off = setup({ deviceAuthorizationEndpoint: DEVICE_URI }).server.metadata();
      expect(off).to.not.have.property('device_authorization_endpoint');
    });

    it('DeviceApplicationServer serves the device grant and refresh tokens, and no authorization endpoint', () => {
      const { server } = setup({ grantTypesSupported: GRANT_TYPES }, DeviceApplicationServer);
      expect([...server.grantTypes.keys()]).to.deep.equal([DEVICE_CODE_GRANT_TYPE, 'refresh_token']);
      expect(server.metadata().response_types_supported).to.deep.equal([]);
    });
  });

  describe('§6.1 User Code Recommendations', () => {
    it('draws 8 of the 20 consonants, shown XXXX-XXXX and entered in any case, with or without the dash', () => {
      const code = generateUserCode();
      expect(code).to.have.length(8);
      for (const c of code) expect(USER_CODE_ALPHABET).to.include(c);
      expect(displayUserCode(code)).to.equal(`${code.slice(0, 4)}-${code.slice(4)}`);
      expect(normalizeUserCode(' bcdf-ghjk ')).to.equal('BCDFGHJK');
      expect(displayUserCode('abc')).to.equal('ABC');
    });
  });
});
