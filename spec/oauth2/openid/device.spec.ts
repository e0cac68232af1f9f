import { expect } from 'chai';
import { decodeJwt } from 'jose';
import { DEVICE_CODE_GRANT_TYPE, normalizeUserCode } from '../../../lib/oauth2/index.js';
import { ISSUER, SPA, json, post } from '../helpers/fixtures.js';
import { ALICE, setupOidc } from './helpers/fixtures.js';

const DEVICE_URI = `${ISSUER}/o/device-authorization/`;

describe('oauth2/openid: the device grant (RFC 8628 §3.5 with OIDC Core §3.1.3.3)', () => {
  function setup() {
    const env = setupOidc({
      grantTypesSupported: ['authorization_code', 'refresh_token', DEVICE_CODE_GRANT_TYPE],
      deviceAuthorizationEndpoint: DEVICE_URI,
    });
    env.validator.clients.get(SPA.id)!.grantTypes.push(DEVICE_CODE_GRANT_TYPE);
    return env;
  }

  async function approvedPoll(scope: string) {
    const { server, validator } = setup();
    const start = json(
      await server.createDeviceAuthorizationResponse(post({ client_id: SPA.id, scope }, {}, DEVICE_URI)),
    );
    validator.decideDeviceGrant(normalizeUserCode(String(start.user_code)), ALICE, true);
    const res = await server.createTokenResponse(
      post({ grant_type: DEVICE_CODE_GRANT_TYPE, client_id: SPA.id, device_code: String(start.device_code) }),
    );
    expect(res.status, res.body).to.equal(200);
    return json(res);
  }

  it('with openid in the scope the token response carries an ID token for the approving user', async () => {
    const token = await approvedPoll('openid read');
    const claims = decodeJwt(String(token.id_token));
    expect(claims).to.include({ iss: ISSUER, sub: String(ALICE.id), aud: SPA.id });
    expect(claims).to.not.have.property('nonce');
  });

  it('without openid there is no ID token', async () => {
    expect(await approvedPoll('read')).to.not.have.property('id_token');
  });

  it('discovery lists the device authorization endpoint and the grant type', () => {
    const doc = setup().server.openIDConfiguration();
    expect(doc.device_authorization_endpoint).to.equal(DEVICE_URI);
    expect(doc.grant_types_supported).to.include(DEVICE_CODE_GRANT_TYPE);
  });
});
