/**
 * RPInitiatedLogoutView (OIDC RP-Initiated Logout 1.0; DOT's view, with its 500 on an unknown client and its
 * every-client token deletion fixed): hint, client, post-logout URI and state, the CSRF-protected confirmation,
 * the logoutUser hook, and the requesting client's tokens only.
 */
import { createPrivateKey } from 'node:crypto';
import { expect } from 'chai';
import { decodeJwt, SignJWT } from 'jose';
import type Koa from 'koa';
import request from 'supertest';

import { AccessToken } from '../../../lib/models/access-token.js';
import { tokenChecksum } from '../../../lib/models/checksum.js';
import { IDToken } from '../../../lib/models/id-token.js';
import type { Application } from '../../../lib/models/application.js';
import { configure } from '../../../lib/settings.js';
import { expectPageCsp } from '../../helpers/csp.js';
import { testOrm, useTransaction } from '../../helpers/db.js';
import { hiddenInputs } from '../../helpers/html.js';
import type { User } from '../../helpers/user-entity.js';
import {
  authorizePath,
  buildOidcApp,
  codeFlowTokens,
  emptySession,
  ISSUER,
  login,
  oidcClient,
  oidcSettings,
  redirectParams,
  RSA_KEY,
} from './helpers.js';
import { AFTER, confirmLogout, LOGOUT, logoutPath } from './logout-helpers.js';

