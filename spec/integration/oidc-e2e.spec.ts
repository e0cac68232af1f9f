/**
 * A strict OpenID Connect client end to end (issue 5, Tests): oauth4webapi runs discovery, the authorization code
 * flow with PKCE, ID token validation (claims, nonce, and the signature against the published JWKS), userinfo,
 * refresh and revocation against a listening provider, with no leniency beyond http on 127.0.0.1
 * (`allowInsecureRequests`). The user logs in and consents through plain HTTP requests carrying cookies. Second
 * tier (ARCHITECTURE.md, Tests): a listening server, committed data, tables truncated after.
 */
import { expect } from 'chai';
import * as oauth from 'oauth4webapi';

import { startExampleProvider as startProvider } from '../views/oidc/example-provider.js';
import type { Provider } from '../views/oidc/provider.js';
import { hiddenInputs } from '../helpers/html.js';
import { formAction, loginAndConsent, UserAgent } from '../views/oidc/user-agent.js';

const insecure = { [oauth.allowInsecureRequests]: true } as const;

describe('OpenID Connect with a strict client (oauth4webapi)', function () {
  this.timeout(60000);
  let provider: Provider;

  before(async () => {
    provider = await startProvider();
  });

  beforeEach(() => provider.configure());

  after(async () => {
    await provider?.close();
  });

  /** Discover the provider from its issuer alone. */
  async function discover(): Promise<oauth.AuthorizationServer> {
    const issuer = new URL(provider.issuer);
    return oauth.processDiscoveryResponse(
      issuer,
      await oauth.discoveryRequest(issuer, { ...insecure, algorithm: 'oidc' }),
    );
  }

  /** Log the user in through the authorization code flow with PKCE and return the processed token response. */
  async function logIn(as: oauth.AuthorizationServer, client: oauth.Client, agent = new UserAgent()) {
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const nonce = oauth.generateRandomNonce();
    const url = new URL(as.authorization_endpoint ?? '');
    url.search = new URLSearchParams({
      client_id: client.client_id,
      redirect_uri: provider.redirectUri,
      response_type: 'code',
      scope: 'openid profile email',
      state,
      nonce,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }).toString();
    const callback = await loginAndConsent(agent, url, provider.credentials);
    const params = oauth.validateAuthResponse(as, client, callback, state);
    const clientAuth = oauth.ClientSecretBasic(provider.clientSecret);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      clientAuth,
      params,
      provider.redirectUri,
      verifier,
      insecure,
    );
    const result = await oauth.processAuthorizationCodeResponse(as, client, response, {
      expectedNonce: nonce,
      requireIdToken: true,
    });
    await oauth.validateApplicationLevelSignature(as, response, insecure);
    return { result, agent, clientAuth };
  }

  it('discovery, code flow with PKCE, ID token, userinfo, refresh and revocation', async () => {
    const as = await discover();
    expect(as.issuer).to.equal(provider.issuer);
    expect(as.id_token_signing_alg_values_supported).to.include('RS256');
    const client: oauth.Client = { client_id: provider.clientId, id_token_signed_response_alg: 'RS256' };

    const { result, clientAuth } = await logIn(as, client);
    const claims = oauth.getValidatedIdTokenClaims(result);
    expect(claims?.iss).to.equal(provider.issuer);
    expect(claims?.aud).to.equal(provider.clientId);
    expect(claims?.sub).to.equal(provider.subject);
    expect(claims?.auth_time).to.be.a('number');
    expect(result.token_type).to.equal('bearer');

    const userinfo = await oauth.processUserInfoResponse(
      as,
      client,
      claims?.sub ?? '',
      await oauth.userInfoRequest(as, client, result.access_token, insecure),
    );
    expect(userinfo.sub).to.equal(provider.subject);
    expect(userinfo.email).to.equal(provider.email);

    const refreshResponse = await oauth.refreshTokenGrantRequest(
      as,
      client,
      clientAuth,
      result.refresh_token ?? '',
      insecure,
    );
    const refreshed = await oauth.processRefreshTokenResponse(as, client, refreshResponse);
    await oauth.validateApplicationLevelSignature(as, refreshResponse, insecure);
    const refreshedClaims = oauth.getValidatedIdTokenClaims(refreshed);
    expect(refreshedClaims?.sub).to.equal(claims?.sub);
    expect(refreshedClaims?.auth_time).to.equal(claims?.auth_time);
    expect(refreshed.access_token).not.to.equal(result.access_token);

    // The rotated-away refresh token is dead; revoking the live one ends the grant.
    await oauth.processRevocationResponse(
      await oauth.revocationRequest(as, client, clientAuth, refreshed.refresh_token ?? '', insecure),
    );
    const afterRevocation = await oauth.refreshTokenGrantRequest(
      as,
      client,
      clientAuth,
      refreshed.refresh_token ?? '',
      insecure,
    );
    let refused: unknown = null;
    await oauth.processRefreshTokenResponse(as, client, afterRevocation).catch((error: unknown) => (refused = error));
    expect(refused).to.be.instanceOf(oauth.ResponseBodyError);
    expect((refused as oauth.ResponseBodyError).error).to.equal('invalid_grant');
    const userinfoAfter = await oauth.userInfoRequest(as, client, refreshed.access_token, insecure);
    expect(userinfoAfter.status).to.equal(401);
  });

  it('RP-initiated logout from the discovered end_session_endpoint; then prompt=none is login_required', async () => {
    const as = await discover();
    const client: oauth.Client = { client_id: provider.clientId };
    const { result, agent } = await logIn(as, client);
    const endSession = new URL(as.end_session_endpoint ?? '');
    endSession.search = new URLSearchParams({
      id_token_hint: result.id_token ?? '',
      post_logout_redirect_uri: provider.postLogoutRedirectUri,
      state: 'bye',
    }).toString();
    const confirm = await agent.get(endSession);
    expect(confirm.status).to.equal(200);
    const html = await confirm.text();
    const done = await agent.post(formAction(html, endSession), { ...hiddenInputs(html), allow: 'Logout' });
    expect(done.status).to.equal(303);
    expect(done.headers.get('location')).to.equal(`${provider.postLogoutRedirectUri}?state=bye`);
    const userinfo = await oauth.userInfoRequest(as, client, result.access_token, insecure);
    expect(userinfo.status).to.equal(401);

    const silent = new URL(as.authorization_endpoint ?? '');
    silent.search = new URLSearchParams({
      client_id: client.client_id,
      redirect_uri: provider.redirectUri,
      response_type: 'code',
      scope: 'openid',
      state: 's',
      nonce: 'n',
      prompt: 'none',
      code_challenge: await oauth.calculatePKCECodeChallenge(oauth.generateRandomCodeVerifier()),
      code_challenge_method: 'S256',
    }).toString();
    const answer = await agent.get(silent);
    expect(answer.status).to.equal(302);
    let error: unknown = null;
    try {
      oauth.validateAuthResponse(as, client, new URL(answer.headers.get('location') ?? ''), 's');
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(oauth.AuthorizationResponseError);
    expect((error as oauth.AuthorizationResponseError).error).to.equal('login_required');
  });
});
