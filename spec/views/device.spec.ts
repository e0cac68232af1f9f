/**
 * The device grant's views through HTTP (RFC 8628; DOT's test_device.py): the device authorization endpoint, the
 * user-code, confirm and status pages (login, CSRF, page headers, binding to the user), and the token endpoint's
 * answers to polls on an injected clock.
 */
import { expect } from 'chai';
import type Koa from 'koa';
import request from 'supertest';
import { EventEmitter } from 'node:events';
import { DeviceGrant } from '../../lib/models/device-grant.js';
import { tokenChecksum } from '../../lib/models/checksum.js';
import { configure } from '../../lib/settings.js';
import { DEVICE_CODE_GRANT_TYPE } from '../../lib/oauth2/device/records.js';
import { buildApp, TEST_USER_HEADER } from '../helpers/app.js';
import { ISSUER } from '../helpers/authorize.js';
import { expectPageCsp } from '../helpers/csp.js';
import { testOrm, useTransaction } from '../helpers/db.js';
import { decide, DeviceClock, deviceSettings, enterUserCode, pollDevice, startDevice } from '../helpers/device.js';
import { createApplication, createUser } from '../helpers/factories.js';
import { hiddenInputs } from '../helpers/html.js';
import type { Application } from '../../lib/models/application.js';
import type { User } from '../helpers/user-entity.js';

