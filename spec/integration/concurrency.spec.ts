/**
 * The races of issue 4 item 3, for real: PostgreSQL (PGlite has one connection, so nothing can race there),
 * committed data, a listening server, and ≥10 requests released together over HTTP, each race repeated.
 * Without DATABASE_URL the races are registered as pending, with the reason printed (STYLE.md, Tests: two tiers).
 */
import type { AddressInfo } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import Router from '@koa/router';
import Koa from 'koa';
import { expect } from 'chai';
import type { MikroORM } from '@mikro-orm/core';
import { AccessToken } from '../../lib/models/access-token.js';
import { Application } from '../../lib/models/application.js';
import { Grant } from '../../lib/models/grant.js';
import { RefreshToken } from '../../lib/models/refresh-token.js';
import { tokenChecksum } from '../../lib/models/checksum.js';
import { Server, encodeForm, s256Challenge } from '../../lib/oauth2/index.js';
import { serverOptionsFromSettings } from '../../lib/mixins/oauth-lib.js';
import { configure } from '../../lib/settings.js';
import type { OAuth2SettingsInput } from '../../lib/settings/types.js';
import { OAuth2Validator } from '../../lib/validator.js';
import { IntrospectTokenView } from '../../lib/views/introspect.js';
import { TokenView } from '../../lib/views/token.js';
import { getTestOrm } from '../helpers/db.js';
import { createApplication, createUser } from '../helpers/factories.js';
import { User } from '../helpers/user-entity.js';
import { basic } from '../helpers/basic-auth.js';

const CONCURRENCY = 12;
const ROUNDS = 5;
const REDIRECT = 'https://client.example/cb';
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const GRACE_KEY = 'concurrency-spec-grace-key-of-32+-chars';
const NEEDS_PG = 'needs PostgreSQL: set DATABASE_URL';

interface Client {
  id: string;
  secret: string;
}
interface Answer {
  status: number;
  body: Record<string, unknown>;
}

