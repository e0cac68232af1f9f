/**
 * Brute force on passwords is throttled (issue 4): the password grant and an app's login (through
 * `throttledAuthenticate()`) share one counter per (username, address), and the address's; a blocked attempt is
 * refused before the password is checked, whether or not the username exists.
 */
import type Router from '@koa/router';
import { expect } from 'chai';
import type { Context } from 'koa';
import request from 'supertest';
import { throttledAuthenticate } from '../../lib/throttle/login.js';
import { basic } from '../helpers/basic-auth.js';
import { useTransaction } from '../helpers/db.js';
import { createApplication, createUser } from '../helpers/factories.js';
import { ATTACKER, Clock, expectThrottled, OWNER, throttledApp } from '../helpers/throttle.js';
import { User } from '../helpers/user-entity.js';

const PASSWORD = 'correct horse';

describe('throttling of passwords', () => {
  const em = useTransaction();
  let clock: Clock;
  let checks: string[];
  beforeEach(() => {
    clock = new Clock();
    checks = [];
  });

  // The app's password check, shared by its login route and the toolkit's authenticateUser hook.
  const authenticate = async (username: string, password: string): Promise<User | null> => {
    checks.push(username);
    return password === PASSWORD ? em().findOne(User, { username }) : null;
  };
  // A login route as an app writes one: the form's fields come in the query here.
  const routes = (router: Router) =>
    router.post('/login', async (ctx: Context) => {
      const { username = '', password = '' } = ctx.query as Record<string, string>;
      const attempt = await throttledAuthenticate(ctx, username, () => authenticate(username, password));
      if (attempt.status === 'blocked') ctx.set('Retry-After', String(attempt.retryAfter));
      ctx.status = { ok: 200, failed: 401, blocked: 429 }[attempt.status];
      ctx.body = { status: attempt.status, user: attempt.status === 'ok' ? attempt.user.username : null };
    });

  async function setup() {
    const user = await createUser(em());
    const { application, clientSecret } = await createApplication(em(), { authorizationGrantType: 'password' });
    const app = throttledApp(
      em,
      clock,
      {
        grantTypesSupported: ['authorization_code', 'password'],
        authenticateUser: (username: string, password: string) => authenticate(username, password),
      },
      { routes },
    ).callback();
    const grant = (ip: string, username: string, password: string) =>
      request(app)
        .post('/o/token/')
        .set('X-Forwarded-For', ip)
        .set('Authorization', basic(application.clientId, clientSecret))
        .type('form')
        .send({ grant_type: 'password', username, password });
    const login = (ip: string, username: string, password: string) =>
      request(app).post('/login').query({ username, password }).set('X-Forwarded-For', ip);
    return { user, grant, login };
  }

  it('password grant: blocks the (username, address) pair, refuses the right password, and spares the owner', async () => {
    const { user, grant } = await setup();
    for (let i = 0; i < 3; i++)
      expect((await grant(ATTACKER, user.username, 'wrong')).body.error).to.equal('invalid_grant');
    checks = [];
    expectThrottled(await grant(ATTACKER, user.username, PASSWORD), 60);
    expect(checks, 'the password is not checked while blocked').to.deep.equal([]);
    expect((await grant(OWNER, user.username, PASSWORD)).status).to.equal(200);
  });

  it('counts an unknown username like a known one', async () => {
    const { grant } = await setup();
    for (let i = 0; i < 3; i++) expect((await grant(ATTACKER, 'nobody', 'guess')).body.error).to.equal('invalid_grant');
    expectThrottled(await grant(ATTACKER, 'nobody', 'guess'), 60);
  });

  it("shares one counter per username between the app's login and the password grant", async () => {
    const { user, grant, login } = await setup();
    expect((await login(ATTACKER, user.username, 'wrong')).body).to.deep.equal({ status: 'failed', user: null });
    expect((await login(ATTACKER, user.username, 'wrong')).status).to.equal(401);
    expect((await grant(ATTACKER, user.username, 'wrong')).status).to.equal(400);
    expectThrottled(await grant(ATTACKER, user.username, PASSWORD), 60);
    checks = [];
    const blocked = await login(ATTACKER, user.username, PASSWORD);
    expect(blocked.status).to.equal(429);
    expect(blocked.headers['retry-after']).to.equal('60');
    expect(blocked.body).to.deep.equal({ status: 'blocked', user: null });
    expect(checks).to.deep.equal([]);
    expect((await login(OWNER, user.username, PASSWORD)).body).to.deep.equal({ status: 'ok', user: user.username });
  });

  it('lets the login through again once the block has passed', async () => {
    const { user, login } = await setup();
    for (let i = 0; i < 3; i++) await login(ATTACKER, user.username, 'wrong');
    expect((await login(ATTACKER, user.username, PASSWORD)).status).to.equal(429);
    clock.advance(60);
    expect((await login(ATTACKER, user.username, PASSWORD)).body.status).to.equal('ok');
  });
});