describe('device grant views (RFC 8628)', function () {
  const clock = new DeviceClock();
  const em = useTransaction({ settings: deviceSettings(clock) });
  let app: Koa;
  let client: Application;
  let alice: User;
  let bob: User;

  beforeEach(async function () {
    clock.reset();
    app = buildApp({ em });
    ({ application: client } = await createApplication(em(), {
      clientType: 'public',
      authorizationGrantType: DEVICE_CODE_GRANT_TYPE,
      redirectUris: '',
      name: 'Living-room TV',
    }));
    alice = await createUser(em());
    bob = await createUser(em());
  });

  const row = (deviceCode: string) =>
    em().findOneOrFail(DeviceGrant, { deviceCodeChecksum: tokenChecksum(deviceCode) }, { refresh: true });

  describe('DeviceAuthorizationView (§3.1, §3.2)', function () {
    it('answers the codes, the absolute <issuer>/device/ and the complete URI, expires_in 1800 and interval 5', async function () {
      const start = await startDevice(app, client.clientId);
      expect(start.user_code).to.match(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
      expect(start).to.include({
        verification_uri: `${ISSUER}/device/`,
        verification_uri_complete: `${ISSUER}/device/?user_code=${start.user_code}`,
        expires_in: 1800,
        interval: 5,
      });
      expect((await row(start.device_code)).clientId).to.equal(client.clientId);
    });

    it('a confidential client authenticates (401 invalid_client without its secret); a GET is 405', async function () {
      const { application } = await createApplication(em(), { authorizationGrantType: DEVICE_CODE_GRANT_TYPE });
      const res = await request(app.callback())
        .post('/o/device-authorization/')
        .type('form')
        .send({ client_id: application.clientId });
      expect(res.status).to.equal(401);
      expect(res.body.error).to.equal('invalid_client');
      expect((await request(app.callback()).get('/o/device-authorization/')).status).to.equal(405);
    });

    it('is unsupported_grant_type while grantTypesSupported leaves the device grant out', async function () {
      configure({ orm: testOrm(), ...deviceSettings(clock), grantTypesSupported: ['authorization_code'] });
      const res = await request(app.callback())
        .post('/o/device-authorization/')
        .type('form')
        .send({ client_id: client.clientId });
      expect(res.status).to.equal(400);
      expect(res.body.error).to.equal('unsupported_grant_type');
      expect((await request(app.callback()).get('/o/device/').set(TEST_USER_HEADER, String(alice.id))).status).to.equal(
        404,
      );
    });
  });

  describe('DeviceUserCodeView (§3.3)', function () {
    it('sends an anonymous user to the login page', async function () {
      const res = await request(app.callback()).get('/o/device/?user_code=BCDF-GHJK');
      expect(res.status).to.equal(302);
      expect(res.headers['location']).to.equal(
        `/accounts/login/?next=${encodeURIComponent('/o/device/?user_code=BCDF-GHJK')}`,
      );
    });

    it('shows the form with the page headers, CSRF, and the code of verification_uri_complete filled in', async function () {
      const res = await request(app.callback())
        .get('/o/device/?user_code=bcdf-ghjk')
        .set(TEST_USER_HEADER, String(alice.id));
      expect(res.status).to.equal(200);
      expectPageCsp(res);
      expect(res.headers['cache-control']).to.equal('no-store');
      expect(res.headers['x-frame-options']).to.equal('DENY');
      expect(hiddenInputs(res.text)).to.have.property('csrfmiddlewaretoken');
      expect(res.text).to.include('name="user_code" id="id_user_code" value="BCDF-GHJK"');
    });

    it('takes the code in any case, with or without the dash, binds it and 303s to the confirm page', async function () {
      const start = await startDevice(app, client.clientId);
      const typed = start.user_code.toLowerCase().replace('-', '');
      const { res } = await enterUserCode(app, alice.id, typed);
      expect(res.status, res.text).to.equal(303);
      expect(res.headers['location']).to.equal(
        `/o/device-confirm/${client.clientId}/${start.user_code.replace('-', '')}`,
      );
      expect((await row(start.device_code)).user).to.include({ id: alice.id });
    });

    it('a POST without the CSRF token is 403 and binds nothing', async function () {
      const start = await startDevice(app, client.clientId);
      const res = await request(app.callback())
        .post('/o/device/')
        .set(TEST_USER_HEADER, String(alice.id))
        .type('form')
        .send({ user_code: start.user_code });
      expect(res.status).to.equal(403);
      expect((await row(start.device_code)).user).to.equal(null);
    });

    it('a wrong, expired or already entered code is a form error, and nothing changes', async function () {
      const start = await startDevice(app, client.clientId);
      expect((await enterUserCode(app, alice.id, 'BBBB-BBBB')).res.text).to.include('Incorrect or expired user code.');
      expect((await enterUserCode(app, alice.id, start.user_code)).res.status).to.equal(303);
      const other = await enterUserCode(app, bob.id, start.user_code);
      expect(other.res.status).to.equal(200);
      expect(other.res.text).to.include('Incorrect or expired user code.');
      expect((await row(start.device_code)).user).to.include({ id: alice.id });
      const late = await startDevice(app, client.clientId);
      clock.advance(1800);
      expect((await enterUserCode(app, alice.id, late.user_code)).res.text).to.include(
        'Incorrect or expired user code.',
      );
    });

    it('throttles failed entries per user and address: 429 with Retry-After (§5.1)', async function () {
      configure({ orm: testOrm(), ...deviceSettings(clock), throttlePairLimit: 2, throttleAddressLimit: 50 });
      for (const code of ['BBBB-BBBB', 'CCCC-CCCC']) {
        expect((await enterUserCode(app, alice.id, code)).res.status).to.equal(200);
      }
      const start = await startDevice(app, client.clientId);
      const blocked = await enterUserCode(app, alice.id, start.user_code);
      expect(blocked.res.status).to.equal(429);
      expect(Number(blocked.res.headers['retry-after'])).to.be.greaterThan(0);
      expect((await row(start.device_code)).user).to.equal(null);
    });
  });

  describe('DeviceConfirmView and DeviceGrantStatusView (§3.3, DOT #1819)', function () {
    it('show the application and scopes to the user who entered the code, and 404 to anyone else', async function () {
      const start = await startDevice(app, client.clientId, 'read write');
      const { res } = await enterUserCode(app, alice.id, start.user_code);
      const confirmPath = res.headers['location'] as string;
      const page = await request(app.callback()).get(confirmPath).set(TEST_USER_HEADER, String(alice.id));
      expect(page.status).to.equal(200);
      expectPageCsp(page);
      expect(page.text).to.include('Living-room TV requests access to the following scopes:');
      expect(page.text).to.include('<li>Reading scope</li>');
      expect(page.text).to.include(start.user_code);
      expect((await request(app.callback()).get(confirmPath).set(TEST_USER_HEADER, String(bob.id))).status).to.equal(
        404,
      );
      const statusPath = confirmPath.replace('device-confirm', 'device-grant-status');
      expect((await request(app.callback()).get(statusPath).set(TEST_USER_HEADER, String(bob.id))).status).to.equal(
        404,
      );
      // Bob, with a CSRF token of his own, cannot decide Alice's grant either.
      const bobAgent = request.agent(app.callback());
      const bobPage = await bobAgent.get('/o/device/').set(TEST_USER_HEADER, String(bob.id));
      const foreign = await bobAgent
        .post(confirmPath)
        .set(TEST_USER_HEADER, String(bob.id))
        .type('form')
        .send({ action: 'accept', csrfmiddlewaretoken: hiddenInputs(bobPage.text)['csrfmiddlewaretoken'] });
      expect(foreign.status).to.equal(404);
      expect((await row(start.device_code)).status).to.equal('authorization-pending');
    });

    it('a client id the database cannot hold (a NUL byte) or a code of nobody is 404, never a 500', async function () {
      const user = String(alice.id);
      for (const path of ['/o/device-confirm/a%00b/BCDFGHJK', '/o/device-grant-status/a%00b/BCDFGHJK']) {
        expect((await request(app.callback()).get(path).set(TEST_USER_HEADER, user)).status, path).to.equal(404);
      }
      const unknown = `/o/device-confirm/${client.clientId}/BCDFGHJK`;
      expect((await request(app.callback()).get(unknown).set(TEST_USER_HEADER, user)).status).to.equal(404);
    });

    it('accept → 303 to "Device Authorized"; the confirm page is then 404', async function () {
      const start = await startDevice(app, client.clientId);
      const res = await decide(app, alice.id, start.user_code, 'accept');
      expect(res.status, res.text).to.equal(303);
      const status = await request(app.callback())
        .get(res.headers['location'] as string)
        .set(TEST_USER_HEADER, String(alice.id));
      expect(status.status).to.equal(200);
      expect(status.text).to.include('Device Authorized');
      const confirm = (res.headers['location'] as string).replace('device-grant-status', 'device-confirm');
      expect((await request(app.callback()).get(confirm).set(TEST_USER_HEADER, String(alice.id))).status).to.equal(404);
      expect((await row(start.device_code)).status).to.equal('authorized');
    });

    it('deny → "Device Denied"; another action is 400 and decides nothing', async function () {
      const start = await startDevice(app, client.clientId);
      const { agent, res } = await enterUserCode(app, alice.id, start.user_code);
      const confirm = await agent.get(res.headers['location'] as string).set(TEST_USER_HEADER, String(alice.id));
      const odd = await agent
        .post(res.headers['location'] as string)
        .set(TEST_USER_HEADER, String(alice.id))
        .type('form')
        .send({ ...hiddenInputs(confirm.text), action: 'maybe' });
      expect(odd.status).to.equal(400);
      expect((await row(start.device_code)).status).to.equal('authorization-pending');
      const denied = await agent
        .post(res.headers['location'] as string)
        .set(TEST_USER_HEADER, String(alice.id))
        .type('form')
        .send({ ...hiddenInputs(confirm.text), action: 'deny' });
      expect(denied.status).to.equal(303);
      const status = await agent.get(denied.headers['location'] as string).set(TEST_USER_HEADER, String(alice.id));
      expect(status.text).to.include('Device Denied');
    });
  });

  describe('TokenView with the device code (§3.4, §3.5)', function () {
    it('authorization_pending, slow_down (+5 s from then on), access_denied, as JSON errors', async function () {
      const start = await startDevice(app, client.clientId);
      const pending = await pollDevice(app, client.clientId, start.device_code);
      expect(pending.status).to.equal(400);
      expect(pending.headers['cache-control']).to.equal('no-store');
      expect(pending.body.error).to.equal('authorization_pending');
      clock.advance(3);
      expect((await pollDevice(app, client.clientId, start.device_code)).body.error).to.equal('slow_down');
      expect((await row(start.device_code)).interval).to.equal(10);
      clock.advance(10);
      expect((await pollDevice(app, client.clientId, start.device_code)).body.error).to.equal('authorization_pending');
      await decide(app, alice.id, start.user_code, 'deny');
      clock.advance(10);
      expect((await pollDevice(app, client.clientId, start.device_code)).body.error).to.equal('access_denied');
    });

    it('expired_token at the token endpoint once the code expired', async function () {
      const start = await startDevice(app, client.clientId);
      await decide(app, alice.id, start.user_code, 'accept');
      clock.advance(1800);
      const res = await pollDevice(app, client.clientId, start.device_code);
      expect(res.body).to.deep.equal({ error: 'expired_token', error_description: 'The device code has expired.' });
    });

    it('a missing device_code is invalid_request and an unknown one 400 invalid_grant (never a 500 or a 404)', async function () {
      const missing = await request(app.callback())
        .post('/o/token/')
        .type('form')
        .send({ grant_type: DEVICE_CODE_GRANT_TYPE, client_id: client.clientId });
      expect(missing.status).to.equal(400);
      expect(missing.body.error).to.equal('invalid_request');
      const unknown = await pollDevice(app, client.clientId, 'nope');
      expect(unknown.status).to.equal(400);
      expect(unknown.body.error).to.equal('invalid_grant');
    });

    it('after approval: tokens once for the user, app_authorized fires, polling again is invalid_grant', async function () {
      const events = new EventEmitter();
      const seen: unknown[] = [];
      events.on('app_authorized', (e: { token: unknown }) => seen.push(e.token));
      configure({ orm: testOrm(), ...deviceSettings(clock), events });
      const start = await startDevice(app, client.clientId, 'read write');
      await decide(app, alice.id, start.user_code, 'accept');
      const res = await pollDevice(app, client.clientId, start.device_code);
      expect(res.status, res.text).to.equal(200);
      expect(res.body).to.include({ token_type: 'Bearer', scope: 'read write' });
      expect(res.body).to.have.property('refresh_token');
      expect(seen).to.have.length(1);
      expect((seen[0] as { user: { id: number } }).user.id).to.equal(alice.id);
      clock.advance(10);
      const again = await pollDevice(app, client.clientId, start.device_code);
      expect(again.body.error).to.equal('invalid_grant');
    });

    it("another client's poll is invalid_grant and writes nothing", async function () {
      const start = await startDevice(app, client.clientId);
      const { application: other } = await createApplication(em(), {
        clientType: 'public',
        authorizationGrantType: DEVICE_CODE_GRANT_TYPE,
        redirectUris: '',
      });
      const res = await pollDevice(app, other.clientId, start.device_code);
      expect(res.body.error).to.equal('invalid_grant');
      expect((await row(start.device_code)).lastChecked).to.equal(null);
    });
  });

  describe('metadata (§4)', function () {
    it('RFC 8414 lists device_authorization_endpoint and the grant type', async function () {
      const res = await request(app.callback()).get('/.well-known/oauth-authorization-server/o');
      expect(res.body.device_authorization_endpoint).to.equal(`${ISSUER}/device-authorization/`);
      expect(res.body.grant_types_supported).to.include(DEVICE_CODE_GRANT_TYPE);
    });
  });
});
