import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { clearTokens } from '../../lib/commands/clear-tokens.js';
import { AccessToken } from '../../lib/models/access-token.js';
import { RefreshToken } from '../../lib/models/refresh-token.js';
import { Grant } from '../../lib/models/grant.js';
import { IDToken } from '../../lib/models/id-token.js';
import { Throttle } from '../../lib/models/throttle.js';
import { DatabaseThrottleStore } from '../../lib/models/throttle-store.js';
import { configure, oauth2Settings } from '../../lib/settings.js';
import { throttleKeys } from '../../lib/throttle/keys.js';
import { throttlePolicy } from '../../lib/throttle/policy.js';
import { getTestOrm, testOrm, useTransaction } from '../helpers/db.js';
import {
  createAccessToken,
  createApplication,
  createGrant,
  createIdToken,
  createRefreshToken,
  createUser,
} from '../helpers/factories.js';
import { Clock } from '../validator/helpers.js';

describe('clearTokens() (DOT cleartokens)', () => {
  describe('in a transaction', () => {
    const em = useTransaction();

    async function fixtures() {
      const user = await createUser(em());
      const { application } = await createApplication(em(), { user });
      return { user, application };
    }

    it('deletes expired and revoked access tokens, expired ID tokens and codes; keeps live ones', async () => {
      const { user, application } = await fixtures();
      const live = await createAccessToken(em(), { application, user });
      const expired = await createAccessToken(em(), { application, user, expiresIn: -10 });
      const revoked = await createAccessToken(em(), { application, user, revoked: new Date() });
      const liveIdToken = await createIdToken(em(), { application, user });
      const oldIdToken = await createIdToken(em(), { application, user, expiresIn: -10 });
      const heldIdToken = await createIdToken(em(), { application, user, expiresIn: -10 });
      await createAccessToken(em(), { application, user, idToken: heldIdToken });
      const liveGrant = await createGrant(em(), { application, user });
      const oldGrant = await createGrant(em(), { application, user, expiresIn: -1, consumed: new Date() });
      const result = await clearTokens(em());
      expect(result).to.include({ accessTokens: 2, idTokens: 1, grants: 1, refreshTokens: 0 });
      em().clear();
      const ids = async (cls: typeof AccessToken | typeof IDToken | typeof Grant) =>
        (await em().find(cls as typeof AccessToken, {})).map((x) => x.id);
      expect(await ids(AccessToken))
        .to.include(live.accessToken.id)
        .and.not.include.members([expired.accessToken.id, revoked.accessToken.id]);
      expect(await ids(IDToken))
        .to.include.members([liveIdToken.id, heldIdToken.id])
        .and.not.include(oldIdToken.id);
      expect(await ids(Grant)).to.deep.equal([liveGrant.grant.id]);
      expect(oldGrant.grant.id).to.be.a('number');
    });

    it('keeps an expired access token that a refresh token points at', async () => {
      const { user, application } = await fixtures();
      const { refreshToken } = await createRefreshToken(em(), { application, user, expiresIn: -10 });
      const result = await clearTokens(em());
      expect(result.accessTokens).to.equal(0);
      expect(await em().count(AccessToken, { id: refreshToken.accessToken!.id })).to.equal(1);
    });

    it('deletes refresh tokens revoked, or whose access token expired, longer than refreshTokenExpireSeconds ago', async () => {
      configure({ orm: testOrm(), refreshTokenExpireSeconds: 3600 });
      const { user, application } = await fixtures();
      const longAgo = new Date(Date.now() - 7200 * 1000);
      const oldRevoked = await createRefreshToken(em(), { application, user, revoked: longAgo });
      const oldAccess = await createRefreshToken(em(), { application, user, expiresIn: -7200 });
      const recentRevoked = await createRefreshToken(em(), { application, user, revoked: new Date() });
      const live = await createRefreshToken(em(), { application, user });
      const result = await clearTokens(em());
      expect(result.refreshTokens).to.equal(2);
      em().clear();
      const left = (await em().find(RefreshToken, {})).map((r) => r.id);
      expect(left).to.have.members([recentRevoked.refreshToken.id, live.refreshToken.id]);
      expect(left).to.not.include.members([oldRevoked.refreshToken.id, oldAccess.refreshToken.id]);
      // With the refresh tokens gone, their expired access tokens went in the same run.
      expect(await em().count(AccessToken, { id: oldAccess.refreshToken.accessToken!.id })).to.equal(0);
    });

    it('keeps refresh tokens when refreshTokenExpireSeconds is unset, and says so through the logger', async () => {
      const warnings: string[] = [];
      configure({ orm: testOrm(), logger: { warn: (m: string) => warnings.push(m), error: () => undefined } });
      const { user, application } = await fixtures();
      await createRefreshToken(em(), { application, user, revoked: new Date(0) });
      const result = await clearTokens(em());
      expect(result.refreshTokens).to.equal(0);
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.include('refreshTokenExpireSeconds');
    });

    it('wipes successor pairs past their grace window', async () => {
      const { user, application } = await fixtures();
      const { refreshToken: old } = await createRefreshToken(em(), { application, user });
      const { refreshToken: fresh } = await createRefreshToken(em(), { application, user });
      old.successorCiphertext = 'x';
      old.successorExpires = new Date(Date.now() - 1000);
      fresh.successorCiphertext = 'y';
      fresh.successorExpires = new Date(Date.now() + 60000);
      await em().flush();
      expect((await clearTokens(em())).successorPairs).to.equal(1);
      em().clear();
      expect((await em().findOneOrFail(RefreshToken, { id: old.id })).successorCiphertext).to.equal(null);
      expect((await em().findOneOrFail(RefreshToken, { id: fresh.id })).successorCiphertext).to.equal('y');
    });

    it('deletes in batches of clearExpiredTokensBatchSize, sleeping the interval between them', async () => {
      configure({ orm: testOrm(), clearExpiredTokensBatchSize: 2, clearExpiredTokensBatchInterval: 0.05 });
      const { user, application } = await fixtures();
      for (let i = 0; i < 5; i++) await createAccessToken(em(), { application, user, expiresIn: -10 });
      const started = Date.now();
      const result = await clearTokens(em());
      expect(result.accessTokens).to.equal(5);
      // Access tokens: 2 + 2 + 1 (three statements, two sleeps); ID tokens, codes, device grants, throttling keys: one
      // empty batch each.
      expect(result.batches).to.equal(7);
      expect(Date.now() - started).to.be.at.least(100);
      expect(await em().count(AccessToken, {})).to.equal(0);
    });

    it('deletes throttling keys whose window has passed, on the store’s clock; keeps blocked and recent ones', async () => {
      const clock = new Clock();
      const store = new DatabaseThrottleStore({ now: clock.now });
      configure({ orm: testOrm(), throttleWindowSeconds: 60, throttlePairLimit: 2, throttleStore: store });
      const policy = throttlePolicy()!;
      const failAt = async (secondsAgo: number, ip: string, times = 1) => {
        const at = clock.ms;
        clock.advance(-secondsAgo);
        for (let i = 0; i < times; i++) await store.recordFailure(em(), throttleKeys('user', 'alice', ip), policy);
        clock.ms = at;
      };
      await failAt(200, '192.0.2.1'); // both keys forgotten
      await failAt(100, '192.0.2.2', 2); // the pair blocked until 40 s ago, remembered a window more; the address not
      await failAt(10, '192.0.2.3', 2); // the pair blocked for 50 s more
      await failAt(30, '192.0.2.4'); // both keys within their window
      expect((await clearTokens(em())).throttles).to.equal(3);
      expect(await em().count(Throttle, {})).to.equal(5);
      clock.advance(60);
      expect((await clearTokens(em())).throttles).to.equal(4);
      expect(await em().count(Throttle, {})).to.equal(1); // the pair blocked last, until its next window passes
    });
  });

  describe('given the ORM', () => {
    it('works on its own fork, committing as it goes', async () => {
      const orm = await getTestOrm();
      configure({ orm });
      const em = orm.em.fork();
      const user = await createUser(em, { username: `committed-${randomUUID()}` });
      const { application } = await createApplication(em, { user });
      const { accessToken } = await createAccessToken(em, { application, user, expiresIn: -10 });
      try {
        const result = await clearTokens(orm, oauth2Settings());
        expect(result.accessTokens).to.be.at.least(1);
        expect(await orm.em.fork().count(AccessToken, { id: accessToken.id })).to.equal(0);
      } finally {
        await em.nativeDelete(user.constructor as never, { id: user.id });
      }
    });
  });
});
