import { expect } from 'chai';
import { OAuth2RequestState, s256Challenge } from '../../lib/oauth2/index.js';
import { Grant } from '../../lib/models/grant.js';
import { AccessToken } from '../../lib/models/access-token.js';
import { RefreshToken } from '../../lib/models/refresh-token.js';
import { tokenChecksum } from '../../lib/models/checksum.js';
import { useTransaction } from '../helpers/db.js';
import { createGrant } from '../helpers/factories.js';
import { Harness, REDIRECT, VERIFIER, json, webClient } from './helpers.js';
import { basic } from '../helpers/basic-auth.js';

describe('OAuth2Validator: authorization codes', () => {
  const em = useTransaction();

  it('saves a code by its checksum only, bound to client, user, redirect URI, scopes and challenge', async () => {
    const h = new Harness(em);
    const { user, application } = await webClient(em());
    const code = await h.obtainCode(application, user, { scope: 'read write', nonce: 'n-1' });
    const grant = await em().findOneOrFail(Grant, { codeChecksum: tokenChecksum(code) }, { refresh: true });
    expect(JSON.stringify(grant)).to.not.include(code);
    expect(grant.application.id).to.equal(application.id);
    expect((grant.user as { id: number }).id).to.equal(user.id);
    expect(grant.redirectUri).to.equal(REDIRECT);
    expect(grant.scope).to.equal('read write');
    expect(grant.codeChallengeMethod).to.equal('S256');
    expect(grant.nonce).to.equal('n-1');
    expect(grant.consumed).to.equal(null);
    expect(grant.family).to.be.a('string');
  });

  it('exchanges a code once, consuming it as a tombstone, and links the tokens to its family', async () => {
    const h = new Harness(em);
    const { user, application, client } = await webClient(em());
    const code = await h.obtainCode(application, user);
    const body = json(await h.exchange(code, client));
    expect(body.scope).to.equal('read');
    const grant = await em().findOneOrFail(Grant, { codeChecksum: tokenChecksum(code) }, { refresh: true });
    expect(grant.consumed).to.be.instanceOf(Date);
    const at = await em().findOneOrFail(AccessToken, { tokenChecksum: tokenChecksum(String(body.access_token)) });
    const rt = await em().findOneOrFail(RefreshToken, { tokenChecksum: tokenChecksum(String(body.refresh_token)) });
    expect(at.family).to.equal(grant.family);
    expect(rt.family).to.equal(grant.family);
    expect(rt.accessToken?.id).to.equal(at.id);
    expect((at.user as { id: number }).id).to.equal(user.id);
    expect(await h.bearerValid(String(body.access_token), ['read'])).to.equal(true);
  });

  it('RFC 6749 §4.1.2: a replayed code is refused and revokes every token it issued, refreshed ones included', async () => {
    const h = new Harness(em);
    const { user, application, client } = await webClient(em());
    const code = await h.obtainCode(application, user);
    const first = json(await h.exchange(code, client));
    const second = json(await h.refresh(String(first.refresh_token), client));
    const replay = json(await h.exchange(code, client), 400);
    expect(replay.error).to.equal('invalid_grant');
    expect(await h.bearerValid(String(second.access_token))).to.equal(false);
    const rt = await em().findOneOrFail(
      RefreshToken,
      { tokenChecksum: tokenChecksum(String(second.refresh_token)) },
      {
        refresh: true,
      },
    );
    expect(rt.revoked).to.be.instanceOf(Date);
  });

  it('consumeAuthorizationCode: ok once, then replayed; unknown for a code never issued', async () => {
    const h = new Harness(em);
    const { user, application } = await webClient(em());
    const { code } = await createGrant(em(), { application, user });
    const request = { session: em(), requestState: new OAuth2RequestState() } as never;
    expect(await h.validator.consumeAuthorizationCode(application.clientId, code, request)).to.equal('ok');
    expect(await h.validator.consumeAuthorizationCode(application.clientId, code, request)).to.equal('replayed');
    expect(await h.validator.consumeAuthorizationCode(application.clientId, 'nope', request)).to.equal('unknown');
  });

  it('validateCode: valid with the stored record, replayed once consumed, invalid when unknown', async () => {
    const h = new Harness(em);
    const { user, application } = await webClient(em());
    const code = await h.obtainCode(application, user, { scope: 'write' });
    const request = { session: em(), requestState: new OAuth2RequestState() } as never;
    const lookup = await h.validator.validateCode(application.clientId, code, application, request);
    expect(lookup.status).to.equal('valid');
    if (lookup.status !== 'valid') return;
    expect(lookup.record.clientId).to.equal(application.clientId);
    expect(lookup.record.scopes).to.deep.equal(['write']);
    expect(lookup.record.redirectUriProvided).to.equal(true);
    expect(lookup.record.codeChallenge).to.be.a('string');
    await h.validator.consumeAuthorizationCode(application.clientId, code, request);
    expect((await h.validator.validateCode(application.clientId, code, application, request)).status).to.equal(
      'replayed',
    );
    expect((await h.validator.validateCode(application.clientId, 'x', application, request)).status).to.equal(
      'invalid',
    );
  });

  it("RFC 6749 §4.1.3: another client's lookup is invalid, its consumption unknown, its revocation a no-op", async () => {
    const h = new Harness(em);
    const { user, application, client } = await webClient(em());
    const other = await webClient(em());
    const code = await h.obtainCode(application, user);
    const asOther = { session: em(), client: other.application, requestState: new OAuth2RequestState() } as never;
    const lookup = () => h.validator.validateCode(other.client.id, code, other.application, asOther);
    expect((await lookup()).status).to.equal('invalid');
    expect(await h.validator.consumeAuthorizationCode(other.client.id, code, asOther)).to.equal('unknown');
    const grant = () => em().findOneOrFail(Grant, { codeChecksum: tokenChecksum(code) }, { refresh: true });
    expect((await grant()).consumed, 'another client cannot consume it').to.equal(null);
    const pair = json(await h.exchange(code, client));
    expect((await lookup()).status, 'redeemed, and still not a replay for another client').to.equal('invalid');
    await h.validator.revokeTokensIssuedByCode(code, asOther);
    expect(await h.bearerValid(String(pair.access_token))).to.equal(true);
    const asOwner = { session: em(), client: application, requestState: new OAuth2RequestState() } as never;
    const own = await h.validator.validateCode(client.id, code, application, asOwner);
    expect(own).to.deep.equal({ status: 'replayed', clientId: client.id });
  });

  it('a code gone between lookup and redemption is refused, and the tokens saved for the request withdrawn', async () => {
    const h = new Harness(em);
    const { user, application, client } = await webClient(em());
    const code = await h.obtainCode(application, user);
    const consume = h.validator.consumeAuthorizationCode.bind(h.validator);
    h.validator.consumeAuthorizationCode = async (id, value, request) => {
      // Deleted in between (clear-tokens, say): the consumption finds no code of this client.
      await em().nativeDelete(Grant, { codeChecksum: tokenChecksum(value) });
      return consume(id, value, request);
    };
    const res = json(await h.exchange(code, client), 400);
    expect(res).to.deep.equal({ error: 'invalid_grant', error_description: 'Invalid authorization code.' });
    expect(await em().count(AccessToken, { application, revoked: null }), 'live access tokens').to.equal(0);
    expect(await em().count(RefreshToken, { application, revoked: null }), 'live refresh tokens').to.equal(0);
  });

  it('RFC 6749 §4.1.3: a code requested without redirect_uri is exchanged without one', async () => {
    const h = new Harness(em);
    const { user, application, client } = await webClient(em());
    const code = await h.obtainCode(application, user, { redirect_uri: '' });
    const body = { grant_type: 'authorization_code', code, code_verifier: VERIFIER };
    const res = await h.server.createTokenResponse(h.post(body, { authorization: basic(client.id, client.secret) }));
    expect(res.status, res.body).to.equal(200);
  });

  it("refuses another client's code and an expired code with invalid_grant", async () => {
    const h = new Harness(em);
    const { user, application } = await webClient(em());
    const other = await webClient(em());
    const code = await h.obtainCode(application, user);
    expect(json(await h.exchange(code, other.client), 400).error).to.equal('invalid_grant');
    const { code: stale } = await createGrant(em(), {
      application: other.application,
      user,
      expiresIn: -5,
      codeChallenge: s256Challenge(VERIFIER),
      codeChallengeMethod: 'S256',
    });
    const expired = json(await h.exchange(stale, other.client), 400);
    expect(expired).to.deep.equal({ error: 'invalid_grant', error_description: 'Authorization code expired.' });
  });
});