if (!process.env['DATABASE_URL']) {
  console.log(`  concurrency races pending (${NEEDS_PG}): PGlite has a single connection, so nothing can race on it`);
  describe(`concurrency races (${NEEDS_PG})`, () => {
    it('races exchanges of one code: exactly one 200, and the replays revoke the winner’s tokens');
    it('races refreshes of one refresh token: exactly one new pair, and the losers revoke the family');
    it('races refreshes inside the grace window: one new pair, handed to every request');
  });
} else {
  describe('concurrency races on PostgreSQL (committed, over HTTP)', function () {
    this.timeout(120000);
    let orm: MikroORM;
    let http: HttpServer;
    let base: string;
    const created = { users: [] as number[], applications: [] as number[] };

    before(async () => {
      orm = await getTestOrm();
      const router = new Router();
      router.all('/o/token/', TokenView.asView());
      router.all('/o/introspect/', IntrospectTokenView.asView());
      const app = new Koa();
      // Each request gets its own session, as a real deployment gives it (DESIGN.md, Configuration).
      app.use(async (ctx, next) => {
        ctx.state['em'] = orm.em.fork();
        await next();
      });
      app.use(router.routes()).use(router.allowedMethods());
      http = app.listen(0);
      await new Promise<void>((resolve) => http.once('listening', () => resolve()));
      base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    });

    after(async () => {
      await new Promise<void>((resolve) => http.close(() => resolve()));
    });

    beforeEach(() => settings({}));

    afterEach(async () => {
      // The data was committed: remove it (deleting the applications cascades to codes and tokens).
      const em = orm.em.fork();
      const applications = { application: { $in: created.applications } } as never;
      await em.nativeDelete(AccessToken, applications);
      await em.nativeDelete(RefreshToken, applications);
      await em.nativeDelete(Grant, applications);
      await em.nativeDelete(Application, { id: { $in: created.applications } });
      await em.nativeDelete(User, { id: { $in: created.users } });
      created.users.length = 0;
      created.applications.length = 0;
    });

    function settings(extra: Partial<OAuth2SettingsInput>): void {
      configure({ orm, ...extra });
    }

    async function client(): Promise<{ user: User; application: Application; client: Client }> {
      const em = orm.em.fork();
      const user = await createUser(em);
      const { application, clientSecret } = await createApplication(em, { user });
      created.users.push(user.id);
      created.applications.push(application.id);
      return { user, application, client: { id: application.clientId, secret: clientSecret } };
    }

    /** Approve an authorization request in the core directly (the consent page is not what races here). */
    async function code(application: Application, user: User): Promise<string> {
      const server = new Server(new OAuth2Validator(), serverOptionsFromSettings());
      const params = {
        response_type: 'code',
        client_id: application.clientId,
        redirect_uri: REDIRECT,
        scope: 'read',
        code_challenge: s256Challenge(VERIFIER),
        code_challenge_method: 'S256',
      };
      const init = () => ({ uri: `/o/authorize/?${encodeForm(params)}`, httpMethod: 'GET', session: orm.em.fork() });
      const { scopes, credentials } = await server.validateAuthorizationRequest(init());
      const res = await server.createAuthorizationResponse(init(), scopes, { ...credentials, user });
      return new URL(res.headers.location ?? '').searchParams.get('code') ?? '';
    }

    async function post(path: string, c: Client, body: Record<string, string>): Promise<Answer> {
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { authorization: basic(c.id, c.secret), 'content-type': 'application/x-www-form-urlencoded' },
        body: encodeForm(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    }

    /** The barrier: build every request first, then release them all at once. */
    async function race(c: Client, body: Record<string, string>): Promise<Answer[]> {
      const requests = Array.from({ length: CONCURRENCY }, () => () => post('/o/token/', c, body));
      return Promise.all(requests.map((send) => send()));
    }

    const stored = (Model: typeof AccessToken | typeof RefreshToken, token: unknown) =>
      orm.em.fork().findOneOrFail(Model as typeof AccessToken, { tokenChecksum: tokenChecksum(String(token)) });

    async function bearerValid(token: unknown): Promise<boolean> {
      const server = new Server(new OAuth2Validator(), serverOptionsFromSettings());
      const init = { uri: '/api', httpMethod: 'GET', headers: { authorization: `Bearer ${String(token)}` } };
      return (await server.verifyRequest({ ...init, session: orm.em.fork() }, [])).valid;
    }

    async function expectFamilyRevoked(family: string | null): Promise<void> {
      expect(family).to.be.a('string');
      const em = orm.em.fork();
      expect(await em.count(RefreshToken, { family })).to.be.greaterThan(0);
      expect(await em.count(RefreshToken, { family, revoked: null }), 'live refresh tokens').to.equal(0);
      expect(await em.count(AccessToken, { family, revoked: null }), 'live access tokens').to.equal(0);
    }

    function winners(answers: Answer[]): Answer[] {
      const ok = answers.filter((a) => a.status === 200);
      for (const loser of answers.filter((a) => a.status !== 200)) {
        expect(loser).to.deep.include({ status: 400 });
        expect(loser.body.error).to.equal('invalid_grant');
      }
      return ok;
    }

    it(`races ${CONCURRENCY} exchanges of one code, ${ROUNDS} rounds: one 200, and the replays revoke its tokens`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const { user, application, client: c } = await client();
        const value = await code(application, user);
        const body = { grant_type: 'authorization_code', code: value, redirect_uri: REDIRECT, code_verifier: VERIFIER };
        const ok = winners(await race(c, body));
        expect(ok, `round ${round}: exactly one exchange succeeds`).to.have.length(1);
        const pair = ok[0]!.body;
        const grant = await orm.em.fork().findOneOrFail(Grant, { codeChecksum: tokenChecksum(value) });
        expect(grant.consumed).to.be.instanceOf(Date);
        expect((await stored(AccessToken, pair.access_token)).revoked, 'winner access token').to.be.instanceOf(Date);
        expect((await stored(RefreshToken, pair.refresh_token)).revoked, 'winner refresh').to.be.instanceOf(Date);
        await expectFamilyRevoked(grant.family);
        expect(await bearerValid(pair.access_token)).to.equal(false);
        const introspected = await post('/o/introspect/', c, { token: String(pair.access_token) });
        expect(introspected).to.deep.equal({ status: 200, body: { active: false } });
      }
    });

    it(`races ${CONCURRENCY} refreshes of one token, ${ROUNDS} rounds: one new pair, the losers revoke the family`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const { user, application, client: c } = await client();
        const body = { grant_type: 'authorization_code', code: await code(application, user), redirect_uri: REDIRECT };
        const first = await post('/o/token/', c, { ...body, code_verifier: VERIFIER });
        expect(first.status).to.equal(200);
        const old = await stored(RefreshToken, first.body.refresh_token);
        const ok = winners(
          await race(c, { grant_type: 'refresh_token', refresh_token: String(first.body.refresh_token) }),
        );
        expect(ok, `round ${round}: exactly one refresh succeeds`).to.have.length(1);
        const em = orm.em.fork();
        expect(await em.count(AccessToken, { sourceRefreshToken: old.id }), 'one successor').to.equal(1);
        expect(await em.count(RefreshToken, { family: old.family }), 'the first pair and one successor').to.equal(2);
        await expectFamilyRevoked(old.family);
        expect(await bearerValid(ok[0]!.body.access_token)).to.equal(false);
        const introspected = await post('/o/introspect/', c, { token: String(ok[0]!.body.refresh_token) });
        expect(introspected.body).to.deep.equal({ active: false });
      }
    });

    it(`races ${CONCURRENCY} refreshes inside the grace window, ${ROUNDS} rounds: one pair, handed to all`, async () => {
      settings({ refreshTokenGracePeriodSeconds: 60, refreshTokenGraceKey: GRACE_KEY });
      for (let round = 0; round < ROUNDS; round++) {
        const { user, application, client: c } = await client();
        const body = { grant_type: 'authorization_code', code: await code(application, user), redirect_uri: REDIRECT };
        const first = await post('/o/token/', c, { ...body, code_verifier: VERIFIER });
        const old = await stored(RefreshToken, first.body.refresh_token);
        const answers = await race(c, { grant_type: 'refresh_token', refresh_token: String(first.body.refresh_token) });
        expect(
          answers.map((a) => a.status),
          `round ${round}`,
        ).to.deep.equal(answers.map(() => 200));
        const pairs = new Set(answers.map((a) => `${String(a.body.access_token)} ${String(a.body.refresh_token)}`));
        expect(pairs.size, 'every request gets the same pair').to.equal(1);
        expect(await orm.em.fork().count(AccessToken, { sourceRefreshToken: old.id })).to.equal(1);
        expect(await bearerValid(answers[0]!.body.access_token)).to.equal(true);
      }
    });
  });
}
