import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type Koa from 'koa';
import request from 'supertest';
import { configureToolkit, createApp, type ExampleAppOptions } from '../app.js';
import { DEMO_CLIENT_ID, ensureDemo, type DemoCredentials } from '../demo.js';
import { openTestDatabase, type TestDatabase } from './database.js';
import { hiddenInputs } from './html.js';

const ISSUER = 'http://127.0.0.1:8000/o';
const REDIRECT_URI = 'http://127.0.0.1:8000/callback';

/** The demo application used as a client would: the code flow with PKCE, then the token on `/api/me`. */
describe('example app: the demo client through the toolkit (code flow with PKCE)', () => {
  let database: TestDatabase;
  let options: ExampleAppOptions;
  let app: Koa;
  let demo: DemoCredentials;

  before(async () => {
    database = await openTestDatabase();
    options = { orm: database.orm, keys: ['demo-flow-key'], issuer: ISSUER };
    app = createApp(options);
    demo = await ensureDemo(database.orm, { redirectUri: REDIRECT_URI });
  });

  // The run's root hook resets the toolkit settings after each test.
  beforeEach(() => configureToolkit(options));

  after(async () => {
    await database?.dispose();
  });

  it('logs the demo user in, asks for consent, redirects with a code, and the token reads /api/me', async () => {
    const agent = request.agent(app.callback());
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: DEMO_CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      scope: 'read',
      state: 'st-1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const authorizePath = `/o/authorize/?${query}`;

    const toLogin = await agent.get(authorizePath).expect(302);
    const loginUrl = new URL(toLogin.headers.location!, 'http://127.0.0.1:8000');
    expect(loginUrl.pathname).to.equal('/accounts/login/');
    expect(loginUrl.searchParams.get('next')).to.equal(authorizePath);

    const loginPage = await agent.get(`${loginUrl.pathname}${loginUrl.search}`).expect(200);
    const loginFields = hiddenInputs(loginPage.text);
    const loggedIn = await agent
      .post('/accounts/login/')
      .type('form')
      .send({ ...loginFields, username: demo.username, password: demo.password! })
      .expect(302);
    expect(loggedIn.headers.location).to.equal(authorizePath);

    const consent = await agent.get(authorizePath).expect(200);
    expect(consent.text).to.include('Authorize Demo client?');
    const approved = await agent
      .post('/o/authorize/')
      .type('form')
      .send({ ...hiddenInputs(consent.text), allow: 'Authorize' });
    expect(approved.status).to.be.oneOf([302, 303]);
    const callback = new URL(approved.headers.location!);
    expect(`${callback.origin}${callback.pathname}`).to.equal(REDIRECT_URI);
    expect(callback.searchParams.get('state')).to.equal('st-1');
    expect(callback.searchParams.get('iss')).to.equal(ISSUER);
    const code = callback.searchParams.get('code')!;

    const page = await agent.get(`/callback${callback.search}`).expect(200);
    expect(page.text).to.include(code);

    const token = await request(app.callback())
      .post('/o/token/')
      .auth(DEMO_CLIENT_ID, demo.clientSecret!)
      .type('form')
      .send({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier })
      .expect(200);
    expect(token.body).to.include.keys('access_token', 'refresh_token');
    expect(token.body.scope).to.equal('read');

    const me = await request(app.callback())
      .get('/api/me')
      .set('Authorization', `Bearer ${token.body.access_token}`)
      .expect(200);
    expect(me.body).to.deep.equal({ username: 'demo', scope: 'read' });
    await request(app.callback()).get('/api/me').expect(401);
  });

  it('serves the RFC 8414 metadata for the issuer at the host root', async () => {
    const response = await request(app.callback()).get('/.well-known/oauth-authorization-server/o').expect(200);
    expect(response.body.issuer).to.equal(ISSUER);
    expect(response.body.token_endpoint).to.equal(`${ISSUER}/token/`);
  });
});
