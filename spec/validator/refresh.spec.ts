import { expect } from 'chai';
import { OAuth2RequestState } from '../../lib/oauth2/index.js';
import { RefreshToken } from '../../lib/models/refresh-token.js';
import { AccessToken } from '../../lib/models/access-token.js';
import { tokenChecksum } from '../../lib/models/checksum.js';
import { configure } from '../../lib/settings.js';
import { testOrm, useTransaction } from '../helpers/db.js';
import { Harness, json, webClient } from './helpers.js';
import { basic } from '../helpers/basic-auth.js';

const GRACE_KEY = 'a-grace-key-of-at-least-32-characters!';

describe('OAuth2Validator: refresh tokens', () => {
  const em = useTransaction();
  const rtRow = (token: unknown) =>
    em().findOneOrFail(RefreshToken, { tokenChecksum: tokenChecksum(String(token)) }, { refresh: true });
  const atRow = (token: unknown) =>
    em().findOneOrFail(AccessToken, { tokenChecksum: tokenChecksum(String(token)) }, { refresh: true });

  async function start(h: Harness, scope = 'read') {
    const { user, application, client } = await webClient(em());
    const first = json(await h.exchange(await h.obtainCode(application, user, { scope }), client));
    return { user, application, client, first };
  }

  it('RFC 9700 §4.14.2: a refresh rotates the pair in the same family and revokes the old pair', async () => {
    const h = new Harness(em);
    const { client, first } = await start(h);
    const second = json(await h.refresh(String(first.refresh_token), client));
    expect(second.refresh_token).to.not.equal(first.refresh_token);
    const [oldRt, newRt, newAt] = [
      await rtRow(first.refresh_token),
      await rtRow(second.refresh_token),
      await atRow(second.access_token),
    ];
    expect(oldRt.revoked).to.be.instanceOf(Date);
    expect((await atRow(first.access_token)).revoked).to.be.instanceOf(Date);
    expect(newRt.revoked).to.equal(null);
    expect(newRt.family).to.equal(oldRt.family);
    expect(newAt.sourceRefreshToken?.id).to.equal(oldRt.id);
    expect(oldRt.successorCiphertext, 'no grace window: nothing kept').to.equal(null);
    expect(await h.bearerValid(String(second.access_token))).to.equal(true);
    expect(await h.bearerValid(String(first.access_token))).to.equal(false);
  });

  it('RFC 9700 §4.14.2: a rotated token presented again is refused and revokes the whole family', async () => {
    const h = new Harness(em);
    const { client, first } = await start(h);
    const second = json(await h.refresh(String(first.refresh_token), client));
    expect(json(await h.refresh(String(first.refresh_token), client), 400).error).to.equal('invalid_grant');
    const family = (await rtRow(first.refresh_token)).family;
    const live = await em().find(RefreshToken, { family, revoked: null }, { refresh: true });
    expect(live).to.have.length(0);
    expect(await em().count(AccessToken, { family, revoked: null })).to.equal(0);
    expect(await h.bearerValid(String(second.access_token))).to.equal(false);
    expect(json(await h.refresh(String(second.refresh_token), client), 400).error).to.equal('invalid_grant');
  });

  it('RFC 6749 §6: a narrower scope is allowed and the refresh token keeps the original scope', async () => {
    const h = new Harness(em);
    const { client, first } = await start(h, 'read write');
    const narrow = json(await h.refresh(String(first.refresh_token), client, { scope: 'write' }));
    expect(narrow.scope).to.equal('write');
    const back = json(await h.refresh(String(narrow.refresh_token), client));
    expect(back.scope).to.equal('read write');
    expect(json(await h.refresh(String(back.refresh_token), client, { scope: 'read admin' }), 400).error).to.equal(
      'invalid_scope',
    );
  });

  it("refuses another client's refresh token and an unknown one with invalid_grant", async () => {
    const h = new Harness(em);
    const { first } = await start(h);
    const other = await webClient(em());
    expect(json(await h.refresh(String(first.refresh_token), other.client), 400).error).to.equal('invalid_grant');
    expect(json(await h.refresh('never-issued', other.client), 400).error).to.equal('invalid_grant');
    expect((await rtRow(first.refresh_token)).revoked, "another client's attempt changes nothing").to.equal(null);
  });

  it("RFC 6749 §6: another client's lookup is invalid, its rotation and family revocation change nothing", async () => {
    const h = new Harness(em);
    const { application, client, first } = await start(h);
    const other = await webClient(em());
    const asOther = { session: em(), client: other.application, requestState: new OAuth2RequestState() } as never;
    const lookup = () => h.validator.validateRefreshToken(String(first.refresh_token), other.application, asOther);
    expect((await lookup()).status).to.equal('invalid');
    const pair = { access_token: 'a'.repeat(43), token_type: 'Bearer', expires_in: 60, scope: 'read' } as const;
    const lifetimes = {
      accessTokenExpiresAt: new Date(Date.now() + 60000),
      refreshTokenExpiresAt: null,
      graceUntil: null,
    };
    const rotated = await h.validator.rotateRefreshToken(
      String(first.refresh_token),
      { ...pair, refresh_token: 'r'.repeat(43) },
      asOther,
      lifetimes,
    );
    expect(rotated, 'another client cannot rotate it').to.equal('replayed');
    expect((await rtRow(first.refresh_token)).revoked).to.equal(null);
    expect(await em().count(AccessToken, { tokenChecksum: tokenChecksum(pair.access_token) })).to.equal(0);
    await h.validator.revokeRefreshTokenFamily(String(first.refresh_token), asOther);
    expect(await h.bearerValid(String(first.access_token))).to.equal(true);
    json(await h.refresh(String(first.refresh_token), client));
    expect((await lookup()).status, 'rotated, and still not a replay for another client').to.equal('invalid');
    const asOwner = { session: em(), client: application, requestState: new OAuth2RequestState() } as never;
    const own = await h.validator.validateRefreshToken(String(first.refresh_token), application, asOwner);
    expect(own).to.deep.equal({ status: 'replayed', clientId: client.id });
  });

  it('RFC 6749 §6: with rotation off the refresh token stays and only the access token is replaced', async () => {
    const h = new Harness(em, { rotateRefreshToken: false });
    const { client, first } = await start(h);
    const second = json(await h.refresh(String(first.refresh_token), client));
    expect(second.refresh_token).to.equal(first.refresh_token);
    expect(await h.bearerValid(String(first.access_token))).to.equal(false);
    expect(await h.bearerValid(String(second.access_token))).to.equal(true);
    expect((await rtRow(first.refresh_token)).accessToken?.id).to.equal((await atRow(second.access_token)).id);
    expect(json(await h.refresh(String(first.refresh_token), client)).refresh_token).to.equal(first.refresh_token);
  });

  it('an expired refresh token (refreshTokenExpireSeconds) is refused', async () => {
    configure({ orm: testOrm(), refreshTokenExpireSeconds: 60 });
    const h = new Harness(em);
    const { client, first } = await start(h);
    h.clock.advance(61);
    expect(json(await h.refresh(String(first.refresh_token), client), 400).error).to.equal('invalid_grant');
  });

  describe('grace window (refreshTokenGracePeriodSeconds)', () => {
    beforeEach(() => {
      configure({ orm: testOrm(), refreshTokenGracePeriodSeconds: 30, refreshTokenGraceKey: GRACE_KEY });
    });

    it('a repeat within the window gets the very same pair, stored only encrypted', async () => {
      const h = new Harness(em);
      const { client, first } = await start(h);
      const second = json(await h.refresh(String(first.refresh_token), client));
      const old = await rtRow(first.refresh_token);
      expect(old.successorCiphertext).to.be.a('string');
      expect(old.successorCiphertext).to.not.include(String(second.refresh_token));
      expect(old.successorCiphertext).to.not.include(String(second.access_token));
      h.clock.advance(29);
      const repeat = json(await h.refresh(String(first.refresh_token), client));
      expect(repeat.access_token).to.equal(second.access_token);
      expect(repeat.refresh_token).to.equal(second.refresh_token);
      expect(await h.bearerValid(String(second.access_token)), 'the family stays live').to.equal(true);
    });

    it('after the window a repeat is a replay: refused, and the family is revoked', async () => {
      const h = new Harness(em);
      const { client, first } = await start(h);
      const second = json(await h.refresh(String(first.refresh_token), client));
      h.clock.advance(31);
      expect(json(await h.refresh(String(first.refresh_token), client), 400).error).to.equal('invalid_grant');
      expect(await h.bearerValid(String(second.access_token))).to.equal(false);
    });

    it('a deliberately revoked refresh token gets nothing in the window', async () => {
      const h = new Harness(em);
      const { client, first } = await start(h);
      const revoke = h.post(
        { token: String(first.refresh_token) },
        { authorization: basic(client.id, client.secret) },
        '/o/revoke/',
      );
      expect((await h.server.createRevocationResponse(revoke)).status).to.equal(200);
      expect((await rtRow(first.refresh_token)).successorCiphertext).to.equal(null);
      expect(json(await h.refresh(String(first.refresh_token), client), 400).error).to.equal('invalid_grant');
    });

    it('a successor revoked since then is not handed out again', async () => {
      const h = new Harness(em);
      const { client, first } = await start(h);
      const second = json(await h.refresh(String(first.refresh_token), client));
      const revoke = h.post(
        { token: String(second.refresh_token) },
        { authorization: basic(client.id, client.secret) },
        '/o/revoke/',
      );
      expect((await h.server.createRevocationResponse(revoke)).status).to.equal(200);
      expect(json(await h.refresh(String(first.refresh_token), client), 400).error).to.equal('invalid_grant');
    });

    it('a tampered ciphertext ends the window instead of yielding a pair', async () => {
      const h = new Harness(em);
      const { client, first } = await start(h);
      json(await h.refresh(String(first.refresh_token), client));
      const old = await rtRow(first.refresh_token);
      const parts = String(old.successorCiphertext).split('.');
      parts[2] = Buffer.from('{"access_token":"forged"}').toString('base64url');
      await em().nativeUpdate(RefreshToken, { id: old.id }, { successorCiphertext: parts.join('.') });
      expect(json(await h.refresh(String(first.refresh_token), client), 400).error).to.equal('invalid_grant');
    });
  });
});
