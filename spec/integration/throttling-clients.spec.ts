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

  /** Send a request with `secret` from `ip`. */
  type Send = (ip: string, secret: string) => request.Test;

  /** Fail `times` from the attacker's address, each answered 401. */
  async function failFromAttacker(send: Send, times = 3): Promise<void> {
    for (let i = 0; i < times; i++) expect((await send(ATTACKER, 'wrong')).status).to.equal(401);
  }

  /** A client_credentials client, the app with `settings`, and its token request by HTTP Basic. */
  async function tokenClient(settings: Parameters<typeof throttledApp>[2] = {}) {
    const { application, clientSecret } = await createApplication(em(), {
      authorizationGrantType: 'client-credentials',
    });
    const app = throttledApp(em, clock, settings).callback();
    const token = (ip: string, secret: string, id = application.clientId) =>
      request(app)
        .post('/o/token/')
        .set('X-Forwarded-For', ip)
        .set('Authorization', basic(id, secret))
        .type('form')
        .send({ grant_type: 'client_credentials' });
    return { clientSecret, token };
  }

  it('client_secret_post: blocks the pair at its limit and refuses the right secret while blocked', async () => {
    const { application, clientSecret } = await createApplication(em(), {
      authorizationGrantType: 'client-credentials',
    });
    const app = throttledApp(em, clock).callback();
    const post: Send = (ip, secret) =>
      request(app)
        .post('/o/token/')
        .set('X-Forwarded-For', ip)
        .type('form')
        .send({ grant_type: 'client_credentials', client_id: application.clientId, client_secret: secret });
    await failFromAttacker(post);
    expectThrottled(await post(ATTACKER, clientSecret), 60);
  });

  it('checks no secret while blocked and counts no failure for it', async () => {
    const { clientSecret, token } = await tokenClient();
    await failFromAttacker(token);
    const runs = await scryptRunsOf(async () => {
      for (let i = 0; i < 5; i++) expectThrottled(await token(ATTACKER, 'x'), 60);
    });
    expect(runs).to.deep.equal([]);
    const pair = await em().findAll(Throttle, { where: { kind: 'client' } });
    expect(pair.map((row) => row.blocks)).to.deep.equal([1]);
    clock.advance(60);
    expect((await token(ATTACKER, clientSecret)).status).to.equal(200);
  });

  it('does not lock the owner out: another address authenticates while the attacker is blocked', async () => {
    const { clientSecret, token } = await tokenClient();
    await failFromAttacker(token);
    expectThrottled(await token(ATTACKER, clientSecret), 60);
    expect((await token(OWNER, clientSecret)).status).to.equal(200);
  });

  it('blocks an address that fails across many client ids, unknown ones included; other addresses pass', async () => {
    const { clientSecret, token } = await tokenClient();
    for (let i = 0; i < 6; i++) expect((await token(ATTACKER, 'x', `guess-${i}`)).status).to.equal(401);
    expectThrottled(await token(ATTACKER, clientSecret), 60);
    expect((await token(OWNER, clientSecret)).status).to.equal(200);
  });

  it('ends a block when the clock passes it, and doubles the next one', async () => {
    const { clientSecret, token } = await tokenClient();
    await failFromAttacker(token);
    expectThrottled(await token(ATTACKER, clientSecret), 60);
    clock.advance(59);
    expectThrottled(await token(ATTACKER, clientSecret), 1);
    clock.advance(1);
    expect((await token(ATTACKER, clientSecret)).status).to.equal(200);
    await failFromAttacker(token);
    expectThrottled(await token(ATTACKER, clientSecret), 120);
  });

  // Introspection callers authenticate by HTTP Basic here, revocation callers in the form body.
  for (const [endpoint, path, inBody] of [
    ['introspection', '/o/introspect/', false],
    ['revocation', '/o/revoke_token/', true],
  ] as const) {
    it(`throttles ${endpoint} callers`, async () => {
      const { application, clientSecret } = await createApplication(em());
      const { token } = await createAccessToken(em(), { application });
      const app = throttledApp(em, clock).callback();
      const send: Send = (ip, secret) => {
        const req = request(app).post(path).set('X-Forwarded-For', ip).type('form');
        if (inBody) return req.send({ token, client_id: application.clientId, client_secret: secret });
        return req.set('Authorization', basic(application.clientId, secret)).send({ token });
      };
      await failFromAttacker(send);
      expectThrottled(await send(ATTACKER, clientSecret), 60);
    });
  }

  it('throttles a client-protected view with the same 429 JSON', async () => {
    const { application, clientSecret } = await createApplication(em());
    const app = throttledApp(em, clock, {}, { routes }).callback();
    const get: Send = (ip, secret) =>
      request(app)
        .get('/client-only')
        .set('X-Forwarded-For', ip)
        .set('Authorization', basic(application.clientId, secret));
    await failFromAttacker(get);
    expectThrottled(await get(ATTACKER, clientSecret), 60);
    expect((await get(OWNER, clientSecret)).body).to.deep.equal({ ok: true });
  });

  it('keeps its counters in memory with a MemoryThrottleStore, writing no row', async () => {
    const { clientSecret, token } = await tokenClient({ throttleStore: new MemoryThrottleStore({ now: clock.now }) });
    await failFromAttacker(token);
    expectThrottled(await token(ATTACKER, clientSecret), 60);
    expect(await em().count(Throttle, {})).to.equal(0);
    clock.advance(60);
    expect((await token(ATTACKER, clientSecret)).status).to.equal(200);
  });

  it('is off with throttleEnabled: false', async () => {
    const { clientSecret, token } = await tokenClient({ throttleEnabled: false });
    await failFromAttacker(token, 4);
    expect((await token(ATTACKER, clientSecret)).status).to.equal(200);
    expect(await em().count(Throttle, {})).to.equal(0);
  });
});
