import { expect } from 'chai';
import { DEVICE_CODE_GRANT_TYPE, OAuth2Request } from '../../lib/oauth2/index.js';
import { DeviceGrant, DEVICE_REDEEMED } from '../../lib/models/device-grant.js';
import { tokenChecksum } from '../../lib/models/checksum.js';
import { clearExpired } from '../../lib/models/clear-expired.js';
import { useTransaction } from '../helpers/db.js';
import { createApplication, createUser } from '../helpers/factories.js';
import { Harness, json } from './helpers.js';

const DEVICE_URI = 'https://as.example/o/device-authorization/';
const GRANT_TYPES = ['authorization_code', 'refresh_token', DEVICE_CODE_GRANT_TYPE];

describe('OAuth2Validator: the device grant (RFC 8628) on DeviceGrant', () => {
  const em = useTransaction();

  async function start(h: Harness) {
    const { application } = await createApplication(em(), {
      clientType: 'public',
      authorizationGrantType: DEVICE_CODE_GRANT_TYPE,
      redirectUris: '',
    });
    const res = await h.server.createDeviceAuthorizationResponse(
      h.post({ client_id: application.clientId, scope: 'read' }, {}, DEVICE_URI),
    );
    const body = json(res) as { device_code: string; user_code: string };
    return { application, ...body };
  }
  const harness = () => new Harness(em, { grantTypesSupported: GRANT_TYPES });
  const lookup = (_h: Harness) => OAuth2Request.parse({ uri: '/o/device/', httpMethod: 'GET', session: em() });
  const row = (deviceCode: string) =>
    em().findOneOrFail(DeviceGrant, { deviceCodeChecksum: tokenChecksum(deviceCode) }, { refresh: true });
  const poll = (h: Harness, clientId: string, deviceCode: string) =>
    h.server.createTokenResponse(
      h.post({ grant_type: DEVICE_CODE_GRANT_TYPE, client_id: clientId, device_code: deviceCode }),
    );

  it('stores both codes as SHA-256 checksums only, pending, with the interval and expiry', async () => {
    const h = harness();
    const { application, device_code, user_code } = await start(h);
    const grant = await row(device_code);
    expect(grant.userCodeChecksum).to.equal(tokenChecksum(user_code.replace('-', '')));
    expect(grant).to.include({
      clientId: application.clientId,
      scope: 'read',
      interval: 5,
      status: 'authorization-pending',
    });
    expect(grant.expires.getTime()).to.be.closeTo(h.clock.now() + 1800_000, 1000);
  });

  it('each poll is one conditional UPDATE of the last poll time and the interval (slow_down adds 5 s)', async () => {
    const h = harness();
    const { application, device_code } = await start(h);
    expect(json(await poll(h, application.clientId, device_code), 400).error).to.equal('authorization_pending');
    expect((await row(device_code)).lastChecked?.getTime()).to.equal(h.clock.now());
    h.clock.advance(1);
    expect(json(await poll(h, application.clientId, device_code), 400).error).to.equal('slow_down');
    expect((await row(device_code)).interval).to.equal(10);
    h.clock.advance(10);
    expect(json(await poll(h, application.clientId, device_code), 400).error).to.equal('authorization_pending');
    expect((await row(device_code)).interval).to.equal(10);
  });

  it('a poll by another client writes nothing and is invalid_grant', async () => {
    const h = harness();
    const { device_code } = await start(h);
    const { application: other } = await createApplication(em(), {
      clientType: 'public',
      authorizationGrantType: DEVICE_CODE_GRANT_TYPE,
      redirectUris: '',
    });
    expect(json(await poll(h, other.clientId, device_code), 400).error).to.equal('invalid_grant');
    expect((await row(device_code)).lastChecked).to.equal(null);
  });

  it('entering the code binds the user once; approval issues tokens once, then the code is redeemed', async () => {
    const h = harness();
    const { application, device_code, user_code } = await start(h);
    const [alice, bob] = [await createUser(em()), await createUser(em())];
    const typed = user_code.toLowerCase().replace('-', '');
    expect(await h.validator.enterDeviceUserCode(typed, alice, lookup(h))).to.deep.equal({
      clientId: application.clientId,
      userCode: user_code.replace('-', ''),
    });
    expect(await h.validator.enterDeviceUserCode(user_code, bob, lookup(h))).to.equal(null);
    expect(await h.validator.getDeviceGrant(application.clientId, user_code, bob, lookup(h))).to.equal(null);
    expect(await h.validator.decideDeviceGrant(application.clientId, user_code, bob, null, lookup(h))).to.equal(false);
    const page = await h.validator.getDeviceGrant(application.clientId, user_code, alice, lookup(h));
    expect(page?.pending).to.equal(true);
    expect(page?.scopes).to.deep.equal(['read']);
    const approval = { authTime: 1_700_000_000, acr: null };
    expect(await h.validator.decideDeviceGrant(application.clientId, user_code, alice, approval, lookup(h))).to.equal(
      true,
    );
    const token = json(await poll(h, application.clientId, device_code));
    expect(token.scope).to.equal('read');
    expect((await row(device_code)).status).to.equal(DEVICE_REDEEMED);
    h.clock.advance(10);
    expect(json(await poll(h, application.clientId, device_code), 400).error).to.equal('invalid_grant');
  });

  it('cleartokens purges expired device grants', async () => {
    const h = harness();
    const { device_code } = await start(h);
    const grant = await row(device_code);
    grant.expires = new Date(Date.now() - 1000);
    await em().flush();
    const result = await clearExpired(em());
    expect(result.deviceGrants).to.equal(1);
    expect(await em().count(DeviceGrant, { deviceCodeChecksum: tokenChecksum(device_code) })).to.equal(0);
  });
});
