/**
 * The authorization code flow on the in-memory validator, with no ORM configured: consent, PKCE S256, the token
 * exchange and `app_authorized`, consent reuse with `approval_prompt=auto`, and a code replay.
 */
import { expect } from 'chai';
import request from 'supertest';

import { APP_AUTHORIZED } from '../../../lib/events.js';
import { hiddenInputs } from '../../helpers/html.js';
import type { MemoryApplication } from '../../helpers/memory-validator/index.js';
import {
  callApi,
  codeQuery,
  collectEvents,
  consent,
  exchange,
  memoryProvider,
  NATIVE,
  redirectParams,
  REDIRECT,
  refreshRequest,
  tokenRequest,
  VERIFIER,
  WEB,
  type MemoryProvider,
} from './app.js';

describe('In-memory validator: authorization code + PKCE (no ORM)', function () {
  let provider: MemoryProvider;

  beforeEach(async function () {
    provider = await memoryProvider();
    provider.session.user = provider.alice;
  });

  it('consent → code → token (PKCE S256) → a usable access token, and app_authorized names it', async function () {
    const events = collectEvents(APP_AUTHORIZED);
    const params = await consent(provider.app, codeQuery());
    expect(params.get('state')).to.equal('st-1');
    const tokens = await exchange(provider.app, params.get('code') ?? '');
    expect(tokens).to.include({ token_type: 'Bearer', scope: 'read write' });
    expect(tokens['refresh_token']).to.be.a('string');
    const me = await callApi(provider.app, tokens['access_token'] ?? '');
    expect(me.status, me.text).to.equal(200);
    expect(me.body).to.deep.equal({ username: 'alice' });
    expect(events).to.have.length(1);
    expect((events[0]?.application as MemoryApplication).clientId).to.equal(WEB.clientId);
    expect(events[0]?.token).to.include({ clientId: WEB.clientId, user: provider.alice });
  });

  it('a second authorization with approval_prompt=auto reuses the consent: no page, straight to the code', async function () {
    await exchange(provider.app, (await consent(provider.app, codeQuery())).get('code') ?? '');
    const res = await request(provider.app.callback()).get(`/o/authorize/?${codeQuery({ approval_prompt: 'auto' })}`);
    const code = redirectParams(res).get('code');
    expect(code).to.be.a('string');
    const tokens = await exchange(provider.app, code ?? '');
    expect((await callApi(provider.app, tokens['access_token'] ?? '')).status).to.equal(200);
  });

  it('approval_prompt=auto still shows the page for scopes the live token does not cover', async function () {
    await exchange(provider.app, (await consent(provider.app, codeQuery({ scope: 'read' }))).get('code') ?? '');
    const query = codeQuery({ approval_prompt: 'auto', scope: 'read write' });
    const res = await request(provider.app.callback()).get(`/o/authorize/?${query}`);
    expect(res.status).to.equal(200);
    expect(res.text).to.contain('Authorize web');
  });

  it('approval_prompt=auto shows the page again once the earlier token is revoked', async function () {
    const tokens = await exchange(provider.app, (await consent(provider.app, codeQuery())).get('code') ?? '');
    await tokenRevoke(tokens['access_token'] ?? '');
    const res = await request(provider.app.callback()).get(`/o/authorize/?${codeQuery({ approval_prompt: 'auto' })}`);
    expect(res.status).to.equal(200);
  });

  it('a wrong PKCE verifier is invalid_grant, and the code stays unredeemed for the right one', async function () {
    const code = (await consent(provider.app, codeQuery())).get('code') ?? '';
    const form = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT };
    const wrong = await tokenRequest(provider.app, WEB, { ...form, code_verifier: 'w'.repeat(43) });
    expect(wrong.status).to.equal(400);
    expect(wrong.body).to.include({ error: 'invalid_grant' });
    const right = await tokenRequest(provider.app, WEB, { ...form, code_verifier: VERIFIER });
    expect(right.status, right.text).to.equal(200);
  });

  it('a public client redeems its code with the verifier and no secret; a confidential one cannot skip its secret', async function () {
    const code = (await consent(provider.app, codeQuery({ client_id: NATIVE.clientId }))).get('code') ?? '';
    const form = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: VERIFIER };
    const res = await request(provider.app.callback())
      .post('/o/token/')
      .type('form')
      .send({ ...form, client_id: NATIVE.clientId });
    expect(res.status, res.text).to.equal(200);
    expect((await callApi(provider.app, res.body.access_token as string)).status).to.equal(200);
    const webCode = (await consent(provider.app, codeQuery())).get('code') ?? '';
    const noSecret = await request(provider.app.callback())
      .post('/o/token/')
      .type('form')
      .send({ ...form, code: webCode, client_id: WEB.clientId });
    expect(noSecret.status).to.equal(401);
    expect(noSecret.body).to.include({ error: 'invalid_client' });
  });

  it('a replayed code is invalid_grant and revokes the tokens it issued', async function () {
    const code = (await consent(provider.app, codeQuery())).get('code') ?? '';
    const tokens = await exchange(provider.app, code);
    const form = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: VERIFIER };
    const replay = await tokenRequest(provider.app, WEB, form);
    expect(replay.status).to.equal(400);
    expect(replay.body).to.include({ error: 'invalid_grant' });
    expect((await callApi(provider.app, tokens['access_token'] ?? '')).status).to.equal(401);
    const refresh = await refreshRequest(provider.app, tokens['refresh_token'] ?? '');
    expect(refresh.body).to.include({ error: 'invalid_grant' });
  });

  it('two concurrent redemptions of one code: exactly one gets tokens', async function () {
    const code = (await consent(provider.app, codeQuery())).get('code') ?? '';
    const form = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: VERIFIER };
    const answers = await Promise.all([tokenRequest(provider.app, WEB, form), tokenRequest(provider.app, WEB, form)]);
    expect(answers.map((res) => res.status).sort()).to.deep.equal([200, 400]);
  });

  it('an anonymous user is sent to the login page; denying consent redirects with access_denied', async function () {
    provider.session.user = null;
    const anonymous = await request(provider.app.callback()).get(`/o/authorize/?${codeQuery()}`);
    expect(anonymous.status).to.equal(302);
    expect(anonymous.headers['location']).to.match(/^\/accounts\/login\/\?next=/);
    provider.session.user = provider.alice;
    const browser = request.agent(provider.app.callback());
    const page = await browser.get(`/o/authorize/?${codeQuery()}`);
    const denied = await browser.post('/o/authorize/').type('form').send(hiddenInputs(page.text));
    expect(redirectParams(denied).get('error')).to.equal('access_denied');
  });

  /** Revoke a token of the web client. */
  async function tokenRevoke(token: string): Promise<void> {
    const res = await request(provider.app.callback())
      .post('/o/revoke_token/')
      .auth(WEB.clientId, WEB.secret)
      .type('form')
      .send({ token });
    expect(res.status).to.equal(200);
  }
});
