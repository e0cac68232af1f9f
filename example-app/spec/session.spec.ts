import Router from '@koa/router';
import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type Koa from 'koa';
import request from 'supertest';
import { getAccessTokenModel, oauth2Settings, type AccessToken } from '../../lib/index.js';
import { browserSessionMiddleware, configureToolkit, createApp, type ExampleAppOptions } from '../app.js';
import { User } from '../models/user.js';
import { createUser, submit } from './accounts.js';
import { openTestDatabase, type TestDatabase } from './database.js';
import { hiddenInputs } from './html.js';

const ALICE = { username: 'alice', password: 'correct horse' };
const MALLORY = { username: 'mallory', password: 'battery staple' };

/** The `Cookie` header that replays the named cookies (and their signatures) of a response, as a thief would. */
function cookieCopy(response: request.Response, name: string): string {
  const lines = (response.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
  const pairs = lines
    .map((line) => line.split(';')[0]!)
    .filter((pair) => pair.startsWith(`${name}=`) || pair.startsWith(`${name}.sig=`));
  expect(pairs, `${name} and its signature`).to.have.length(2);
  return pairs.join('; ');
}

/** The one `Set-Cookie` line of a response for `name`. */
function setCookieLine(response: request.Response, name: string): string {
  const lines = (response.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
  const line = lines.find((candidate) => candidate.startsWith(`${name}=`));
  expect(line, name).to.be.a('string');
  return line!;
}

/** Server-side sessions (issue: logout must end the session on the server; the session id and CSRF token rotate). */
describe('example app: sessions kept in the database', () => {
  let database: TestDatabase;
  let options: ExampleAppOptions;
  let app: Koa;

  before(async () => {
    database = await openTestDatabase();
    options = { orm: database.orm, keys: ['session-spec-key'], issuer: 'http://127.0.0.1:8000/o' };
    app = createApp(options);
    // Behind the pages: who the toolkit sees as logged in, and its logoutUser hook (RP-initiated logout).
    const probe = new Router();
    probe.use(...browserSessionMiddleware(app));
    probe.all(['/probe', '/probe/logout'], async (ctx) => {
      if (ctx.path === '/probe/logout') await oauth2Settings().logoutUser?.(ctx);
      ctx.body = { user: (oauth2Settings().getUser(ctx) as User | undefined)?.username ?? null };
    });
    app.use(probe.routes());
    for (const user of [ALICE, MALLORY]) await createUser(database.orm, user.username, user.password);
  });

  // The run's root hook resets the toolkit settings after each test.
  beforeEach(() => configureToolkit(options));

  after(async () => {
    await database?.dispose();
  });

  /** Who the app sees as logged in for a `Cookie` header. */
  async function whoIs(cookie: string): Promise<string | null> {
    const response = await request(app.callback()).get('/probe').set('Cookie', cookie).expect(200);
    return (response.body as { user: string | null }).user;
  }

  /** Log in with a fresh browser and return it with the copy of its session cookie. */
  async function loggedIn(user = ALICE): Promise<{ agent: request.Agent; cookie: string }> {
    const agent = request.agent(app.callback());
    const response = await submit(agent, '/accounts/login/', user);
    expect(response.status).to.equal(302);
    return { agent, cookie: cookieCopy(response, 'sessionid') };
  }

  it('keeps only a random key in the signed, HttpOnly, SameSite=Lax session cookie', async () => {
    const response = await submit(request.agent(app.callback()), '/accounts/login/', ALICE);
    expect(setCookieLine(response, 'sessionid')).to.match(/; samesite=lax; httponly$/);
    const cookie = cookieCopy(response, 'sessionid');
    const value = cookie.split('; ')[0]!.slice('sessionid='.length);
    expect(value).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(await whoIs(cookie)).to.equal('alice');
    expect(await whoIs(cookie.split('; ')[0]!)).to.equal(null); // without its signature
  });

  it('does not log in a copy of the session cookie taken before logout', async () => {
    const { agent, cookie } = await loggedIn();
    expect(await whoIs(cookie)).to.equal('alice');
    const response = await submit(agent, '/accounts/logout/');
    expect(response.status).to.equal(302);
    expect(await whoIs(cookie)).to.equal(null);
  });

  it("ends the server-side session through the toolkit's logoutUser hook (RP-initiated logout)", async () => {
    const { agent, cookie } = await loggedIn();
    expect((await agent.get('/probe/logout').expect(200)).body).to.deep.equal({ user: null });
    expect(await whoIs(cookie)).to.equal(null);
  });

  it('gives a new session id at login and destroys a session planted before it (fixation)', async () => {
    const planted = (await loggedIn(MALLORY)).cookie;
    const page = await request(app.callback()).get('/accounts/login/').set('Cookie', planted).expect(200);
    const response = await request(app.callback())
      .post('/accounts/login/')
      .set('Cookie', `${planted}; ${cookieCopy(page, 'csrftoken')}`)
      .type('form')
      .send({ ...hiddenInputs(page.text), ...ALICE });
    expect(response.status).to.equal(302);
    const after = cookieCopy(response, 'sessionid');
    expect(after.split('; ')[0]).not.to.equal(planted.split('; ')[0]);
    expect(await whoIs(after)).to.equal('alice');
    expect(await whoIs(planted)).to.equal(null);
  });

  it('gives a new CSRF token at login: a token served before it no longer passes', async () => {
    const agent = request.agent(app.callback());
    const page = await agent.get('/accounts/login/').expect(200);
    const before = hiddenInputs(page.text);
    const login = await agent
      .post('/accounts/login/')
      .type('form')
      .send({ ...before, ...ALICE })
      .expect(302);
    expect(setCookieLine(login, 'csrftoken')).not.to.equal(setCookieLine(page, 'csrftoken'));
    const stale = await agent.post('/accounts/logout/').type('form').send(before);
    expect(stale.status).to.equal(403);
  });

  it('does not log anyone in with a session whose row is past its expiry', async () => {
    const { cookie } = await loggedIn();
    expect(await whoIs(cookie)).to.equal('alice');
    await database.orm.em
      .getConnection()
      .execute("update django_session set expire_date = now() - interval '1 second'");
    expect(await whoIs(cookie)).to.equal(null);
  });

  it('reads no session row for requests without a session cookie (anonymous pages, API calls)', async () => {
    const em = database.orm.em.fork();
    const token = randomBytes(32).toString('base64url');
    const user = await em.findOneOrFail(User, { username: 'alice' });
    const accessToken = em.create(getAccessTokenModel(), {
      user,
      scope: 'read',
      expires: new Date(Date.now() + 3600_000),
      family: randomUUID(),
    } as never) as AccessToken;
    accessToken.setToken(token);
    await em.flush();
    const connection = database.orm.em.getConnection();
    // Without its table, any session read or write would fail the request.
    await connection.execute('alter table django_session rename to django_session_away');
    try {
      await request(app.callback()).get('/api/hello').set('Authorization', `Bearer ${token}`).expect(200);
      await request(app.callback()).get('/').expect(200);
      await request(app.callback()).get('/accounts/login/').expect(200);
    } finally {
      await connection.execute('alter table django_session_away rename to django_session');
    }
  });
});
