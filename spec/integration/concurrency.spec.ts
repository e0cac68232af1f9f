/**
 * The races for real, on PostgreSQL (PGlite has one connection, so nothing can race there): a database of the
 * spec's own with a pool sized for the race, committed data, a server on `listen(0)`, and 200 requests released
 * together over HTTP. Exactly one redemption of a code and one rotation of a refresh token win, every other request
 * gets `invalid_grant`, and another client presenting the code or token, during the race or after it, changes
 * nothing (RFC 6749 §4.1.3, §6, §10.5). Without DATABASE_URL the races are registered as pending, with the reason
 * printed (second tier: a listening server, data committed, tables truncated after each spec).
 */
import { expect } from 'chai';
import { AccessToken } from '../../lib/models/access-token.js';
import type { Application } from '../../lib/models/application.js';
import { Grant } from '../../lib/models/grant.js';
import { RefreshToken } from '../../lib/models/refresh-token.js';
import { tokenChecksum } from '../../lib/models/checksum.js';
import { Server, encodeForm, s256Challenge } from '../../lib/oauth2/index.js';
import { serverOptionsFromSettings } from '../../lib/mixins/oauth-lib.js';
import { configure, oauth2Entities } from '../../lib/settings.js';
import type { OAuth2SettingsInput } from '../../lib/settings/types.js';
import { OAuth2Validator } from '../../lib/validator.js';
import { IntrospectTokenView } from '../../lib/views/introspect.js';
import { TokenView } from '../../lib/views/token.js';
import { useListeningApp } from '../helpers/listening-app.js';
import { truncateAll, useScratchOrm } from '../helpers/db.js';
import { createApplication, createUser } from '../helpers/factories.js';
import { UserSchema, type User } from '../helpers/user-entity.js';
import { basic } from '../helpers/basic-auth.js';

const CONCURRENCY = 200;
// Enough connections for the requests to meet in the database; few enough to leave room for other runs.
const POOL = { min: 0, max: 16 };
const REDIRECT = 'https://client.example/cb';
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const GRACE_KEY = 'concurrency-spec-grace-key-of-32+-chars';
const NEEDS_PG = 'needs PostgreSQL: set DATABASE_URL';

/** A client as it authenticates: with its secret (Basic), or a public one with `client_id` alone. */
interface Client {
  id: string;
  secret: string | null;
}
interface Answer {
  status: number;
  body: Record<string, unknown>;
}
type Form = Record<string, string>;

const codeForm = (code: string): Form => ({
  grant_type: 'authorization_code',
  code,
  redirect_uri: REDIRECT,
  code_verifier: VERIFIER,
});
const refreshForm = (token: unknown): Form => ({ grant_type: 'refresh_token', refresh_token: String(token) });