describe('RPInitiatedLogoutView', () => {
  const session = emptySession();
  const em = useTransaction({ settings: oidcSettings(session, LOGOUT) });
  let app: Koa;
  let user: User;
  let application: Application;
  let tokens: Record<string, string>;

  /** Log in, run the code flow for an RP with a post-logout URI, and keep its tokens. */
  beforeEach(async () => {
    const client = await oidcClient(em(), { postLogoutRedirectUris: AFTER, name: 'Relying Party' });
    ({ user, application } = client);
    login(session, user);
    app = buildOidcApp(em, session);
    tokens = await codeFlowTokens(app, application, client.clientSecret);
  });

  /** Whether the access token of `tokens` still opens the userinfo endpoint. */
  async function accessTokenWorks(token = tokens.access_token ?? ''): Promise<boolean> {
    return (await request(app.callback()).get('/o/userinfo/').auth(token, { type: 'bearer' })).status === 200;
  }

  it('asks for confirmation on a page with the hidden fields, the CSRF input and the page headers', async () => {
    const hint = tokens.id_token ?? '';
    const res = await request(app.callback()).get(
      logoutPath({ id_token_hint: hint, post_logout_redirect_uri: AFTER, state: 's1' }),
    );
    expect(res.status).to.equal(200);
    expect(res.text).to.include('Confirm Logout requested by Relying Party');
    expect(res.text).to.match(/<input type="submit"[^>]*name="allow" value="Logout">/);
    expect(res.text).to.match(/<input type="submit"[^>]* value="Cancel">/);
    expect(hiddenInputs(res.text)).to.include({ id_token_hint: hint, post_logout_redirect_uri: AFTER, state: 's1' });
    expect(hiddenInputs(res.text)).to.have.property('csrfmiddlewaretoken');
    expect(res.headers['cache-control']).to.equal('no-store');
    expect(res.headers['x-frame-options']).to.equal('DENY');
    expectPageCsp(res);
    expect(res.headers['referrer-policy']).to.equal('no-referrer');
    expect(session.logouts).to.equal(0);
  });

  it("confirmed: revokes this client's tokens only, ends the session, redirects with state", async () => {
    const other = await oidcClient(em());
    const otherTokens = await codeFlowTokens(app, other.application, other.clientSecret);
    const { res } = await confirmLogout(app, {
      id_token_hint: tokens.id_token ?? '',
      post_logout_redirect_uri: AFTER,
      state: 's1',
    });
    expect(res.status).to.equal(303);
    expect(res.headers['location']).to.equal(`${AFTER}?state=s1`);
    expect(session.logouts).to.equal(1);
    expect(session.user).to.equal(null);
    expect(await accessTokenWorks()).to.equal(false);
    expect(await accessTokenWorks(otherTokens.access_token)).to.equal(true);
    const refresh = await request(app.callback())
      .post('/o/token/')
      .auth(application.clientId, 'x')
      .type('form')
      .send({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(refresh.status).not.to.equal(200);
    const jti = (id: string) => decodeJwt(id).jti;
    expect(await em().count(IDToken, { jti: jti(tokens.id_token ?? '') } as never)).to.equal(0);
    expect(await em().count(IDToken, { jti: jti(otherTokens.id_token ?? '') } as never)).to.equal(1);
    const stored = await em().findOne(AccessToken, { tokenChecksum: tokenChecksum(otherTokens.access_token ?? '') });
    expect(stored?.revoked).to.equal(null);
  });

  it('after logout, prompt=none answers login_required', async () => {
    await confirmLogout(app, { id_token_hint: tokens.id_token ?? '' });
    const res = await request(app.callback()).get(authorizePath(application.clientId, { prompt: 'none' }));
    expect(redirectParams(res).get('error')).to.equal('login_required');
  });

  it('a stray malformed escape beside the hint is still answered by this view, not a bare Koa 400', async () => {
    const hint = encodeURIComponent(tokens.id_token ?? '');
    const res = await request(app.callback()).get(`/o/logout/?id_token_hint=${hint}&x=%zz&y=%C3`);
    expect(res.status, res.text).to.equal(200);
    expect(res.text).to.include('Confirm Logout requested by Relying Party');
  });

  it('refuses the form without its CSRF token (403), and Cancel is logout_denied (400), session kept', async () => {
    const agent = request.agent(app.callback());
    const page = await agent.get(logoutPath({ id_token_hint: tokens.id_token ?? '' }));
    const fields = hiddenInputs(page.text);
    const forged = await request(app.callback())
      .post('/o/logout/')
      .type('form')
      .send({ ...fields, allow: 'Logout' });
    expect(forged.status).to.equal(403);
    const cancel = await agent.post('/o/logout/').type('form').send(fields);
    expect(cancel.status).to.equal(400);
    expect(cancel.text).to.include('Error: logout_denied');
    expect(session.logouts).to.equal(0);
    expect(await accessTokenWorks()).to.equal(true);
  });

  it('an oversized confirmation form is the 413 error page (invalid_request), nobody logged out', async () => {
    const agent = request.agent(app.callback());
    const page = await agent.get(logoutPath({ id_token_hint: tokens.id_token ?? '' }));
    const fields = hiddenInputs(page.text);
    const res = await agent
      .post('/o/logout/')
      .type('form')
      .send({ ...fields, allow: 'Logout', padding: 'x'.repeat(70 * 1024) });
    expect(res.status).to.equal(413);
    expect(res.text).to.include('Error: invalid_request');
    expect(res.headers).not.to.have.property('location');
    expect(session.logouts).to.equal(0);
  });

  it('a hint already used to log out (its ID token row gone) is still accepted', async () => {
    session.user = null;
    const path = logoutPath({ id_token_hint: tokens.id_token ?? '', post_logout_redirect_uri: AFTER });
    expect((await request(app.callback()).get(path)).status).to.equal(302);
    expect((await request(app.callback()).get(path)).status).to.equal(302);
  });

  /** Assert the 400 error page with `error` and `description`, and that nothing was logged out. */
  async function expectErrorPage(params: Record<string, string>, description: string, error = 'invalid_request') {
    const res = await request(app.callback()).get(logoutPath(params));
    expect(res.status, res.text).to.equal(400);
    expect(res.text).to.include(`Error: ${error}`);
    expect(res.text).to.include(description);
    expect(res.headers['x-frame-options']).to.equal('DENY');
    expect(res.headers).not.to.have.property('location');
    expect(session.logouts).to.equal(0);
  }

  it('an unknown client_id is a 400 page, never a 500', async () => {
    await expectErrorPage({ client_id: 'no-such-client' }, 'The client is unknown or no client has been included.');
  });

  it('a client_id that is not the hint audience is a 400 page', async () => {
    const other = await oidcClient(em());
    await expectErrorPage(
      { client_id: other.application.clientId, id_token_hint: tokens.id_token ?? '' },
      'Mismatch between the Client ID of the ID Token and the Client ID that was provided.',
    );
  });

  it('a hint not signed by us, or issued by another issuer, is a 400 page', async () => {
    const invalid = 'The ID Token is expired, revoked, malformed, or otherwise invalid.';
    await expectErrorPage({ id_token_hint: `${tokens.id_token ?? ''}x` }, invalid);
    await expectErrorPage({ id_token_hint: 'not-a-jwt' }, invalid);
    const foreign = await sign({ iss: 'https://other.example/o', aud: application.clientId, sub: String(user.id) });
    await expectErrorPage({ id_token_hint: foreign }, invalid);
  });

  it('an expired hint is accepted by default and refused with oidcRpInitiatedLogoutAcceptExpiredTokens off', async () => {
    const expired = await sign({ iss: ISSUER, aud: application.clientId, sub: String(user.id) }, -60);
    const res = await request(app.callback()).get(logoutPath({ id_token_hint: expired }));
    expect(res.status).to.equal(200);
    configure({
      orm: testOrm(),
      ...oidcSettings(session, { ...LOGOUT, oidcRpInitiatedLogoutAcceptExpiredTokens: false }),
    });
    await expectErrorPage(
      { id_token_hint: expired },
      'The ID Token is expired, revoked, malformed, or otherwise invalid.',
    );
  });

  it('post_logout_redirect_uri needs an identified client and an exact registered match', async () => {
    await expectErrorPage({ post_logout_redirect_uri: AFTER }, 'The client is unknown or no client has been included.');
    const hint = tokens.id_token ?? '';
    const unregistered = 'This client does not have this redirect uri registered.';
    await expectErrorPage({ id_token_hint: hint, post_logout_redirect_uri: `${AFTER}/more` }, unregistered);
    await expectErrorPage({ id_token_hint: hint, post_logout_redirect_uri: `${AFTER}?x=1` }, unregistered);
    await expectErrorPage(
      { client_id: application.clientId, post_logout_redirect_uri: 'http://rp.example/logged-out' },
      // autoescaped by the template
      'Redirect to scheme &quot;http&quot; is not permitted.',
    );
    await expectErrorPage(
      { client_id: application.clientId, post_logout_redirect_uri: 'logged-out' },
      'A Scheme is required for the redirect URI.',
    );
  });

  it('client_id alone identifies the client for the redirect', async () => {
    session.user = null;
    const res = await request(app.callback()).get(
      logoutPath({ client_id: application.clientId, post_logout_redirect_uri: AFTER, state: 'a b' }),
    );
    expect(res.status).to.equal(302);
    expect(res.headers['location']).to.equal(`${AFTER}?state=a%20b`);
  });

  it('never logs out on HEAD (405); without a logoutUser hook a logged-in user is a configuration error', async () => {
    expect((await request(app.callback()).head(logoutPath({ id_token_hint: tokens.id_token ?? '' }))).status).to.equal(
      405,
    );
    configure({ orm: testOrm(), ...oidcSettings(session, { ...LOGOUT, logoutUser: null }) });
    const { res } = await confirmLogout(app, { id_token_hint: tokens.id_token ?? '' });
    expect(res.status).to.equal(500);
    expect(await accessTokenWorks()).to.equal(true);
  });

  it('answers 404 while RP-initiated logout is off', async () => {
    configure({ orm: testOrm(), ...oidcSettings(session) });
    expect((await request(app.callback()).get('/o/logout/')).status).to.equal(404);
  });

  /** Sign an ID token with the provider's key, as the provider would, expiring `expiresIn` seconds from now. */
  async function sign(claims: Record<string, unknown>, expiresIn = 600): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ ...claims, jti: crypto.randomUUID(), iat: now - 700, exp: now + expiresIn })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .sign(createPrivateKey(RSA_KEY));
  }
});
