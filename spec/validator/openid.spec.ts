/** OAuth2Validator's OpenID Connect answers on the models (OIDC Core; DOT §5.5), on a real database. */
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { UnsecuredJWT } from 'jose';

import { IDToken } from '../../lib/models/id-token.js';
import { OAuth2Request } from '../../lib/oauth2/request.js';
import { configure } from '../../lib/settings.js';
import { OAuth2Validator } from '../../lib/validator.js';
import { testOrm, useTransaction } from '../helpers/db.js';
import { createAccessToken, createApplication, createRefreshToken, createUser } from '../helpers/factories.js';

describe('OAuth2Validator (OpenID Connect)', () => {
  const em = useTransaction();
  const validator = new OAuth2Validator();

  function requestFor(user: unknown = null, query = ''): OAuth2Request {
    return OAuth2Request.parse({ uri: `/o/authorize/?${query}`, httpMethod: 'GET', session: em(), user });
  }

  /** An unsigned JWT with `sub` (the core checks a hint's signature before asking the validator). */
  function hint(sub: string): string {
    return new UnsecuredJWT({ sub }).encode();
  }

  it('getSubject is the primary key as a string', async () => {
    const user = await createUser(em());
    expect(await validator.getSubject(user)).to.equal(String(user.id));
  });

  it('getIdTokenAlgorithm is the application algorithm', async () => {
    const { application } = await createApplication(em(), { algorithm: 'ES256' });
    expect(await validator.getIdTokenAlgorithm(application)).to.equal('ES256');
    expect(await validator.getIdTokenAlgorithm({ clientId: 'x' })).to.equal('');
  });

  it('getClientSigningSecret only for a secret stored readable', async () => {
    const readable = await createApplication(em(), { hashClientSecret: false, clientSecret: 's3cret-value' });
    const hashed = await createApplication(em());
    expect(await validator.getClientSigningSecret(readable.application)).to.equal('s3cret-value');
    expect(await validator.getClientSigningSecret(hashed.application)).to.equal(null);
  });

  it('validateSilentLogin: someone is logged in', async () => {
    expect(await validator.validateSilentLogin(requestFor(null))).to.equal(false);
    expect(await validator.validateSilentLogin(requestFor(await createUser(em())))).to.equal(true);
  });

  it('validateSilentAuthorization: skipAuthorization, or a live token covering the scopes', async () => {
    const user = await createUser(em());
    const { application } = await createApplication(em());
    const skip = await createApplication(em(), { skipAuthorization: true });
    const ask = (app: typeof application, scopes: string[], who: unknown = user) => {
      const request = requestFor(who, `client_id=${app.clientId}`);
      request.scopes = scopes;
      return validator.validateSilentAuthorization(request);
    };
    expect(await ask(skip.application, ['openid'])).to.equal(true);
    expect(await ask(application, ['openid'])).to.equal(false);
    await createAccessToken(em(), { application, user, scope: 'openid', expiresIn: -5 });
    expect(await ask(application, ['openid'])).to.equal(false);
    await createAccessToken(em(), { application, user, scope: 'openid profile' });
    expect(await ask(application, ['openid'])).to.equal(true);
    expect(await ask(application, ['openid', 'email'])).to.equal(false);
    expect(await ask(application, ['openid'], null)).to.equal(false);
  });

  it('validateUserMatch: the hint and a claims sub value must name the session user', async () => {
    const user = await createUser(em());
    const sub = String(user.id);
    const claims = (value: string) => ({ id_token: { sub: { value } } });
    expect(await validator.validateUserMatch(null, [], null, requestFor(null))).to.equal(true);
    expect(await validator.validateUserMatch(hint(sub), [], null, requestFor(user))).to.equal(true);
    expect(await validator.validateUserMatch(hint('other'), [], null, requestFor(user))).to.equal(false);
    expect(await validator.validateUserMatch(hint(sub), [], null, requestFor(null))).to.equal(false);
    expect(await validator.validateUserMatch('not-a-jwt', [], null, requestFor(user))).to.equal(false);
    expect(await validator.validateUserMatch(null, [], claims(sub), requestFor(user))).to.equal(true);
    expect(await validator.validateUserMatch(null, [], claims('other'), requestFor(user))).to.equal(false);
  });

  it('getUserClaims comes from the getUserClaims setting', async () => {
    configure({
      orm: testOrm(),
      getUserClaims: (u: unknown, scopes) => ({ email: `${(u as { username: string }).username}@x`, scopes }),
    });
    const user = await createUser(em(), { username: 'bob' });
    expect(await validator.getUserClaims(user, ['openid'])).to.deep.equal({ email: 'bob@x', scopes: ['openid'] });
  });

  it('saveIdToken stores an IDToken row for the request client and user', async () => {
    const user = await createUser(em());
    const { application } = await createApplication(em());
    const jti = randomUUID();
    const expiresAt = new Date(Date.now() + 60_000);
    const record = { jti, clientId: application.clientId, user, scopes: ['openid', 'email'], expiresAt, token: 'x' };
    await validator.saveIdToken(record, requestFor(user, `client_id=${application.clientId}`));
    const row = await em().findOneOrFail(IDToken, { jti } as never, {
      refresh: true,
      populate: ['application'] as never,
    });
    expect(row.scope).to.equal('openid email');
    expect(row.application?.clientId).to.equal(application.clientId);
    expect(row.expires.getTime()).to.equal(expiresAt.getTime());
  });

  it('saveBearerToken stores the token unlinked when its ID token was deleted meanwhile (a concurrent logout)', async () => {
    const user = await createUser(em());
    const { application } = await createApplication(em());
    const request = requestFor(user, `client_id=${application.clientId}`);
    request.client = application;
    const jti = randomUUID();
    const expiresAt = new Date(Date.now() + 60_000);
    const record = { jti, clientId: application.clientId, user, scopes: ['openid'], expiresAt, token: 'x' };
    await validator.saveIdToken(record, request);
    // RP-initiated logout deletes the user's ID tokens of the client between the ID token's save and the link.
    await em().nativeDelete(IDToken, { jti } as never);
    const idToken = new UnsecuredJWT({ jti }).encode();
    const token = {
      access_token: `at-${randomUUID()}`,
      token_type: 'Bearer' as const,
      expires_in: 60,
      scope: 'openid',
      id_token: idToken,
    };
    const lifetimes = { accessTokenExpiresAt: expiresAt, refreshTokenExpiresAt: null, graceUntil: null };
    await validator.saveBearerToken(token, request, lifetimes);
    const stored = await validator.validateBearerToken(token.access_token, ['openid'], request);
    expect(stored?.scopes).to.deep.equal(['openid']);
  });

  it('validateRefreshToken returns the auth_time and acr of the login that started the grant', async () => {
    const user = await createUser(em());
    const { application } = await createApplication(em());
    const authTime = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000);
    const { token } = await createRefreshToken(em(), { application, user, authTime, acr: 'loa2' });
    const lookup = await validator.validateRefreshToken(token, application, requestFor(user));
    expect(lookup.status).to.equal('valid');
    if (lookup.status !== 'valid') return;
    expect(lookup.record.authTime).to.equal(authTime.getTime() / 1000);
    expect(lookup.record.acr).to.equal('loa2');
    expect(await validator.refreshIdToken(requestFor(user))).to.equal(true);
  });
});
