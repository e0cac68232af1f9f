import Router from '@koa/router';
import { expect } from 'chai';
import type Koa from 'koa';
import request from 'supertest';
import { oauth2Settings } from '../../lib/index.js';
import { browserSessionMiddleware, configureToolkit, createApp, type ExampleAppOptions } from '../app.js';
import { safeNext } from '../auth.js';
import { User } from '../models/user.js';
import { LOGIN_ERROR } from '../views/login.js';
import { openTestDatabase, type TestDatabase } from './database.js';
import { expectPageCsp } from '../../spec/helpers/csp.js';
import { csrfFrom } from './html.js';

const ISSUER = 'http://127.0.0.1:8000/o';

function setCookieNames(response: request.Response): string[] {
  const header = response.headers['set-cookie'] as unknown as string[] | undefined;
  return (header ?? []).map((cookie) => cookie.split('=')[0] ?? '');
}

/** Whether the response starts a session: a `sessionid` cookie with a value (an expired one only clears it). */
function setsSession(response: request.Response): boolean {
  const header = response.headers['set-cookie'] as unknown as string[] | undefined;
  return (header ?? []).some((cookie) => /^sessionid=[^;]+/.test(cookie) && !/expires=Thu, 01 Jan 1970/i.test(cookie));
}

describe('example app: login and logout pages', () => {
  let database: TestDatabase;
  let app: Koa;
  let options: ExampleAppOptions;

  before(async () => {
    database = await openTestDatabase();
    options = { orm: database.orm, keys: ['login-spec-key'], issuer: ISSUER };
    app = createApp(options);
    // A probe behind the pages: what the toolkit's hooks see for the request.
    const probe = new Router();
    probe.use(...browserSessionMiddleware(app));
    probe.all(['/probe', '/probe/logout'], async (ctx) => {
      if (ctx.path === '/probe/logout') await oauth2Settings().logoutUser?.(ctx);
      const user = oauth2Settings().getUser(ctx) as User | undefined;
      ctx.body = { user: user?.username ?? null, authTime: oauth2Settings().getAuthTime(ctx)?.getTime() ?? null };
    });
    app.use(probe.routes());
    const em = database.orm.em.fork();
    for (const [username, isActive] of [
      ['alice', true],
      ['bob', false],
    ] as const) {
      const user = em.create(User, { username, isActive, firstName: 'A', lastName: 'User' });
      await user.setPassword('correct horse');
      em.persist(user);
    }
    await em.flush();
  });

  // The run's root hook resets the toolkit settings after each test.
  beforeEach(() => configureToolkit(options));

  after(async () => {
    await database?.dispose();
  });

  async function loginForm(agent: request.Agent, next = '/'): Promise<string> {
    const page = await agent.get(`/accounts/login/?next=${encodeURIComponent(next)}`).expect(200);
    return csrfFrom(page.text);
  }

  function postLogin(agent: request.Agent, fields: Record<string, string>): request.Test {
    return agent.post('/accounts/login/').type('form').send(fields);
  }

  it('serves the login form with a CSRF token, the username and password fields and the page headers', async () => {
    const response = await request(app.callback()).get('/accounts/login/').expect(200);
    expect(response.text).to.match(/name="csrfmiddlewaretoken" value="[^"]+"/);
    expect(response.text).to.include('name="username"').and.include('name="password"');
    expect(response.headers['cache-control']).to.equal('no-store');
    expect(response.headers['x-frame-options']).to.equal('DENY');
    expect(response.headers['referrer-policy']).to.equal('no-referrer');
    expectPageCsp(response);
  });

  it('shows the form again with an error and starts no session for a wrong password', async () => {
    const agent = request.agent(app.callback());
    const csrf = await loginForm(agent);
    const response = await postLogin(agent, { csrfmiddlewaretoken: csrf, username: 'alice', password: 'wrong' });
    expect(response.status).to.equal(200);
    expect(response.text).to.include(LOGIN_ERROR).and.include('name="password"');
    expect(setsSession(response)).to.equal(false);
    expect((await agent.get('/probe')).body).to.deep.equal({ user: null, authTime: null });
  });

  it('refuses an inactive user with the right password like a wrong password', async () => {
    const agent = request.agent(app.callback());
    const csrf = await loginForm(agent);
    const response = await postLogin(agent, { csrfmiddlewaretoken: csrf, username: 'bob', password: 'correct horse' });
    expect(response.status).to.equal(200);
    expect(response.text).to.include(LOGIN_ERROR);
    expect(setsSession(response)).to.equal(false);
  });

  it('escapes what the user typed when it shows the form again', async () => {
    const agent = request.agent(app.callback());
    const csrf = await loginForm(agent);
    const response = await postLogin(agent, {
      csrfmiddlewaretoken: csrf,
      username: '"><script>x()</script>',
      password: 'x',
    });
    expect(response.text).not.to.include('<script>x()');
    expect(response.text).to.include('&lt;script&gt;x()');
  });

  it('refuses an unknown username with the same error', async () => {
    const agent = request.agent(app.callback());
    const csrf = await loginForm(agent);
    const response = await postLogin(agent, { csrfmiddlewaretoken: csrf, username: 'nobody', password: 'x' });
    expect(response.status).to.equal(200);
    expect(response.text).to.include(LOGIN_ERROR);
    expect(setsSession(response)).to.equal(false);
  });

  it('logs in with the right password: session, last login, login time, and a 302 to next', async () => {
    const agent = request.agent(app.callback());
    const csrf = await loginForm(agent);
    const before = Math.floor(Date.now() / 1000) * 1000;
    const response = await postLogin(agent, {
      csrfmiddlewaretoken: csrf,
      username: 'alice',
      password: 'correct horse',
      next: '/o/authorize/?client_id=abc&scope=openid',
    });
    expect(response.status).to.equal(302);
    expect(response.headers.location).to.equal('/o/authorize/?client_id=abc&scope=openid');
    expect(setsSession(response)).to.equal(true);
    const probe = (await agent.get('/probe')).body as { user: string; authTime: number };
    expect(probe.user).to.equal('alice');
    expect(probe.authTime).to.be.within(before, Date.now());
    const alice = await database.orm.em.fork().findOneOrFail(User, { username: 'alice' });
    expect(alice.lastLogin?.getTime()).to.be.within(before, Date.now());
    expect((await agent.get('/')).text).to.include('alice');
  });

  for (const next of [
    '//evil.example',
    '/\\evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    '/\t/evil.example',
  ]) {
    it(`refuses next=${JSON.stringify(next)} and redirects to / instead`, async () => {
      const agent = request.agent(app.callback());
      const csrf = await loginForm(agent, next);
      const response = await postLogin(agent, {
        csrfmiddlewaretoken: csrf,
        username: 'alice',
        password: 'correct horse',
        next,
      });
      expect(response.status).to.equal(302);
      expect(response.headers.location).to.equal('/');
    });
  }

  it('answers 403 without a session when the CSRF token is missing', async () => {
    const agent = request.agent(app.callback());
    await loginForm(agent);
    const response = await postLogin(agent, { username: 'alice', password: 'correct horse' });
    expect(response.status).to.equal(403);
    expect(setsSession(response)).to.equal(false);
  });

  it('answers 403 when the token comes without its cookie (a cross-site post)', async () => {
    const csrf = await loginForm(request.agent(app.callback()));
    const response = await request(app.callback())
      .post('/accounts/login/')
      .type('form')
      .send({ csrfmiddlewaretoken: csrf, username: 'alice', password: 'correct horse' });
    expect(response.status).to.equal(403);
    expect(setCookieNames(response)).not.to.include('sessionid');
  });

  it('shows the form to a user who is already logged in (prompt=login relies on it)', async () => {
    const agent = request.agent(app.callback());
    const csrf = await loginForm(agent);
    await postLogin(agent, { csrfmiddlewaretoken: csrf, username: 'alice', password: 'correct horse' }).expect(302);
    const page = await agent.get('/accounts/login/?next=/o/authorize/').expect(200);
    expect(page.text).to.include('name="password"').and.include('You are logged in as <strong>alice</strong>');
    expect(page.text).to.include('name="next" value="/o/authorize/"');
  });

  it('logs out only by a POST with a CSRF token, after a confirmation page', async () => {
    const agent = request.agent(app.callback());
    const csrf = await loginForm(agent);
    await postLogin(agent, { csrfmiddlewaretoken: csrf, username: 'alice', password: 'correct horse' }).expect(302);
    const confirm = await agent.get('/accounts/logout/').expect(200);
    expect(confirm.headers['x-frame-options']).to.equal('DENY');
    expect((await agent.get('/probe')).body.user).to.equal('alice');
    await agent.post('/accounts/logout/').type('form').send({}).expect(403);
    expect((await agent.get('/probe')).body.user).to.equal('alice');
    const done = await agent
      .post('/accounts/logout/')
      .type('form')
      .send({ csrfmiddlewaretoken: csrfFrom(confirm.text), next: '//evil.example' });
    expect(done.status).to.equal(302);
    expect(done.headers.location).to.equal('/');
    expect((await agent.get('/probe')).body).to.deep.equal({ user: null, authTime: null });
  });

  it('ends the session of a user who has been deactivated since logging in', async () => {
    const em = database.orm.em.fork();
    const carol = em.create(User, { username: 'carol' });
    await carol.setPassword('pw');
    await em.flush();
    const agent = request.agent(app.callback());
    const csrf = await loginForm(agent);
    await postLogin(agent, { csrfmiddlewaretoken: csrf, username: 'carol', password: 'pw' }).expect(302);
    expect((await agent.get('/probe')).body.user).to.equal('carol');
    carol.isActive = false;
    await em.flush();
    expect((await agent.get('/probe')).body.user).to.equal(null);
  });

  it("wires the toolkit's logoutUser hook to end the session (RP-initiated logout)", async () => {
    const agent = request.agent(app.callback());
    const csrf = await loginForm(agent);
    await postLogin(agent, { csrfmiddlewaretoken: csrf, username: 'alice', password: 'correct horse' }).expect(302);
    expect((await agent.get('/probe/logout')).body).to.deep.equal({ user: null, authTime: null });
    expect((await agent.get('/probe')).body).to.deep.equal({ user: null, authTime: null });
  });

  it("wires the toolkit's authenticateUser hook (password grant) to active users with the right password", async () => {
    const authenticateUser = oauth2Settings().authenticateUser!;
    const ctx = { state: { em: database.orm.em.fork() } } as unknown as Parameters<typeof authenticateUser>[2];
    expect(((await authenticateUser('alice', 'correct horse', ctx)) as User).username).to.equal('alice');
    expect(await authenticateUser('alice', 'wrong', ctx)).to.equal(null);
    expect(await authenticateUser('bob', 'correct horse', ctx)).to.equal(null);
    expect(await authenticateUser('nobody', 'correct horse', ctx)).to.equal(null);
  });

  it("shows the demo client's callback parameters, escaped, with the page headers", async () => {
    const response = await request(app.callback())
      .get('/callback')
      .query({ code: 'abc<b>', state: 's1', iss: ISSUER })
      .expect(200);
    expect(response.text).to.include('abc&lt;b&gt;').and.include('s1').and.include(ISSUER);
    expect(response.headers['referrer-policy']).to.equal('no-referrer');
  });

  it('says on the home page who is logged in and links to the login page otherwise', async () => {
    const response = await request(app.callback()).get('/').expect(200);
    expect(response.text).to.include('href="/accounts/login/?next=/"');
    expectPageCsp(response);
  });
});

describe('example app: safeNext', () => {
  it('keeps a local path with its query and fragment', () => {
    expect(safeNext('/o/authorize/?a=1&b=2#x')).to.equal('/o/authorize/?a=1&b=2#x');
  });

  it('refuses protocol-relative, backslashed, absolute, scheme and control-character values', () => {
    for (const next of [
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      'https://evil.example',
      'javascript:x',
      '/\n/evil',
      '',
      'relative/path',
    ]) {
      expect(safeNext(next), JSON.stringify(next)).to.equal('/');
    }
    expect(safeNext(undefined)).to.equal('/');
    expect(safeNext(['/a'])).to.equal('/');
  });
});
