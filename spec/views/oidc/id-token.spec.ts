/**
 * ID tokens through HTTP (OIDC Core §2, §3.1.3.6, §12.2): the code flow's token, each claim, its signature checked
 * against the JWKS the provider publishes, its stored `IDToken` row, and the refreshed ID token.
 */
import { expect } from 'chai';
import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, type JWK } from 'jose';
import request from 'supertest';

import { AccessToken } from '../../../lib/models/access-token.js';
import { IDToken } from '../../../lib/models/id-token.js';
import { tokenChecksum } from '../../../lib/models/checksum.js';
import { useTransaction } from '../../helpers/db.js';
import {
  authorizePath,
  buildOidcApp,
  codeFlowTokens,
  emptySession,
  halfHash,
  ISSUER,
  login,
  NONCE,
  oidcClient,
  oidcSettings,
  verifyWithPublishedJwks,
} from './helpers.js';

describe('ID tokens (code flow, refresh)', () => {
  const session = emptySession();
  const em = useTransaction({ settings: oidcSettings(session) });

  it('issues an ID token with every claim, signed by the published key', async () => {
    const { user, application, clientSecret } = await oidcClient(em());
    const loginAt = new Date(Date.now() - 120_000);
    login(session, user, loginAt);
    const app = buildOidcApp(em, session);
    const tokens = await codeFlowTokens(app, application, clientSecret, { scope: 'openid profile email' });
    const claims = await verifyWithPublishedJwks(app, tokens.id_token ?? '', application.clientId);
    expect(claims.iss).to.equal(ISSUER);
    expect(claims.sub).to.equal(String(user.id));
    expect(claims.aud).to.equal(application.clientId);
    expect(claims.nonce).to.equal(NONCE);
    expect(claims.auth_time).to.equal(Math.floor(loginAt.getTime() / 1000));
    expect(claims.at_hash).to.equal(halfHash(tokens.access_token ?? ''));
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).to.equal(36000);
    expect(claims.jti).to.be.a('string');
    // An access token is issued, so the scope claims go to userinfo, not into the ID token (OIDC Core §5.4).
    expect(claims).not.to.have.property('email');
    expect(claims).not.to.have.property('name');
    expect(claims.tenant).to.equal('acme');
    expect(claims).not.to.have.property('azp');
    expect(claims).not.to.have.property('acr');
  });

  it('names the signing key by its RFC 7638 thumbprint, as the JWKS lists it', async () => {
    const { user, application, clientSecret } = await oidcClient(em());
    login(session, user);
    const app = buildOidcApp(em, session);
    const { id_token: idToken = '' } = await codeFlowTokens(app, application, clientSecret);
    const { keys } = (await request(app.callback()).get('/o/.well-known/jwks.json')).body as { keys: JWK[] };
    const header = decodeProtectedHeader(idToken);
    expect(header.alg).to.equal('RS256');
    const key = keys.find((k) => k.kid === header.kid);
    expect(key, 'kid in the JWKS').to.not.equal(undefined);
    expect(await calculateJwkThumbprint({ kty: key!.kty, n: key!.n, e: key!.e } as JWK, 'sha256')).to.equal(header.kid);
  });

  it('stores the ID token by its jti and links it to the access token issued with it', async () => {
    const { user, application, clientSecret } = await oidcClient(em());
    login(session, user);
    const app = buildOidcApp(em, session);
    const tokens = await codeFlowTokens(app, application, clientSecret);
    const { jti } = decodeJwt(tokens.id_token ?? '');
    const row = await em().findOneOrFail(IDToken, { jti } as never, { refresh: true, populate: ['user'] as never });
    expect((row.user as { id: number }).id).to.equal(user.id);
    expect(row.scope).to.equal('openid');
    const accessToken = await em().findOneOrFail(
      AccessToken,
      { tokenChecksum: tokenChecksum(tokens.access_token ?? '') },
      { refresh: true },
    );
    expect(accessToken.idToken?.id).to.equal(row.id);
    expect(Math.floor((accessToken.authTime?.getTime() ?? 0) / 1000)).to.equal(
      decodeJwt(tokens.id_token ?? '').auth_time,
    );
  });

  it('refreshes an openid grant with a new ID token: same iss, sub, aud, the original auth_time, no nonce', async () => {
    const { user, application, clientSecret } = await oidcClient(em());
    const loginAt = new Date(Date.now() - 3_600_000);
    login(session, user, loginAt);
    const app = buildOidcApp(em, session);
    const first = await codeFlowTokens(app, application, clientSecret);
    session.authTime = new Date();
    const res = await request(app.callback())
      .post('/o/token/')
      .auth(application.clientId, clientSecret)
      .type('form')
      .send({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(res.status, res.text).to.equal(200);
    const before = decodeJwt(first.id_token ?? '');
    const after = await verifyWithPublishedJwks(app, res.body.id_token as string, application.clientId);
    expect([after.iss, after.sub, after.aud]).to.deep.equal([before.iss, before.sub, before.aud]);
    expect(after.auth_time).to.equal(Math.floor(loginAt.getTime() / 1000));
    expect(after).not.to.have.property('nonce');
    expect(after.jti).not.to.equal(before.jti);
    expect(after.at_hash).to.equal(halfHash(res.body.access_token as string));
  });

  it('gives no ID token without the openid scope', async () => {
    const { user, application, clientSecret } = await oidcClient(em());
    login(session, user);
    const app = buildOidcApp(em, session);
    const tokens = await codeFlowTokens(app, application, clientSecret, { scope: 'read', nonce: '' });
    expect(tokens).not.to.have.property('id_token');
  });

  it('refuses the openid scope for an application with no algorithm (unauthorized_client, not a 500)', async () => {
    const { user, application } = await oidcClient(em(), { algorithm: '' });
    login(session, user);
    const app = buildOidcApp(em, session);
    const res = await request(app.callback()).get(authorizePath(application.clientId));
    expect(res.status).to.equal(302);
    expect(new URL(res.headers['location'] as string).searchParams.get('error')).to.equal('unauthorized_client');
  });
});
