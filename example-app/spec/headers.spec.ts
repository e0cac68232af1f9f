import { expect } from 'chai';
import type Koa from 'koa';
import request from 'supertest';
import { expectPageCsp } from '../../spec/helpers/csp.js';
import { configureToolkit, createApp, type ExampleAppOptions } from '../app.js';
import { openTestDatabase, type TestDatabase } from './database.js';

const ISSUER = 'http://127.0.0.1:8000/o';

/** Hardening headers (issue 4, item 10): nosniff on every answer, the pages' CSP with their style's nonce. */
describe('example app: security headers', () => {
  let database: TestDatabase;
  let options: ExampleAppOptions;
  let app: Koa;

  before(async () => {
    database = await openTestDatabase();
    options = { orm: database.orm, keys: ['headers-spec-key'], issuer: ISSUER };
    app = createApp(options);
  });

  // The run's root hook resets the toolkit settings after each test.
  beforeEach(() => configureToolkit(options));

  after(async () => {
    await database?.dispose();
  });

  it('sends X-Content-Type-Options: nosniff on every answer: pages, APIs, OAuth errors, redirects and 404s', async () => {
    const answers = {
      page: await request(app.callback()).get('/'),
      api: await request(app.callback()).get('/api/hello'),
      middleware: await request(app.callback()).get('/api/me'),
      token: await request(app.callback()).post('/o/token/').type('form').send({ grant_type: 'client_credentials' }),
      redirect: await request(app.callback()).get('/o/authorize/'),
      missing: await request(app.callback()).get('/no/such/page'),
      metadata: await request(app.callback()).get('/.well-known/oauth-authorization-server/o'),
    };
    const statuses = Object.values(answers).map((res) => res.status);
    expect(statuses).to.deep.equal([200, 401, 401, 401, 302, 404, 200]);
    for (const [what, res] of Object.entries(answers)) {
      expect(res.headers['x-content-type-options'], what).to.equal('nosniff');
    }
  });

  it('keeps nosniff on the answer Koa makes for a thrown error (a form body over the parser limit)', async () => {
    const res = await request(app.callback())
      .post('/accounts/login/')
      .type('form')
      .send(`username=${'a'.repeat(200 * 1024)}`);
    expect(res.status).to.equal(413);
    expect(res.headers['x-content-type-options']).to.equal('nosniff');
  });

  for (const path of ['/', '/accounts/login/', '/accounts/logout/', '/callback?code=abc&state=s']) {
    it(`serves ${path} with the pages' CSP, its inline style tagged with the CSP's nonce`, async () => {
      const res = await request(app.callback()).get(path).expect(200);
      expectPageCsp(res);
      expect(res.text).to.match(/<style nonce=/);
    });
  }
});
