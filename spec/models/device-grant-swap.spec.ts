/**
 * The device grant is a swappable model (DOT's `OAUTH2_PROVIDER_DEVICE_GRANT_MODEL`): an app's class that extends
 * `DeviceGrant`, named in `oauth2Entities({ deviceGrantModel })` with the partial unique index of pending user codes
 * on its own table, is the one the validator reads and writes.
 */
import { expect } from 'chai';
import { EntitySchema } from '@mikro-orm/core';
import { DeviceGrant } from '../../lib/models/device-grant.js';
import { getDeviceGrantModel } from '../../lib/models/registry.js';
import { pendingUserCodeIndex } from '../../lib/models/schemas.js';
import { DEVICE_CODE_GRANT_TYPE, OAuth2Request, Server, encodeForm } from '../../lib/oauth2/index.js';
import { configure, oauth2Entities } from '../../lib/settings.js';
import { OAuth2Validator } from '../../lib/validator.js';
import { createApplication } from '../helpers/factories.js';
import { useScratchOrm } from '../helpers/db.js';
import { UserSchema } from '../helpers/user-entity.js';

class TvGrant extends DeviceGrant {
  deviceName = '';
}
const TABLE = 'tv_devicegrant';
const TvGrantSchema = new EntitySchema<TvGrant>({
  class: TvGrant,
  extends: 'AbstractDeviceGrant' as never,
  tableName: TABLE,
  properties: { deviceName: { type: 'string', length: 64, default: '' } } as never,
  indexes: [pendingUserCodeIndex(TABLE)],
});

describe('swappable DeviceGrant (oauth2Entities({ deviceGrantModel }))', () => {
  const orm = useScratchOrm(
    () => [UserSchema, ...oauth2Entities({ userEntity: UserSchema, deviceGrantModel: TvGrantSchema })],
    'tv',
  );

  it('the registry and the validator use the app’s class and table, and its user codes stay unique', async () => {
    configure({ orm: orm(), grantTypesSupported: [DEVICE_CODE_GRANT_TYPE] });
    expect(getDeviceGrantModel()).to.equal(TvGrant);
    const em = orm().em.fork();
    const { application } = await createApplication(em, {
      clientType: 'public',
      authorizationGrantType: DEVICE_CODE_GRANT_TYPE,
      redirectUris: '',
    });
    const server = new Server(new OAuth2Validator(), {
      grantTypesSupported: [DEVICE_CODE_GRANT_TYPE],
      oauthDeviceUserCodeGenerator: () => 'BCDFGHJK',
    });
    const ask = () =>
      server.createDeviceAuthorizationResponse({
        uri: 'https://as.example/o/device-authorization/',
        httpMethod: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: encodeForm({ client_id: application.clientId }),
        session: orm().em.fork(),
      });
    expect((await ask()).status).to.equal(200);
    const rows = await orm().em.fork().find(TvGrant, {});
    expect(rows).to.have.length(1);
    expect(rows[0]).to.be.instanceOf(TvGrant);
    expect(rows[0]!.deviceName).to.equal('');
    // The same user code again while the first grant is pending: the index refuses it, so the core gives up (503).
    expect((await ask()).status).to.equal(503);
    const request = OAuth2Request.parse({ uri: '/', httpMethod: 'GET', session: orm().em.fork() });
    expect(await new OAuth2Validator().pollDeviceCode(application.clientId, 'unknown', request)).to.deep.equal({
      status: 'invalid',
    });
  });
});