if (!process.env['DATABASE_URL']) {
  console.log(`  concurrency races pending (${NEEDS_PG}): PGlite has a single connection, so nothing can race on it`);
  describe(`concurrency races (${NEEDS_PG})`, () => {
    it(`races ${CONCURRENCY} exchanges of one code: one 200, and the replays revoke the winner’s tokens`);
    it(`races ${CONCURRENCY} refreshes of one refresh token: one new pair, and the losers revoke the family`);
    it(`races ${CONCURRENCY} refreshes inside the grace window: one new pair, handed to every request`);
    it(`races the owner’s exchange against ${CONCURRENCY - 1} other clients presenting its code: the owner wins`);
    it(`races the owner’s refresh against ${CONCURRENCY - 1} other clients presenting its token: the owner wins`);
  });
} else {
  describe(`concurrency races on PostgreSQL (${CONCURRENCY} requests, committed, over HTTP)`, function () {
    this.timeout(120000);
    const orm = useScratchOrm(() => [UserSchema, ...oauth2Entities({ userEntity: UserSchema })], 'race', {
      pool: POOL,
    });
    const served = useListeningApp(orm, (router) => {
      router.all('/o/token/', TokenView.asView());
      router.all('/o/introspect/', IntrospectTokenView.asView());
    });

    beforeEach(() => settings({}));

    // The data was committed: empty the spec's own database.
    afterEach(() => truncateAll(orm()));

    function settings(extra: Partial<OAuth2SettingsInput>): void {
      configure({ orm: orm(), ...extra });
    }

    /** The resource owner, the owning client, and two other clients: a public one and a confidential one. */
    async function parties(): Promise<{ user: User; application: Application; owner: Client; others: Client[] }> {
      const em = orm().em.fork();
      const user = await createUser(em);
      const { application, clientSecret } = await createApplication(em, { user });
      const confidential = await createApplication(em);
      const { application: spa } = await createApplication(em, { clientType: 'public' });
      const others = [
        { id: spa.clientId, secret: null },
        { id: confidential.application.clientId, secret: confidential.clientSecret },
      ];
      return { user, application, owner: { id: application.clientId, secret: clientSecret }, others };
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
      const init = () => ({ uri: `/o/authorize/?${encodeForm(params)}`, httpMethod: 'GET', session: orm().em.fork() });
      const { scopes, credentials } = await server.validateAuthorizationRequest(init());
      const res = await server.createAuthorizationResponse(init(), scopes, { ...credentials, user });
      return new URL(res.headers.location ?? '').searchParams.get('code') ?? '';
    }

    async function post(path: string, c: Client, form: Form): Promise<Answer> {
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
      if (c.secret !== null) headers['authorization'] = basic(c.id, c.secret);
      const body = encodeForm(c.secret === null ? { ...form, client_id: c.id } : form);
      const res = await fetch(`${served.url}${path}`, { method: 'POST', headers, body });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    }

    /** The barrier: build every request first, then release them all at once. */
    function race(senders: (() => Promise<Answer>)[]): Promise<Answer[]> {
      return Promise.all(senders.map((send) => send()));
    }

    /**
     * `CONCURRENCY` senders of `form` to the token endpoint, all by `c`; with `others`, `c` sends only the first and
     * the others the rest, so that most of theirs arrive while or after `c`'s redeems.
     */
    function senders(form: Form, c: Client, others: Client[] = []): (() => Promise<Answer>)[] {
      return Array.from({ length: CONCURRENCY }, (_, i) => {
        const sender = others.length === 0 || i === 0 ? c : others[i % others.length]!;
        return () => post('/o/token/', sender, form);
      });
    }

    /** Assert that every answer but the 200s is `invalid_grant`, and return the 200s. */
    function winners(answers: Answer[]): Answer[] {
      for (const loser of answers.filter((a) => a.status !== 200)) {
        expect(loser).to.deep.include({ status: 400 });
        expect(loser.body.error).to.equal('invalid_grant');
      }
      return answers.filter((a) => a.status === 200);
    }

    const stored = (Model: typeof AccessToken | typeof RefreshToken, token: unknown) =>
      orm()
        .em.fork()
        .findOneOrFail(Model as typeof AccessToken, { tokenChecksum: tokenChecksum(String(token)) });

    /** Whether the owner's introspection says the token is active (RFC 7662). */
    async function active(owner: Client, token: unknown): Promise<boolean> {
      const res = await post('/o/introspect/', owner, { token: String(token) });
      expect(res.status).to.equal(200);
      return res.body.active === true;
    }

    async function expectFamilyRevoked(family: string | null): Promise<void> {
      expect(family).to.be.a('string');
      const em = orm().em.fork();
      expect(await em.count(RefreshToken, { family })).to.be.greaterThan(0);
      expect(await em.count(RefreshToken, { family, revoked: null }), 'live refresh tokens').to.equal(0);
      expect(await em.count(AccessToken, { family, revoked: null }), 'live access tokens').to.equal(0);
    }

    /** Every code and token row with its state, to compare before and after. */
    async function snapshot(): Promise<string[]> {
      const em = orm().em.fork();
      const at = await em.find(AccessToken, {}, { orderBy: { id: 'asc' } });
      const rt = await em.find(RefreshToken, {}, { orderBy: { id: 'asc' } });
      const grants = await em.find(Grant, {}, { orderBy: { id: 'asc' } });
      return [
        ...at.map((t) => `access ${t.id} ${String(t.revoked?.toISOString())}`),
        ...rt.map((t) => `refresh ${t.id} ${String(t.revoked?.toISOString())}`),
        ...grants.map((g) => `code ${g.id} ${String(g.consumed?.toISOString())}`),
      ];
    }

    /** Each other client presents `form` at once: all refused with invalid_grant, and no row changes. */
    async function expectNoEffect(others: Client[], ...forms: Form[]): Promise<void> {
      const before = await snapshot();
      const answers = await race(forms.flatMap((form) => others.map((c) => () => post('/o/token/', c, form))));
      expect(winners(answers), "another client's replay").to.have.length(0);
      expect(await snapshot(), "another client's replay changes nothing").to.deep.equal(before);
    }

    it(`races ${CONCURRENCY} exchanges of one code: one 200, the replays revoke its tokens`, async () => {
      const { user, application, owner, others } = await parties();
      const value = await code(application, user);
      const ok = winners(await race(senders(codeForm(value), owner)));
      expect(ok, 'exactly one exchange succeeds').to.have.length(1);
      const pair = ok[0]!.body;
      const grant = await orm()
        .em.fork()
        .findOneOrFail(Grant, { codeChecksum: tokenChecksum(value) });
      expect(grant.consumed).to.be.instanceOf(Date);
      // The winner's tokens were stored, then revoked with the code's family by the losers' replays (RFC 9700 §4.2.4).
      expect((await stored(AccessToken, pair.access_token)).revoked, 'winner access token').to.be.instanceOf(Date);
      expect((await stored(RefreshToken, pair.refresh_token)).revoked, 'winner refresh').to.be.instanceOf(Date);
      await expectFamilyRevoked(grant.family);
      expect(await active(owner, pair.access_token)).to.equal(false);
      await expectNoEffect(others, codeForm(value));
    });

    it(`races ${CONCURRENCY} refreshes of one token: one new pair, the losers revoke the family`, async () => {
      const { user, application, owner, others } = await parties();
      const first = await post('/o/token/', owner, codeForm(await code(application, user)));
      expect(first.status).to.equal(200);
      const old = await stored(RefreshToken, first.body.refresh_token);
      const ok = winners(await race(senders(refreshForm(first.body.refresh_token), owner)));
      expect(ok, 'exactly one refresh succeeds').to.have.length(1);
      const em = orm().em.fork();
      expect(await em.count(AccessToken, { sourceRefreshToken: old.id }), 'one successor').to.equal(1);
      expect(await em.count(RefreshToken, { family: old.family }), 'the first pair and one successor').to.equal(2);
      expect((await stored(RefreshToken, ok[0]!.body.refresh_token)).family, 'winner stored').to.equal(old.family);
      // The losers presented a rotated token: a replay, which revokes the family (RFC 9700 §4.14.2).
      await expectFamilyRevoked(old.family);
      expect(await active(owner, ok[0]!.body.access_token)).to.equal(false);
      await expectNoEffect(others, refreshForm(first.body.refresh_token), refreshForm(ok[0]!.body.refresh_token));
    });

    it(`races ${CONCURRENCY} refreshes inside the grace window: one pair, handed to all`, async () => {
      settings({ refreshTokenGracePeriodSeconds: 60, refreshTokenGraceKey: GRACE_KEY });
      const { user, application, owner, others } = await parties();
      const first = await post('/o/token/', owner, codeForm(await code(application, user)));
      const old = await stored(RefreshToken, first.body.refresh_token);
      const answers = await race(senders(refreshForm(first.body.refresh_token), owner));
      expect(answers.map((a) => a.status)).to.deep.equal(answers.map(() => 200));
      const pairs = new Set(answers.map((a) => `${String(a.body.access_token)} ${String(a.body.refresh_token)}`));
      expect(pairs.size, 'every request gets the same pair').to.equal(1);
      expect(await orm().em.fork().count(AccessToken, { sourceRefreshToken: old.id })).to.equal(1);
      const pair = answers[0]!.body;
      expect(await active(owner, pair.access_token)).to.equal(true);
      await expectNoEffect(others, refreshForm(first.body.refresh_token), refreshForm(pair.refresh_token));
      expect(await active(owner, pair.access_token), 'the pair still works').to.equal(true);
      expect(await active(owner, pair.refresh_token)).to.equal(true);
    });

    it(`races the owner's exchange against ${CONCURRENCY - 1} other clients presenting its code`, async () => {
      const { user, application, owner, others } = await parties();
      const value = await code(application, user);
      const ok = winners(await race(senders(codeForm(value), owner, others)));
      expect(ok, "only the owner's exchange succeeds").to.have.length(1);
      const pair = ok[0]!.body;
      expect((await stored(AccessToken, pair.access_token)).application?.id).to.equal(application.id);
      expect(await active(owner, pair.access_token), 'no other client revoked it').to.equal(true);
      expect(await active(owner, pair.refresh_token)).to.equal(true);
      await expectNoEffect(others, codeForm(value));
      expect(await active(owner, pair.access_token)).to.equal(true);
    });

    it(`races the owner's refresh against ${CONCURRENCY - 1} other clients presenting its token`, async () => {
      const { user, application, owner, others } = await parties();
      const first = await post('/o/token/', owner, codeForm(await code(application, user)));
      const old = await stored(RefreshToken, first.body.refresh_token);
      const ok = winners(await race(senders(refreshForm(first.body.refresh_token), owner, others)));
      expect(ok, "only the owner's refresh succeeds").to.have.length(1);
      const pair = ok[0]!.body;
      expect(await orm().em.fork().count(AccessToken, { sourceRefreshToken: old.id }), 'one successor').to.equal(1);
      expect(await active(owner, pair.access_token), 'no other client revoked it').to.equal(true);
      expect(await active(owner, pair.refresh_token)).to.equal(true);
      expect(await active(owner, first.body.refresh_token), 'the rotated token').to.equal(false);
    });
  });
}
