import { expect } from 'chai';
import type { ServerOptions } from '../../../lib/oauth2/index.js';
import {
  SPA,
  VERIFIER,
  WEB,
  basic,
  codeParams,
  exchange,
  json,
  obtainCode,
  obtainTokens,
  post,
  setup,
} from '../helpers/fixtures.js';

const auth = { Authorization: basic(WEB.id, WEB.secret) };
const refresh = (token: unknown, extra: Record<string, string> = {}, headers: Record<string, string> = auth) =>
  post({ grant_type: 'refresh_token', refresh_token: String(token), ...extra }, headers);

async function start(options: ServerOptions = {}) {
  const ctx = setup(options);
  const first = await obtainTokens(ctx.server);
  return { ...ctx, first };
}

describe('oauth2/grants/refresh-token', () => {
  it('RFC 6749 §6 / RFC 9700 §4.14.2: a refresh rotates the pair and revokes the old one', async () => {
    const { server, validator, first } = await start();
    const res = await server.createTokenResponse(refresh(first.refresh_token));
    expect(res.status).to.equal(200);
    expect(res.headers['cache-control']).to.equal('no-store');
    const second = json(res);
    expect(second.refresh_token).to.be.a('string').and.not.equal(first.refresh_token);
    expect(second.scope).to.equal('read');
    expect(validator.isActive(first.refresh_token as string)).to.equal(false);
    expect(validator.isActive(first.access_token as string)).to.equal(false);
    expect(validator.isActive(second.access_token as string)).to.equal(true);
  });

  it('RFC 6749 §6: with rotation off the same refresh token comes back and only the access token changes', async () => {
    const { server, validator, first } = await start({ rotateRefreshToken: false });
    const second = json(await server.createTokenResponse(refresh(first.refresh_token)));
    expect(second.refresh_token).to.equal(first.refresh_token);
    expect(second.access_token).to.not.equal(first.access_token);
    expect(validator.isActive(first.access_token as string)).to.equal(false);
    expect((await server.createTokenResponse(refresh(first.refresh_token))).status).to.equal(200);
  });

  it('RFC 6749 §6: a narrower scope is allowed; the refresh token keeps the original scope', async () => {
    const ctx = setup();
    const code = await obtainCode(ctx.server, codeParams({ scope: 'read write' }));
    const first = json(await ctx.server.createTokenResponse(exchange(code)));
    const narrow = json(await ctx.server.createTokenResponse(refresh(first.refresh_token, { scope: 'write' })));
    expect(narrow.scope).to.equal('write');
    const back = json(await ctx.server.createTokenResponse(refresh(narrow.refresh_token)));
    expect(back.scope).to.equal('read write');
  });

  it('RFC 6749 §6: a scope beyond the original → invalid_scope', async () => {
    const { server, validator, first } = await start();
    const res = await server.createTokenResponse(refresh(first.refresh_token, { scope: 'read write' }));
    expect(json(res)).to.deep.equal({
      error: 'invalid_scope',
      error_description: 'The requested scope exceeds the scope granted by the resource owner.',
    });
    expect(validator.isActive(first.refresh_token as string)).to.equal(true);
  });

  it('RFC 9700 §4.14.2: a rotated token presented again → invalid_grant and the whole family is revoked', async () => {
    const { server, validator, first } = await start();
    const second = json(await server.createTokenResponse(refresh(first.refresh_token)));
    const replay = await server.createTokenResponse(refresh(first.refresh_token));
    expect(json(replay)).to.deep.equal({ error: 'invalid_grant', error_description: 'Invalid refresh token.' });
    expect(validator.isActive(second.refresh_token as string)).to.equal(false);
    expect(validator.isActive(second.access_token as string)).to.equal(false);
  });

  it('RFC 9700 §4.14.2: without reuse protection a replay is refused but the family lives', async () => {
    const { server, validator, first } = await start({ refreshTokenReuseProtection: false });
    const second = json(await server.createTokenResponse(refresh(first.refresh_token)));
    expect(json(await server.createTokenResponse(refresh(first.refresh_token))).error).to.equal('invalid_grant');
    expect(validator.isActive(second.refresh_token as string)).to.equal(true);
    expect(validator.calls).to.not.include('revokeRefreshTokenFamily');
  });

  it('RFC 9700 §4.14.2: two racing refreshes: one wins, the loser revokes the family', async () => {
    const { server, validator, first } = await start();
    const results = await Promise.all([1, 2].map(() => server.createTokenResponse(refresh(first.refresh_token))));
    expect(results.map((r) => r.status).sort()).to.deep.equal([200, 400]);
    const winner = json(results.find((r) => r.status === 200)!);
    expect(validator.isActive(winner.refresh_token as string)).to.equal(false);
    expect(validator.isActive(winner.access_token as string)).to.equal(false);
  });

  it('grace window: a repeat within refreshTokenGracePeriodSeconds gets the very same pair back', async () => {
    const { server, validator, clock, first } = await start({ refreshTokenGracePeriodSeconds: 30 });
    const second = json(await server.createTokenResponse(refresh(first.refresh_token)));
    clock.advance(10);
    const repeat = json(await server.createTokenResponse(refresh(first.refresh_token)));
    expect(repeat).to.deep.equal(second);
    expect(validator.isActive(second.refresh_token as string)).to.equal(true);
    expect(validator.refreshTokens.size).to.equal(2);
  });

  it('grace window: racing refreshes both get the winner pair', async () => {
    const { server, validator, first } = await start({ refreshTokenGracePeriodSeconds: 30 });
    const results = await Promise.all([1, 2, 3].map(() => server.createTokenResponse(refresh(first.refresh_token))));
    expect(results.map((r) => r.status)).to.deep.equal([200, 200, 200]);
    const bodies = results.map(json);
    expect(bodies[1]).to.deep.equal(bodies[0]);
    expect(bodies[2]).to.deep.equal(bodies[0]);
    const live = [...validator.refreshTokens.entries()].filter(([, row]) => !row.revoked);
    expect(live.map(([token]) => token)).to.deep.equal([bodies[0]!.refresh_token]);
  });

  it('grace window: after the window a repeat is a replay and the family is revoked', async () => {
    const { server, validator, clock, first } = await start({ refreshTokenGracePeriodSeconds: 30 });
    const second = json(await server.createTokenResponse(refresh(first.refresh_token)));
    clock.advance(31);
    expect(json(await server.createTokenResponse(refresh(first.refresh_token))).error).to.equal('invalid_grant');
    expect(validator.isActive(second.refresh_token as string)).to.equal(false);
  });

  const failures: [string, () => Record<string, string>, Record<string, string>, number, string][] = [
    ['RFC 6749 §6: missing refresh_token', () => ({ refresh_token: '' }), auth, 400, 'invalid_request'],
    ['RFC 6749 §5.2: unknown refresh_token', () => ({ refresh_token: 'nope' }), auth, 400, 'invalid_grant'],
    ['RFC 6749 §5.2: wrong client secret', () => ({}), { Authorization: basic(WEB.id, 'bad') }, 401, 'invalid_client'],
  ];
  for (const [title, extra, headers, status, code] of failures) {
    it(`${title} → ${status} ${code}`, async () => {
      const { server, first } = await start();
      const res = await server.createTokenResponse(refresh(first.refresh_token, extra(), headers));
      expect(res.status).to.equal(status);
      expect(json(res).error).to.equal(code);
    });
  }

  it('RFC 6749 §6: a refresh token of another client → invalid_grant and it stays valid', async () => {
    const { server, validator, first } = await start();
    validator.addClient({ clientId: 'other', clientSecret: 'pw' });
    const res = await server.createTokenResponse(
      refresh(first.refresh_token, {}, { Authorization: basic('other', 'pw') }),
    );
    expect(json(res)).to.deep.equal({ error: 'invalid_grant', error_description: 'Invalid refresh token.' });
    expect(validator.isActive(first.refresh_token as string)).to.equal(true);
  });

  it('refreshTokenExpireSeconds: an expired refresh token → invalid_grant', async () => {
    const { server, clock, first } = await start({ refreshTokenExpireSeconds: 100 });
    clock.advance(101);
    expect(json(await server.createTokenResponse(refresh(first.refresh_token)))).to.deep.equal({
      error: 'invalid_grant',
      error_description: 'Refresh token expired.',
    });
  });

  it('RFC 6749 §5.2: a client not allowed the refresh grant → unauthorized_client', async () => {
    const { server, validator, first } = await start();
    validator.clients.get(WEB.id)!.grantTypes = ['authorization_code'];
    expect(json(await server.createTokenResponse(refresh(first.refresh_token))).error).to.equal('unauthorized_client');
  });

  it('RFC 6749 §6: a public client refreshes with client_id alone', async () => {
    const { server, validator } = setup();
    validator.clients.get(SPA.id)!.allowedOrigins = ['https://spa.example'];
    const code = await obtainCode(server, codeParams({ client_id: SPA.id, redirect_uri: SPA.redirect }));
    const tokens = json(
      await server.createTokenResponse(
        post({
          grant_type: 'authorization_code',
          code,
          client_id: SPA.id,
          redirect_uri: SPA.redirect,
          code_verifier: VERIFIER,
        }),
      ),
    );
    const init = post({ grant_type: 'refresh_token', refresh_token: String(tokens.refresh_token), client_id: SPA.id });
    init.headers = { ...init.headers, origin: 'https://spa.example' };
    const res = await server.createTokenResponse(init);
    expect(res.status).to.equal(200);
    expect(res.headers['access-control-allow-origin']).to.equal('https://spa.example');
  });
});
