/**
 * The device authorization grant end to end with a strict client (RFC 8628): oauth4webapi's
 * `deviceAuthorizationRequest`/`processDeviceAuthorizationResponse` and `deviceCodeGrantRequest`/
 * `processDeviceCodeResponse` against the example app, whose metadata names the device authorization endpoint; the
 * user signs in and approves through plain HTTP requests carrying cookies. The validator's clock is advanced, never
 * slept on. Second tier (ARCHITECTURE.md, Tests): a listening server, committed data.
 */
import { expect } from 'chai';
import * as oauth from 'oauth4webapi';

import { DEMO_DEVICE_CLIENT_ID } from '../../example-app/demo.js';
import { approveInBrowser, useClockedExampleProvider } from '../helpers/device.js';
import { UserAgent } from '../views/oidc/user-agent.js';

const insecure = { [oauth.allowInsecureRequests]: true } as const;

describe('device authorization grant with a strict client (oauth4webapi)', function () {
  this.timeout(60000);
  const { clock, provider } = useClockedExampleProvider();

  async function discover(): Promise<oauth.AuthorizationServer> {
    const issuer = new URL(provider().issuer);
    return oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { ...insecure }));
  }

  /** Poll once and return the processed answer, or the RFC 8628 error code it carries. */
  async function poll(as: oauth.AuthorizationServer, client: oauth.Client, deviceCode: string) {
    const response = await oauth.deviceCodeGrantRequest(as, client, oauth.None(), deviceCode, insecure);
    try {
      return await oauth.processDeviceCodeResponse(as, client, response);
    } catch (error) {
      if (error instanceof oauth.ResponseBodyError) return error.error;
      throw error;
    }
  }

  it('metadata, device authorization, pending, slow_down, approval in the browser, tokens once', async () => {
    const as = await discover();
    expect(as.device_authorization_endpoint).to.equal(`${provider().issuer}/device-authorization/`);
    expect(as.grant_types_supported).to.include('urn:ietf:params:oauth:grant-type:device_code');
    const client: oauth.Client = { client_id: DEMO_DEVICE_CLIENT_ID };

    const started = await oauth.processDeviceAuthorizationResponse(
      as,
      client,
      await oauth.deviceAuthorizationRequest(as, client, oauth.None(), { scope: 'openid read' }, insecure),
    );
    expect(started.verification_uri).to.equal(`${provider().issuer}/device/`);
    expect(started.user_code).to.match(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(started.interval).to.equal(5);
    expect(started.expires_in).to.equal(1800);

    expect(await poll(as, client, started.device_code)).to.equal('authorization_pending');
    clock.advance(1);
    expect(await poll(as, client, started.device_code)).to.equal('slow_down');

    const status = await approveInBrowser(
      new UserAgent(),
      started.verification_uri_complete ?? '',
      provider().credentials,
    );
    expect(status).to.include('Device Authorized');

    clock.advance(10);
    const tokens = await poll(as, client, started.device_code);
    expect(tokens).to.be.an('object');
    const result = tokens as oauth.TokenEndpointResponse;
    expect(result.token_type).to.equal('bearer');
    expect(result.scope).to.equal('openid read');
    expect(result.refresh_token).to.be.a('string');
    expect(result.id_token).to.be.a('string');

    clock.advance(10);
    expect(await poll(as, client, started.device_code)).to.equal('invalid_grant');
  });

  it('a denied sign-in is access_denied', async () => {
    const as = await discover();
    const client: oauth.Client = { client_id: DEMO_DEVICE_CLIENT_ID };
    const started = await oauth.processDeviceAuthorizationResponse(
      as,
      client,
      await oauth.deviceAuthorizationRequest(as, client, oauth.None(), { scope: 'read' }, insecure),
    );
    const status = await approveInBrowser(
      new UserAgent(),
      started.verification_uri_complete ?? '',
      provider().credentials,
      'deny',
    );
    expect(status).to.include('Device Denied');
    expect(await poll(as, client, started.device_code)).to.equal('access_denied');
  });
});
