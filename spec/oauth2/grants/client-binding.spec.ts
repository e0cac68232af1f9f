/**
 * RFC 6749 §4.1.3, §6 and §10.5: a code or refresh token belongs to the client it was issued to. Another client
 * presenting one (replayed or not) gets `invalid_grant` and changes nothing; replay detection and family revocation
 * are for the owning client only. The core checks the binding itself, so a validator whose lookups ignore the
 * client cannot reopen the hole.
 */
import { expect } from 'chai';
import type { OAuth2RequestInit, RequestValidator, ServerOptions } from '../../../lib/oauth2/index.js';
import type { MemoryValidator } from '../helpers/memory-validator.js';
import {
  SPA,
  VERIFIER,
  WEB,
  basic,
  exchange,
  json,
  obtainCode,
  obtainTokens,
  post,
  setup,
} from '../helpers/fixtures.js';

const OTHER = { id: 'other', secret: 'other-secret' };

/** The two kinds of other client: a public one (client_id alone) and a confidential one with its own secret. */
const intruders: [string, (body: Record<string, string>) => OAuth2RequestInit][] = [
  ['a public client (no secret)', (body) => post({ ...body, client_id: SPA.id })],
  ['a confidential client with its own secret', (body) => post(body, { Authorization: basic(OTHER.id, OTHER.secret) })],
];

function start(options: ServerOptions = {}) {
  const ctx = setup(options);
  ctx.validator.addClient({ clientId: OTHER.id, clientSecret: OTHER.secret, redirectUris: [WEB.redirect] });
  return ctx;
}

/** The tokens the validator holds that are still live, as a sorted list (to compare before and after). */
function liveTokens(validator: MemoryValidator): string[] {
  const rows = [...validator.accessTokens.entries(), ...validator.refreshTokens.entries()];
  return rows
    .filter(([, row]) => !row.revoked)
    .map(([token]) => token)
    .sort();
}

/** Make `validateCode` answer as if every code were asked for by its owner (a validator that ignores the client). */
function ignoreClientInCodeLookup(validator: MemoryValidator): void {
  const lookup: RequestValidator['validateCode'] = validator.validateCode.bind(validator);
  const owner = validator.clients.get(WEB.id)!;
  (validator as RequestValidator).validateCode = (_id, code, _client, request) => lookup(WEB.id, code, owner, request);
}

/** Make `validateRefreshToken` answer as if the owner asked (a validator that ignores the client). */
function ignoreClientInRefreshLookup(validator: MemoryValidator): void {
  const lookup: RequestValidator['validateRefreshToken'] = validator.validateRefreshToken.bind(validator);
  const owner = validator.clients.get(WEB.id)!;
  (validator as RequestValidator).validateRefreshToken = (token, _client, request) => lookup(token, owner, request);
}

/**
 * Rotate the web client's refresh token, then let `send` present the rotated one: assert that it is refused with
 * `invalid_grant` and revokes nothing. Returns the owner's current pair and a way to replay it as the owner.
 */
async function presentRotated(send: (body: Record<string, string>) => OAuth2RequestInit, options: ServerOptions = {}) {
  const { server, validator } = start(options);
  const first = await obtainTokens(server);
  const refresh = { grant_type: 'refresh_token', refresh_token: String(first.refresh_token) };
  const asOwner = () => server.createTokenResponse(post(refresh, { Authorization: basic(WEB.id, WEB.secret) }));
  const second = json(await asOwner());
  const live = liveTokens(validator);
  const res = await server.createTokenResponse(send(refresh));
  expect(json(res)).to.deep.equal({ error: 'invalid_grant', error_description: 'Invalid refresh token.' });
  expect(liveTokens(validator), 'nothing revoked').to.deep.equal(live);
  return { validator, second, asOwner };
}

describe('oauth2/grants: codes and refresh tokens are bound to their client', () => {
  const codeBody = (code: string) => ({
    grant_type: 'authorization_code',
    code,
    redirect_uri: WEB.redirect,
    code_verifier: VERIFIER,
  });

  for (const [who, send] of intruders) {
    it(`RFC 6749 §4.1.3: ${who} presenting a redeemed code → invalid_grant, the owner's tokens live`, async () => {
      const { server, validator } = start();
      const code = await obtainCode(server);
      const owner = json(await server.createTokenResponse(exchange(code)));
      const live = liveTokens(validator);
      const res = await server.createTokenResponse(send(codeBody(code)));
      expect(res.status).to.equal(400);
      expect(json(res)).to.deep.equal({ error: 'invalid_grant', error_description: 'Invalid authorization code.' });
      expect(liveTokens(validator), 'nothing revoked').to.deep.equal(live);
      expect(validator.isActive(owner.access_token as string)).to.equal(true);
      // The owner's own replay is still a replay (RFC 9700 §4.2.4).
      expect(json(await server.createTokenResponse(exchange(code))).error_description).to.equal(
        'Authorization code was already used.',
      );
      expect(validator.isActive(owner.access_token as string)).to.equal(false);
      expect(validator.isActive(owner.refresh_token as string)).to.equal(false);
    });

    it(`RFC 6749 §4.1.3: ${who} presenting a live code → invalid_grant, and its owner still redeems it`, async () => {
      const { server, validator } = start();
      const code = await obtainCode(server);
      expect(json(await server.createTokenResponse(send(codeBody(code)))).error).to.equal('invalid_grant');
      expect(validator.codes.get(code)?.consumed).to.equal(false);
      expect((await server.createTokenResponse(exchange(code))).status).to.equal(200);
    });

    it(`RFC 6749 §6: ${who} presenting a rotated refresh token → invalid_grant, the family lives`, async () => {
      const { validator, second, asOwner } = await presentRotated(send);
      expect(validator.isActive(second.refresh_token as string)).to.equal(true);
      // The owner's own replay still revokes the family (RFC 9700 §4.14.2).
      expect(json(await asOwner()).error).to.equal('invalid_grant');
      expect(validator.isActive(second.refresh_token as string)).to.equal(false);
    });

    it(`grace window: ${who} repeating a rotated refresh token gets no pair and revokes nothing`, async () => {
      const { validator, second } = await presentRotated(send, { refreshTokenGracePeriodSeconds: 30 });
      expect(validator.isActive(second.access_token as string)).to.equal(true);
    });
  }

  it('defence in depth: with a code lookup that ignores the client, another client still revokes nothing', async () => {
    const { server, validator } = start();
    const code = await obtainCode(server);
    json(await server.createTokenResponse(exchange(code)));
    ignoreClientInCodeLookup(validator);
    const live = liveTokens(validator);
    const res = await server.createTokenResponse(post({ ...codeBody(code), client_id: SPA.id }));
    expect(json(res)).to.deep.equal({ error: 'invalid_grant', error_description: 'Invalid authorization code.' });
    expect(liveTokens(validator)).to.deep.equal(live);
  });

  it('defence in depth: with a refresh lookup that ignores the client, another client still revokes nothing', async () => {
    const { server, validator } = start();
    const first = await obtainTokens(server);
    const refresh = { grant_type: 'refresh_token', refresh_token: String(first.refresh_token) };
    json(await server.createTokenResponse(post(refresh, { Authorization: basic(WEB.id, WEB.secret) })));
    ignoreClientInRefreshLookup(validator);
    const live = liveTokens(validator);
    const res = await server.createTokenResponse(post({ ...refresh, client_id: SPA.id }));
    expect(json(res)).to.deep.equal({ error: 'invalid_grant', error_description: 'Invalid refresh token.' });
    expect(liveTokens(validator)).to.deep.equal(live);
  });
});
