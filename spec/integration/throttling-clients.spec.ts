/**
 * Brute force on client secrets is throttled (issue 4) at every endpoint that checks one: the token endpoint
 * (client_secret_basic and client_secret_post), introspection, revocation and a client-protected view. Failures
 * count per (client_id, address) and per address; a blocked attempt is refused with 429 before its secret is
 * checked; the owner's other addresses are not locked out; blocks expire and double.
 */
import type Router from '@koa/router';
import { expect } from 'chai';
import request from 'supertest';
import { MemoryThrottleStore } from '../../lib/throttle/memory-store.js';
import { Throttle } from '../../lib/models/throttle.js';
import { ClientProtectedResourceView } from '../../lib/views/generic.js';
import { basic } from '../helpers/basic-auth.js';
import { useTransaction } from '../helpers/db.js';
import { createAccessToken, createApplication } from '../helpers/factories.js';
import { scryptRunsOf } from '../helpers/scrypt-runs.js';
import { ATTACKER, Clock, expectThrottled, OWNER, throttledApp } from '../helpers/throttle.js';

class ClientOnly extends ClientProtectedResourceView {
  async get(): Promise<void> {
    this.ctx.body = { ok: true };
  }
}
const routes = (router: Router) => router.all('client-only', '/client-only', ClientOnly.asView());

