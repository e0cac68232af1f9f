import { expect } from 'chai';
import { OAuth2RequestState } from '../../lib/oauth2/index.js';
import { AccessToken } from '../../lib/models/access-token.js';
import { Application } from '../../lib/models/application.js';
import { RefreshToken } from '../../lib/models/refresh-token.js';
import { tokenChecksum } from '../../lib/models/checksum.js';
import { configure } from '../../lib/settings.js';
import { testOrm, useTransaction } from '../helpers/db.js';
import { createAccessToken } from '../helpers/factories.js';
import { basic } from '../helpers/basic-auth.js';
import { Harness, json, webClient } from './helpers.js';

describe('OAuth2Validator: revocation, introspection and bearer tokens', () => {
  const em = useTransaction();
  const at = (token: unknown) =>
    em().findOneOrFail(AccessToken, { tokenChecksum: tokenChecksum(String(token)) }, { refresh: true });
  const rt = (token: unknown) =>
    em().findOneOrFail(RefreshToken, { tokenChecksum: tokenChecksum(String(token)) }, { refresh: true });

  async function issued(h: Harness) {
    const { user, application, client } = await webClient(em());
    const pair = json(await h.exchange(await h.obtainCode(application, user), client));
    return { user, application, client, pair };
  }
  const revoke = (h: Harness, client: { id: string; secret: string }, token: unknown, hint?: string) =>
    h.server.createRevocationResponse(
      h.post(
        { token: String(token), ...(hint ? { token_type_hint: hint } : {}) },
        { authorization: basic(client.id, client.secret) },
        '/o/revoke_token/',
      ),
    );
  const introspect = (h: Harness, client: { id: string; secret: string }, token: unknown) =>
    h.server.createIntrospectResponse(
      h.post({ token: String(token) }, { authorization: basic(client.id, client.secret) }, '/o/introspect/'),
    );

  describe('revokeToken (RFC 7009)', () => {
    it('revoking an access token revokes its refresh token too (DOT #746)', async () => {
      const h = new Harness(em);
      const { client, pair } = await issued(h);
      expect((await revoke(h, client, pair.access_token)).status).to.equal(200);
      expect((await at(pair.access_token)).revoked).to.be.instanceOf(Date);
      expect((await rt(pair.refresh_token)).revoked).to.be.instanceOf(Date);
      expect(json(await h.refresh(String(pair.refresh_token), client), 400).error).to.equal('invalid_grant');
    });

    it('revoking a refresh token revokes its access token, with or without the hint', async () => {
      const h = new Harness(em);
      const { client, pair } = await issued(h);
      expect((await revoke(h, client, pair.refresh_token, 'access_token')).status).to.equal(200);
      expect((await rt(pair.refresh_token)).revoked).to.be.instanceOf(Date);
      expect(await h.bearerValid(String(pair.access_token))).to.equal(false);
      const second = await issued(h);
      expect((await revoke(h, second.client, second.pair.refresh_token, 'refresh_token')).status).to.equal(200);
      expect(await h.bearerValid(String(second.pair.access_token))).to.equal(false);
    });

    it("refuses another client's token and leaves it valid (DOT #727)", async () => {
      const h = new Harness(em);
      const { pair } = await issued(h);
      const other = await webClient(em());
      const res = await revoke(h, other.client, pair.access_token);
      expect(json(res, 400).error).to.equal('invalid_request');
      expect(await h.bearerValid(String(pair.access_token))).to.equal(true);
      expect((await rt(pair.refresh_token)).revoked).to.equal(null);
      expect(
        await h.validator.revokeToken(String(pair.refresh_token), null, {
          session: em(),
          client: other.application,
        } as never),
      ).to.equal('other_client');
    });

    it('an unknown or already revoked token is answered 200 and reported unknown', async () => {
      const h = new Harness(em);
      const { application, client, pair } = await issued(h);
      expect((await revoke(h, client, 'never-issued')).status).to.equal(200);
      await revoke(h, client, pair.access_token);
      const request = { session: em(), client: application, requestState: new OAuth2RequestState() } as never;
      expect(await h.validator.revokeToken(String(pair.access_token), null, request)).to.equal('unknown');
    });
  });

  describe('introspectToken (RFC 7662)', () => {
    it('returns the claims of an active access token', async () => {
      configure({ orm: testOrm(), issuer: 'https://as.example/o' });
      const h = new Harness(em);
      const { user, application, client, pair } = await issued(h);
      const body = json(await introspect(h, client, pair.access_token));
      const row = await at(pair.access_token);
      expect(body).to.deep.equal({
        active: true,
        scope: 'read',
        client_id: application.clientId,
        username: user.username,
        token_type: 'Bearer',
        exp: Math.floor(row.expires.getTime() / 1000),
        iat: Math.floor(row.created.getTime() / 1000),
        sub: String(user.id),
        iss: 'https://as.example/o',
      });
    });

    it('returns the claims of an active refresh token, without iss when no issuer is configured', async () => {
      configure({ orm: testOrm(), issuer: '' });
      const h = new Harness(em);
      const { user, application, client, pair } = await issued(h);
      const body = json(await introspect(h, client, pair.refresh_token));
      expect(body).to.include({
        active: true,
        scope: 'read',
        client_id: application.clientId,
        token_type: 'refresh_token',
      });
      expect(body).to.include({ username: user.username, sub: String(user.id) });
      expect(body).to.not.have.property('iss');
    });

    it('answers only active: false for revoked, expired and unknown tokens', async () => {
      const h = new Harness(em);
      const { application, client, pair } = await issued(h);
      await revoke(h, client, pair.refresh_token);
      expect(json(await introspect(h, client, pair.access_token))).to.deep.equal({ active: false });
      expect(json(await introspect(h, client, pair.refresh_token))).to.deep.equal({ active: false });
      const { token } = await createAccessToken(em(), { application, expiresIn: -1 });
      expect(json(await introspect(h, client, token))).to.deep.equal({ active: false });
      expect(json(await introspect(h, client, 'never-issued'))).to.deep.equal({ active: false });
    });
  });

  describe('validateBearerToken (RFC 6750)', () => {
    it('accepts a live token with its scopes and sets the client and the user', async () => {
      const h = new Harness(em);
      const { user, application, pair } = await issued(h);
      const init = {
        uri: '/api',
        httpMethod: 'GET',
        headers: { authorization: `Bearer ${String(pair.access_token)}` },
        session: em(),
      };
      const result = await h.server.verifyRequest(init, ['read']);
      expect(result.valid).to.equal(true);
      expect(result.request?.client?.clientId).to.equal(application.clientId);
      expect((result.request?.user as { id: number }).id).to.equal(user.id);
      expect(result.request?.scopes).to.deep.equal(['read']);
      expect(await h.bearerValid(String(pair.access_token), ['write'])).to.equal(false);
    });

    it('refuses revoked, expired and unknown tokens, and those of an unusable application', async () => {
      const h = new Harness(em);
      const { application } = await webClient(em());
      const { token: expired } = await createAccessToken(em(), { application, expiresIn: -1 });
      const { accessToken, token: revoked } = await createAccessToken(em(), { application });
      await accessToken.revoke(em());
      const { token: live } = await createAccessToken(em(), { application });
      expect(await h.bearerValid(expired)).to.equal(false);
      expect(await h.bearerValid(revoked)).to.equal(false);
      expect(await h.bearerValid('never-issued')).to.equal(false);
      expect(await h.bearerValid(live)).to.equal(true);
      const usable = Application.prototype.isUsable;
      Application.prototype.isUsable = () => false;
      try {
        expect(await h.bearerValid(live)).to.equal(false);
      } finally {
        Application.prototype.isUsable = usable;
      }
    });
  });
});
