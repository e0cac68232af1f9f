import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { AccessToken } from '../../lib/models/access-token.js';
import { RefreshToken } from '../../lib/models/refresh-token.js';
import { Grant } from '../../lib/models/grant.js';
import { IDToken } from '../../lib/models/id-token.js';
import { tokenChecksum } from '../../lib/models/checksum.js';
import type { Application } from '../../lib/models/application.js';
import { configure } from '../../lib/settings.js';
import { testOrm, useTransaction } from '../helpers/db.js';
import {
  createAccessToken,
  createApplication,
  createGrant,
  createIdToken,
  createRefreshToken,
  createUser,
} from '../helpers/factories.js';
import type { User } from '../helpers/user-entity.js';

async function expectUniqueViolation(em: EntityManager, work: (em: EntityManager) => void): Promise<void> {
  let error: unknown;
  try {
    // A nested transaction is a savepoint, so the failed insert leaves the test's transaction usable.
    await em.transactional(async (inner) => work(inner));
  } catch (e) {
    error = e;
  }
  expect(error).to.be.instanceOf(UniqueConstraintViolationException);
}

describe('token models', () => {
  const em = useTransaction();
  let user: User;
  let application: Application;
  beforeEach(async () => {
    user = await createUser(em());
    ({ application } = await createApplication(em(), { user }));
  });

  describe('AccessToken', () => {
    const at = (fields: Partial<AccessToken>) => Object.assign(new AccessToken(), fields);

    it('is expired at or after its expiry, and without one', () => {
      const now = new Date();
      expect(at({ expires: new Date(now.getTime() + 1000) }).isExpired(now)).to.equal(false);
      expect(at({ expires: now }).isExpired(now)).to.equal(true);
      expect(at({ expires: null as never }).isExpired()).to.equal(true);
    });

    it('allows a subset of its scopes, and an empty request', () => {
      const token = at({ scope: 'read write' });
      expect(token.allowScopes(['read'])).to.equal(true);
      expect(token.allowScopes(['read', 'write'])).to.equal(true);
      expect(token.allowScopes(['admin'])).to.equal(false);
      expect(token.allowScopes([])).to.equal(true);
      expect(token.allowScopes(null)).to.equal(true);
    });

    it('is valid only unexpired, unrevoked and with the scopes', () => {
      const expires = new Date(Date.now() + 60000);
      expect(at({ expires, scope: 'read' }).isValid(['read'])).to.equal(true);
      expect(at({ expires, scope: 'read' }).isValid(['write'])).to.equal(false);
      expect(at({ expires: new Date(Date.now() - 1), scope: 'read' }).isValid()).to.equal(false);
      expect(at({ expires, scope: 'read', revoked: new Date() }).isValid()).to.equal(false);
    });

    it('describes only the scopes the scopes backend knows', () => {
      configure({ orm: testOrm(), scopes: { read: 'Read it', write: 'Write it', openid: 'OpenID' } });
      expect(at({ scope: 'read unknown openid' }).scopes).to.deep.equal({ read: 'Read it', openid: 'OpenID' });
    });

    it('stores only the SHA-256 checksum of the token', async () => {
      const { accessToken, token } = await createAccessToken(em(), { application, user });
      expect(accessToken.tokenChecksum)
        .to.equal(tokenChecksum(token))
        .and.match(/^[0-9a-f]{64}$/);
      const rows = await em()
        .getConnection()
        .execute(
          'select * from oauth2_provider_accesstoken where id = ?',
          [accessToken.id],
          'all',
          em().getTransactionContext(),
        );
      expect(JSON.stringify(rows)).to.not.include(token);
      expect(Object.keys(rows[0] as object)).to.not.include('token');
    });

    it('refuses a duplicate checksum in the database', async () => {
      const { token } = await createAccessToken(em(), { application, user });
      await expectUniqueViolation(em(), (inner) => {
        inner.create(AccessToken, { expires: new Date(), tokenChecksum: tokenChecksum(token) });
      });
    });

    it('revokes once, for every process, and keeps the row', async () => {
      const { accessToken } = await createAccessToken(em(), { application, user });
      expect(await accessToken.revoke(em())).to.equal(true);
      expect(accessToken.revoked).to.be.instanceOf(Date);
      expect(await accessToken.revoke(em())).to.equal(false);
      em().clear();
      const fresh = await em().findOneOrFail(AccessToken, { id: accessToken.id });
      expect(fresh.revoked).to.be.instanceOf(Date);
      expect(fresh.isValid()).to.equal(false);
    });

    it('keeps the login facts of its family', async () => {
      const authTime = new Date(Date.now() - 5000);
      const { accessToken } = await createAccessToken(em(), {
        application,
        user,
        authTime,
        acr: 'urn:mace:incommon:iap:silver',
        claims: '{"userinfo":{"email":null}}',
      });
      em().clear();
      const fresh = await em().findOneOrFail(AccessToken, { id: accessToken.id });
      expect(fresh.authTime?.getTime()).to.equal(authTime.getTime());
      expect(fresh.acr).to.equal('urn:mace:incommon:iap:silver');
      expect(JSON.parse(fresh.claims)).to.deep.equal({ userinfo: { email: null } });
    });

    it('hides the token value from toString()', async () => {
      const { accessToken, token } = await createAccessToken(em(), { application, user });
      expect(String(accessToken)).to.equal(`AccessToken #${accessToken.id}`).and.not.include(token);
    });
  });

  describe('RefreshToken', () => {
    it('revokes itself and its access token, once', async () => {
      const { refreshToken } = await createRefreshToken(em(), { application, user });
      expect(await refreshToken.revoke(em())).to.equal(true);
      expect(await refreshToken.revoke(em())).to.equal(false);
      em().clear();
      const rt = await em().findOneOrFail(RefreshToken, { id: refreshToken.id }, { populate: ['accessToken'] });
      expect(rt.isRevoked()).to.equal(true);
      expect(rt.accessToken?.revoked).to.be.instanceOf(Date);
    });

    it('lets exactly one of two racing revocations win', async () => {
      const { refreshToken } = await createRefreshToken(em(), { application, user });
      const copy = Object.assign(new RefreshToken(), { id: refreshToken.id });
      const results = [await refreshToken.revoke(em()), await copy.revoke(em())];
      expect(results).to.deep.equal([true, false]);
    });

    it('revokes a whole family and nothing else', async () => {
      const family = randomUUID();
      const { refreshToken: a } = await createRefreshToken(em(), { application, user, family });
      const { refreshToken: b } = await createRefreshToken(em(), { application, user, family });
      const { refreshToken: other } = await createRefreshToken(em(), { application, user });
      expect(await RefreshToken.revokeFamily(em(), family)).to.equal(4);
      em().clear();
      const rows = await em().find(RefreshToken, {}, { populate: ['accessToken'] });
      const byId = new Map(rows.map((r) => [r.id, r]));
      expect(byId.get(a.id)?.revoked).to.be.instanceOf(Date);
      expect(byId.get(b.id)?.accessToken?.revoked).to.be.instanceOf(Date);
      expect(byId.get(other.id)?.revoked).to.equal(null);
      expect(byId.get(other.id)?.accessToken?.revoked).to.equal(null);
    });

    it('keeps an encrypted successor pair and its expiry', async () => {
      const { refreshToken } = await createRefreshToken(em(), { application, user });
      refreshToken.successorCiphertext = 'v1.iv.ciphertext.tag';
      refreshToken.successorExpires = new Date(Date.now() + 30000);
      await em().flush();
      em().clear();
      const fresh = await em().findOneOrFail(RefreshToken, { id: refreshToken.id });
      expect(fresh.successorCiphertext).to.equal('v1.iv.ciphertext.tag');
    });

    it('refuses a duplicate checksum in the database', async () => {
      const { token } = await createRefreshToken(em(), { application, user });
      await expectUniqueViolation(em(), (inner) => {
        inner.create(RefreshToken, { user, application, tokenChecksum: tokenChecksum(token) });
      });
    });

    it('points a rotated access token at the refresh token it consumed', async () => {
      const { refreshToken } = await createRefreshToken(em(), { application, user });
      const { accessToken } = await createAccessToken(em(), { application, user, sourceRefreshToken: refreshToken });
      em().clear();
      const fresh = await em().findOneOrFail(AccessToken, { id: accessToken.id });
      expect(fresh.sourceRefreshToken?.id).to.equal(refreshToken.id);
    });
  });

  describe('Grant', () => {
    it('stores only the code checksum, with PKCE, nonce, claims and login facts', async () => {
      const { grant, code } = await createGrant(em(), {
        application,
        user,
        codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        codeChallengeMethod: 'S256',
        nonce: 'n-0S6_WzA2Mj',
        claims: '{"id_token":{"acr":null}}',
        authTime: new Date(),
        acr: '1',
      });
      em().clear();
      const fresh = await em().findOneOrFail(Grant, { codeChecksum: tokenChecksum(code) });
      expect(fresh.id).to.equal(grant.id);
      expect(fresh.codeChallengeMethod).to.equal('S256');
      expect(fresh.nonce).to.equal('n-0S6_WzA2Mj');
      expect(fresh.acr).to.equal('1');
      expect(String(fresh)).to.equal(`Grant #${grant.id}`);
    });

    it('is expired at its expiry', () => {
      const now = new Date();
      expect(Object.assign(new Grant(), { expires: now }).isExpired(now)).to.equal(true);
      expect(Object.assign(new Grant(), { expires: new Date(now.getTime() + 1) }).isExpired(now)).to.equal(false);
    });

    it('matches only its exact redirect URI', () => {
      const grant = Object.assign(new Grant(), { redirectUri: 'https://client.example/cb' });
      expect(grant.redirectUriAllowed('https://client.example/cb')).to.equal(true);
      expect(grant.redirectUriAllowed('https://client.example/cb?x')).to.equal(false);
    });

    it('stays as a tombstone with the family it issued once consumed', async () => {
      const { grant } = await createGrant(em(), { application, user });
      const family = randomUUID();
      const n = await em().nativeUpdate(Grant, { id: grant.id, consumed: null }, { consumed: new Date(), family });
      expect(n).to.equal(1);
      expect(await em().nativeUpdate(Grant, { id: grant.id, consumed: null }, { consumed: new Date() })).to.equal(0);
      em().clear();
      const tomb = await em().findOneOrFail(Grant, { id: grant.id });
      expect(tomb.isConsumed()).to.equal(true);
      expect(tomb.family).to.equal(family);
    });

    it('refuses a duplicate code checksum in the database', async () => {
      const { code } = await createGrant(em(), { application, user });
      await expectUniqueViolation(em(), (inner) => {
        inner.create(Grant, { user, application, expires: new Date(), codeChecksum: tokenChecksum(code) });
      });
    });
  });

  describe('IDToken', () => {
    it('has a unique jti and DOT’s label', async () => {
      const idToken = await createIdToken(em(), { application, user });
      expect(idToken.jti).to.match(/^[0-9a-f-]{36}$/);
      expect(String(idToken)).to.equal(`JTI: ${idToken.jti} User: ${user.id}`);
      await expectUniqueViolation(em(), (inner) => {
        inner.create(IDToken, { expires: new Date(), jti: idToken.jti });
      });
    });

    it('deletes itself and its access token on revoke', async () => {
      const idToken = await createIdToken(em(), { application, user });
      const { accessToken } = await createAccessToken(em(), { application, user, idToken });
      await idToken.revoke(em());
      em().clear();
      expect(await em().count(IDToken, { id: idToken.id })).to.equal(0);
      expect(await em().count(AccessToken, { id: accessToken.id })).to.equal(0);
    });

    it('is expired and allows scopes as access tokens do', () => {
      const t = Object.assign(new IDToken(), { expires: new Date(Date.now() - 1), scope: 'openid profile' });
      expect(t.isExpired()).to.equal(true);
      expect(t.allowScopes(['openid'])).to.equal(true);
      expect(t.isValid(['openid'])).to.equal(false);
    });
  });
});
