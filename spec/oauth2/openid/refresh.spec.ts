import { expect } from 'chai';
import { tokenHash } from '../../../lib/oauth2/index.js';
import { basic, exchange, json, post, WEB } from '../helpers/fixtures.js';
import { oidcCode, oidcParams, peek, setupOidc, T0, verifyIdToken } from './helpers/fixtures.js';

function refresh(refreshToken: string, extra: Record<string, string> = {}) {
  return post(
    { grant_type: 'refresh_token', refresh_token: refreshToken, ...extra },
    { Authorization: basic(WEB.id, WEB.secret) },
  );
}

describe('OIDC refresh: a new ID token (OIDC Core §12.2)', () => {
  it('has the same iss, sub and aud, the original auth_time, a new iat, at_hash and no nonce', async () => {
    const { server, clock } = setupOidc();
    const first = json(
      await server.createTokenResponse(exchange(await oidcCode(server, oidcParams(), { authTime: T0 - 100 }))),
    );
    const original = peek(String(first.id_token));
    clock.advance(600);
    const res = await server.createTokenResponse(refresh(String(first.refresh_token)));
    expect(res.status).to.equal(200);
    const body = json(res);
    const jwks = await verifyIdToken(server, String(body.id_token));
    const claims = peek(String(body.id_token));
    expect(jwks.sub).to.equal(original.sub);
    expect(claims.iss).to.equal(original.iss);
    expect(claims.aud).to.equal(original.aud);
    expect(claims.auth_time).to.equal(T0 - 100);
    expect(claims.iat).to.equal(T0 + 600);
    expect(claims.at_hash).to.equal(tokenHash(String(body.access_token), 'RS256'));
    expect(claims).to.not.have.property('nonce');
    expect(claims.jti).to.not.equal(original.jti);
  });

  it('keeps the original auth_time across rotations', async () => {
    const { server } = setupOidc();
    const first = json(
      await server.createTokenResponse(exchange(await oidcCode(server, oidcParams(), { authTime: T0 - 7 }))),
    );
    const second = json(await server.createTokenResponse(refresh(String(first.refresh_token))));
    const third = json(await server.createTokenResponse(refresh(String(second.refresh_token))));
    expect(peek(String(third.id_token)).auth_time).to.equal(T0 - 7);
  });

  it('returns no ID token when refreshIdToken says no', async () => {
    const { server, validator } = setupOidc();
    const first = json(await server.createTokenResponse(exchange(await oidcCode(server))));
    validator.refreshIdTokens = false;
    const body = json(await server.createTokenResponse(refresh(String(first.refresh_token))));
    expect(body).to.not.have.property('id_token');
    expect(body.access_token).to.be.a('string');
  });

  it('returns no ID token when the refresh narrows the scope to exclude openid', async () => {
    const { server } = setupOidc();
    const first = json(
      await server.createTokenResponse(exchange(await oidcCode(server, oidcParams({ scope: 'openid read' })))),
    );
    const body = json(await server.createTokenResponse(refresh(String(first.refresh_token), { scope: 'read' })));
    expect(body.scope).to.equal('read');
    expect(body).to.not.have.property('id_token');
  });

  it('returns no ID token for a grant without openid', async () => {
    const { server } = setupOidc();
    const first = json(
      await server.createTokenResponse(exchange(await oidcCode(server, oidcParams({ scope: 'read' })))),
    );
    const body = json(await server.createTokenResponse(refresh(String(first.refresh_token))));
    expect(body).to.not.have.property('id_token');
  });
});
