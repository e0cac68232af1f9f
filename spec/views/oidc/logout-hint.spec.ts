/**
 * RPInitiatedLogoutView: `id_token_hint` identifies the RP and the user it believes logged in, never authority (OIDC
 * RP-Initiated Logout 1.0 §2, §6). Without a session nothing is revoked; with one, only the session user's tokens of
 * the requesting client, after a confirmation whenever the hint is missing or names someone else.
 */
import { expect } from 'chai';
import type Koa from 'koa';
import request from 'supertest';

import type { Application } from '../../../lib/models/application.js';
import type { OAuth2SettingsInput } from '../../../lib/settings/types.js';
import { configure } from '../../../lib/settings.js';
import { testOrm, useTransaction } from '../../helpers/db.js';
import type { User } from '../../helpers/user-entity.js';
import { AFTER, confirmLogout, LOGOUT, logoutPath } from './logout-helpers.js';
import { buildOidcApp, codeFlowTokens, createUser, emptySession, login, oidcClient, oidcSettings } from './helpers.js';

describe('RPInitiatedLogoutView: the hint is no authority', () => {
  const session = emptySession();
  const em = useTransaction({ settings: oidcSettings(session, LOGOUT) });
  let app: Koa;
  let alice: User;
  let bob: User;
  let application: Application;
  let aliceTokens: Record<string, string>;
  let bobTokens: Record<string, string>;

  /** Alice and Bob each run the code flow with the same RP; Alice stays logged in. */
  beforeEach(async () => {
    const client = await oidcClient(em(), { postLogoutRedirectUris: AFTER, name: 'Relying Party' });
    ({ user: alice, application } = client);
    bob = await createUser(em(), { username: `bob-${Date.now()}` });
    app = buildOidcApp(em, session);
    login(session, bob);
    bobTokens = await codeFlowTokens(app, application, client.clientSecret);
    login(session, alice);
    aliceTokens = await codeFlowTokens(app, application, client.clientSecret);
  });

  /** Reconfigure with the logout settings and `extra`. */
  function reconfigure(extra: Partial<OAuth2SettingsInput>): void {
    configure({ orm: testOrm(), ...oidcSettings(session, { ...LOGOUT, ...extra }) });
  }

  /** Whether an access token still opens the userinfo endpoint. */
  async function works(tokens: Record<string, string>): Promise<boolean> {
    const res = await request(app.callback())
      .get('/o/userinfo/')
      .auth(tokens.access_token ?? '', { type: 'bearer' });
    return res.status === 200;
  }

  it("without a session, alice's hint revokes nothing and the RP is sent back", async () => {
    session.user = null;
    const res = await request(app.callback()).get(
      logoutPath({ id_token_hint: aliceTokens.id_token ?? '', post_logout_redirect_uri: AFTER, state: 's' }),
    );
    expect(res.status).to.equal(302);
    expect(res.headers['location']).to.equal(`${AFTER}?state=s`);
    expect(await works(aliceTokens)).to.equal(true);
    expect(await works(bobTokens)).to.equal(true);
  });

  it("bob confirming with alice's hint logs bob out and revokes bob's tokens of that client, never alice's", async () => {
    login(session, bob);
    const { page, res } = await confirmLogout(app, {
      id_token_hint: aliceTokens.id_token ?? '',
      post_logout_redirect_uri: AFTER,
    });
    expect(page.status).to.equal(200);
    expect(page.text).to.include('Confirm Logout requested by Relying Party');
    expect(res.status).to.equal(303);
    expect(res.headers['location']).to.equal(AFTER);
    expect(session.logouts).to.equal(1);
    expect(await works(aliceTokens)).to.equal(true);
    expect(await works(bobTokens)).to.equal(false);
  });

  it("with alwaysPrompt off, bob with alice's hint is still asked first", async () => {
    reconfigure({ oidcRpInitiatedLogoutAlwaysPrompt: false });
    login(session, bob);
    const res = await request(app.callback()).get(logoutPath({ id_token_hint: aliceTokens.id_token ?? '' }));
    expect(res.status).to.equal(200);
    expect(session.logouts).to.equal(0);
    expect(await works(aliceTokens)).to.equal(true);
    expect(await works(bobTokens)).to.equal(true);
  });

  it('with alwaysPrompt off, alice with her own hint is logged out at once, only her tokens revoked', async () => {
    reconfigure({ oidcRpInitiatedLogoutAlwaysPrompt: false });
    const res = await request(app.callback()).get(
      logoutPath({ id_token_hint: aliceTokens.id_token ?? '', post_logout_redirect_uri: AFTER }),
    );
    expect(res.status).to.equal(302);
    expect(res.headers['location']).to.equal(AFTER);
    expect(session.logouts).to.equal(1);
    expect(await works(aliceTokens)).to.equal(false);
    expect(await works(bobTokens)).to.equal(true);
  });

  it("with alwaysPrompt off and no hint, alice is asked; confirmed, her tokens of client_id's client go", async () => {
    reconfigure({ oidcRpInitiatedLogoutAlwaysPrompt: false });
    const { page, res } = await confirmLogout(app, { client_id: application.clientId });
    expect(page.status).to.equal(200);
    expect(res.status).to.equal(303);
    expect(res.headers['location']).to.equal('/');
    expect(session.logouts).to.equal(1);
    expect(await works(aliceTokens)).to.equal(false);
    expect(await works(bobTokens)).to.equal(true);
  });

  it("keeps the session user's tokens with oidcRpInitiatedLogoutDeleteTokens off", async () => {
    reconfigure({ oidcRpInitiatedLogoutDeleteTokens: false });
    const { res } = await confirmLogout(app, { id_token_hint: aliceTokens.id_token ?? '' });
    expect(res.status).to.equal(303);
    expect(session.logouts).to.equal(1);
    expect(await works(aliceTokens)).to.equal(true);
  });
});
