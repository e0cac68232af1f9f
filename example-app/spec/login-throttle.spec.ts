/**
 * The example app's login is throttled by the toolkit (`throttledAuthenticate()`): after too many wrong passwords
 * for a username from one address it answers 429 with `Retry-After` and a page that says to wait, the same page
 * whether or not the username exists, while the owner logs in from elsewhere.
 */
import { expect } from 'chai';
import type Koa from 'koa';
import request from 'supertest';
import { configureToolkit, createApp, type ExampleAppOptions } from '../app.js';
import { User } from '../models/user.js';
import { LOGIN_ERROR } from '../views/login.js';
import { openTestDatabase, type TestDatabase } from './database.js';
import { csrfFrom } from './html.js';

const WAIT = 'Too many failed login attempts. Please wait 15 minutes and try again.';

describe('example app: login throttling', function () {
  this.timeout(60000);
  let database: TestDatabase;
  let app: Koa;
  let options: ExampleAppOptions;

  before(async () => {
    database = await openTestDatabase();
    // Behind a proxy, so that each request says its address; three failures block a (username, address) pair.
    options = {
      orm: database.orm,
      keys: ['login-throttle-spec-key'],
      issuer: 'http://127.0.0.1:8000/o',
      proxy: true,
      settings: { throttlePairLimit: 3 },
    };
    app = createApp(options);
    const em = database.orm.em.fork();
    const dave = em.create(User, { username: 'dave' });
    await dave.setPassword('correct horse');
    await em.flush();
  });

  // The run's root hook resets the toolkit settings after each test.
  beforeEach(() => configureToolkit(options));

  after(async () => {
    await database?.dispose();
  });

  // `forwarded`: the X-Forwarded-For the proxy passes on, the address it saw last.
  async function attempt(forwarded: string, username: string, password: string): Promise<request.Response> {
    const agent = request.agent(app.callback());
    const page = await agent.get('/accounts/login/').set('X-Forwarded-For', forwarded).expect(200);
    return agent
      .post('/accounts/login/')
      .set('X-Forwarded-For', forwarded)
      .type('form')
      .send({ csrfmiddlewaretoken: csrfFrom(page.text), username, password });
  }

  function alert(page: request.Response): string | undefined {
    return /<p class="error" role="alert">([^<]*)<\/p>/.exec(page.text)?.[1];
  }

  it('answers 429 with Retry-After and asks to wait, refusing even the right password; the owner logs in elsewhere', async () => {
    for (let i = 0; i < 3; i++) expect(alert(await attempt('203.0.113.1', 'dave', 'wrong'))).to.equal(LOGIN_ERROR);
    const blocked = await attempt('203.0.113.1', 'dave', 'correct horse');
    expect(blocked.status).to.equal(429);
    expect(Number(blocked.headers['retry-after'])).to.be.within(899, 900);
    expect(alert(blocked)).to.equal(WAIT);
    expect(blocked.text).to.include('name="password"');
    expect(blocked.headers['set-cookie'] ?? []).not.to.satisfy((cookies: string[]) =>
      cookies.some((cookie) => cookie.startsWith('sessionid=')),
    );
    const owner = await attempt('198.51.100.1', 'dave', 'correct horse');
    expect(owner.status).to.equal(302);
  });

  it('counts by the address the proxy saw, not by one the client wrote into its own X-Forwarded-For', async () => {
    for (let i = 0; i < 3; i++) await attempt(`10.0.0.${i}, 203.0.113.3`, 'dave', 'wrong');
    expect((await attempt('10.0.0.9, 203.0.113.3', 'dave', 'correct horse')).status).to.equal(429);
  });

  it('says the same for a username that does not exist', async () => {
    for (let i = 0; i < 3; i++) expect(alert(await attempt('203.0.113.2', 'nobody', 'guess'))).to.equal(LOGIN_ERROR);
    const blocked = await attempt('203.0.113.2', 'nobody', 'guess');
    expect(blocked.status).to.equal(429);
    expect(alert(blocked)).to.equal(WAIT);
  });
});