describe('throttling of client secrets', () => {
  const em = useTransaction();
  let clock: Clock;
  beforeEach(() => (clock = new Clock()));

  const client = () => createApplication(em(), { authorizationGrantType: 'client-credentials' });
  const tokenRequest = (app: Parameters<typeof request>[0], ip: string, id: string, secret: string) =>
    request(app)
      .post('/o/token/')
      .set('X-Forwarded-For', ip)
      .set('Authorization', basic(id, secret))
      .type('form')
      .send({ grant_type: 'client_credentials' });

  it('client_secret_post: blocks the pair at its limit and refuses the right secret while blocked', async () => {
    const { application, clientSecret } = await client();
    const app = throttledApp(em, clock).callback();
    const post = (secret: string) =>
      request(app)
        .post('/o/token/')
        .set('X-Forwarded-For', ATTACKER)
        .type('form')
        .send({ grant_type: 'client_credentials', client_id: application.clientId, client_secret: secret });
    for (let i = 0; i < 3; i++) expect((await post('wrong')).status).to.equal(401);
    expectThrottled(await post(clientSecret), 60);
  });

  it('checks no secret while blocked and counts no failure for it', async () => {
    const { application, clientSecret } = await client();
    const app = throttledApp(em, clock).callback();
    for (let i = 0; i < 3; i++) await tokenRequest(app, ATTACKER, application.clientId, 'wrong');
    const runs = await scryptRunsOf(async () => {
      for (let i = 0; i < 5; i++) expectThrottled(await tokenRequest(app, ATTACKER, application.clientId, 'x'), 60);
    });
    expect(runs).to.deep.equal([]);
    const pair = await em().findAll(Throttle, { where: { kind: 'client' } });
    expect(pair.map((row) => row.blocks)).to.deep.equal([1]);
    clock.advance(60);
    expect((await tokenRequest(app, ATTACKER, application.clientId, clientSecret)).status).to.equal(200);
  });

  it('does not lock the owner out: another address authenticates while the attacker is blocked', async () => {
    const { application, clientSecret } = await client();
    const app = throttledApp(em, clock).callback();
    for (let i = 0; i < 3; i++) await tokenRequest(app, ATTACKER, application.clientId, 'wrong');
    expectThrottled(await tokenRequest(app, ATTACKER, application.clientId, clientSecret), 60);
    expect((await tokenRequest(app, OWNER, application.clientId, clientSecret)).status).to.equal(200);
  });

  it('blocks an address that fails across many client ids, unknown ones included; other addresses pass', async () => {
    const { application, clientSecret } = await client();
    const app = throttledApp(em, clock).callback();
    for (let i = 0; i < 6; i++) expect((await tokenRequest(app, ATTACKER, `guess-${i}`, 'x')).status).to.equal(401);
    expectThrottled(await tokenRequest(app, ATTACKER, application.clientId, clientSecret), 60);
    expect((await tokenRequest(app, OWNER, application.clientId, clientSecret)).status).to.equal(200);
  });

  it('ends a block when the clock passes it, and doubles the next one', async () => {
    const { application, clientSecret } = await client();
    const app = throttledApp(em, clock).callback();
    for (let i = 0; i < 3; i++) await tokenRequest(app, ATTACKER, application.clientId, 'wrong');
    expectThrottled(await tokenRequest(app, ATTACKER, application.clientId, clientSecret), 60);
    clock.advance(59);
    expectThrottled(await tokenRequest(app, ATTACKER, application.clientId, clientSecret), 1);
    clock.advance(1);
    expect((await tokenRequest(app, ATTACKER, application.clientId, clientSecret)).status).to.equal(200);
    for (let i = 0; i < 3; i++) await tokenRequest(app, ATTACKER, application.clientId, 'wrong');
    expectThrottled(await tokenRequest(app, ATTACKER, application.clientId, clientSecret), 120);
  });

  it('throttles introspection callers', async () => {
    const { application, clientSecret } = await createApplication(em());
    const { token } = await createAccessToken(em(), { application });
    const app = throttledApp(em, clock).callback();
    const introspect = (secret: string) =>
      request(app)
        .post('/o/introspect/')
        .set('X-Forwarded-For', ATTACKER)
        .set('Authorization', basic(application.clientId, secret))
        .type('form')
        .send({ token });
    for (let i = 0; i < 3; i++) expect((await introspect('wrong')).status).to.equal(401);
    expectThrottled(await introspect(clientSecret), 60);
  });

  it('throttles revocation callers', async () => {
    const { application, clientSecret } = await createApplication(em());
    const { token } = await createAccessToken(em(), { application });
    const app = throttledApp(em, clock).callback();
    const revoke = (secret: string) =>
      request(app)
        .post('/o/revoke_token/')
        .set('X-Forwarded-For', ATTACKER)
        .type('form')
        .send({ token, client_id: application.clientId, client_secret: secret });
    for (let i = 0; i < 3; i++) expect((await revoke('wrong')).status).to.equal(401);
    expectThrottled(await revoke(clientSecret), 60);
  });

  it('throttles a client-protected view with the same 429 JSON', async () => {
    const { application, clientSecret } = await createApplication(em());
    const app = throttledApp(em, clock, {}, { routes }).callback();
    const get = (secret: string) =>
      request(app)
        .get('/client-only')
        .set('X-Forwarded-For', ATTACKER)
        .set('Authorization', basic(application.clientId, secret));
    for (let i = 0; i < 3; i++) expect((await get('wrong')).status).to.equal(401);
    expectThrottled(await get(clientSecret), 60);
    const owner = await request(app)
      .get('/client-only')
      .set('X-Forwarded-For', OWNER)
      .set('Authorization', basic(application.clientId, clientSecret));
    expect(owner.body).to.deep.equal({ ok: true });
  });

  it('keeps its counters in memory with a MemoryThrottleStore, writing no row', async () => {
    const { application, clientSecret } = await client();
    const app = throttledApp(em, clock, { throttleStore: new MemoryThrottleStore({ now: clock.now }) }).callback();
    for (let i = 0; i < 3; i++) await tokenRequest(app, ATTACKER, application.clientId, 'wrong');
    expectThrottled(await tokenRequest(app, ATTACKER, application.clientId, clientSecret), 60);
    expect(await em().count(Throttle, {})).to.equal(0);
    clock.advance(60);
    expect((await tokenRequest(app, ATTACKER, application.clientId, clientSecret)).status).to.equal(200);
  });

  it('is off with throttleEnabled: false', async () => {
    const { application, clientSecret } = await client();
    const app = throttledApp(em, clock, { throttleEnabled: false }).callback();
    for (let i = 0; i < 4; i++) await tokenRequest(app, ATTACKER, application.clientId, 'wrong');
    expect((await tokenRequest(app, ATTACKER, application.clientId, clientSecret)).status).to.equal(200);
    expect(await em().count(Throttle, {})).to.equal(0);
  });
});
