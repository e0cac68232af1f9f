import { MikroORM } from '@mikro-orm/core';
import { expect } from 'chai';
import Koa from 'koa';
import request from 'supertest';
import { expectUnavailable } from '../../spec/helpers/unavailable.js';
import { createApp, configureToolkit, type ExampleAppOptions } from '../app.js';
import { ormOptions } from '../orm.js';
import { sessionMiddleware, startLogin } from '../session.js';
import { csrfFrom } from './html.js';

const ISSUER = 'http://127.0.0.1:8000/o';
const KEYS = ['outage-spec-key'];
// Port 1 is never served here: every statement fails with a real ECONNREFUSED.
const UNREACHABLE = 'postgres://root@127.0.0.1:1/unreachable';

// Mints a session cookie without a database: the outage app then fails on the store's read of that key.
const NO_STORE = { get: async () => undefined, set: async () => undefined, destroy: async () => undefined };

/** Return the cookies of a session in which user 1 is logged in, signed with the app's keys. */
async function loggedInCookies(): Promise<string[]> {
  const minter = new Koa();
  minter.keys = KEYS;
  minter.use(sessionMiddleware(minter, NO_STORE));
  minter.use(async (ctx) => {
    await startLogin(ctx, { userId: 1, authTime: Math.floor(Date.now() / 1000) });
    ctx.body = 'ok';
  });
  const res = await request(minter.callback()).get('/');
  return (res.headers['set-cookie'] as unknown as string[]).map((cookie) => cookie.split(';')[0]!);
}

/** A database outage (issue 4, item 8): the example's own pages and APIs answer 503 with Retry-After, never 500. */
describe('example app: a database that refuses connections', () => {
  let orm: MikroORM;
  let options: ExampleAppOptions;
  let app: Koa;

  before(async () => {
    orm = await MikroORM.init({ ...ormOptions({ databaseUrl: UNREACHABLE, dataDir: '' }), connect: false });
    options = { orm, keys: KEYS, issuer: ISSUER };
    app = createApp(options);
    app.on('error', () => undefined);
  });

  // The run's root hook resets the toolkit settings after each test.
  beforeEach(() => configureToolkit(options));

  after(async () => {
    await orm?.close(true);
  });

  it('a page for a logged-in user (its session user is looked up first) is the 503 page', async () => {
    const res = await request(app.callback())
      .get('/')
      .set('Cookie', await loggedInCookies())
      .accept('html');
    expectUnavailable(res, 'html');
    expect(res.type).to.equal('text/html');
  });

  it('the same request from an API client is temporarily_unavailable JSON', async () => {
    const res = await request(app.callback())
      .get('/')
      .set('Cookie', await loggedInCookies())
      .accept('json');
    expectUnavailable(res, 'json');
  });

  it('an API call reads no session: with a session cookie and no token it is 401, the database never asked', async () => {
    const res = await request(app.callback())
      .get('/api/hello')
      .set('Cookie', await loggedInCookies())
      .expect(401);
    expect(res.headers['www-authenticate']).to.match(/^Bearer/);
  });

  it('a login attempt is the 503 page', async () => {
    const agent = request.agent(app.callback());
    const form = await agent.get('/accounts/login/').expect(200);
    const res = await agent
      .post('/accounts/login/')
      .type('form')
      .send({ csrfmiddlewaretoken: csrfFrom(form.text), username: 'demo', password: 'demo' });
    expectUnavailable(res, 'html');
  });

  for (const path of ['/api/hello', '/api/scoped', '/api/me']) {
    it(`${path} answers a bearer token with temporarily_unavailable JSON`, async () => {
      const res = await request(app.callback()).get(path).set('Authorization', 'Bearer some-token');
      expectUnavailable(res, 'json');
    });
  }

  it('the token endpoint answers temporarily_unavailable JSON', async () => {
    const res = await request(app.callback())
      .post('/o/token/')
      .auth('client', 'secret')
      .type('form')
      .send({ grant_type: 'client_credentials' });
    expectUnavailable(res, 'json');
  });
});
