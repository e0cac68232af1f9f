/**
 * Shared set-up of the OpenID Connect view specs: settings with OIDC on (an RS256 key, an issuer whose host is not
 * the test server's), an app whose session is a plain object the `logoutUser` hook empties, and the code flow and
 * ID token checks over HTTP against the published JWKS.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { expect } from 'chai';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import type Koa from 'koa';
import request from 'supertest';

import type { Application } from '../../../lib/models/application.js';
import { s256Challenge } from '../../../lib/oauth2/pkce.js';
import type { OAuth2SettingsInput } from '../../../lib/settings/types.js';
import { buildApp } from '../../helpers/app.js';
import { createApplication, createUser } from '../../helpers/factories.js';
import type { User } from '../../helpers/user-entity.js';
import { EC_KEY, RSA_KEY, RSA_KEY_OLD } from '../../oauth2/openid/helpers/fixtures.js';

export { EC_KEY, RSA_KEY, RSA_KEY_OLD };

/** The issuer: a host the test server is not, so that any URL taken from the Host header shows. */
export const ISSUER = 'https://op.example/o';
export const REDIRECT = 'https://rp.example/cb';
export const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
export const NONCE = 'n-0S6_WzA2Mj';

/** The logged-in user of the app under test, and since when; `logoutUser` empties it. */
export interface TestSession {
  user: User | null;
  authTime: Date | null;
  logouts: number;
}

/** Return the user's claims as an app's `getUserClaims` hook would. */
export function userClaims(user: unknown): Record<string, unknown> {
  const u = user as User;
  return {
    name: `${u.firstName} ${u.lastName}`,
    given_name: u.firstName,
    preferred_username: u.username,
    email: u.email,
    email_verified: true,
    tenant: 'acme',
  };
}

/** Settings with OpenID Connect on, for `useTransaction({ settings })`. */
export function oidcSettings(
  session: TestSession,
  extra: Partial<OAuth2SettingsInput> = {},
): Partial<OAuth2SettingsInput> {
  return {
    issuer: ISSUER,
    oidcEnabled: true,
    oidcRsaPrivateKey: RSA_KEY,
    scopes: {
      openid: 'OpenID Connect',
      profile: 'Profile',
      email: 'Email',
      read: 'Reading scope',
      write: 'Writing scope',
    },
    defaultScopes: ['openid'],
    getUserClaims: userClaims,
    getAuthTime: () => session.authTime,
    logoutUser: () => {
      session.user = null;
      session.logouts += 1;
    },
    ...extra,
  };
}

/** The app under test: spec/helpers/app.ts with the session object as its login. */
export function buildOidcApp(em: () => EntityManager, session: TestSession, options: { routes?: never } = {}): Koa {
  const login: Koa.Middleware = async (ctx, next) => {
    if (session.user !== null) ctx.state['user'] = session.user;
    await next();
  };
  return buildApp({ em, middleware: [login], ...options });
}

/** A logged-in user (with profile fields) and a confidential OIDC application that skips the consent form. */
export async function oidcClient(em: EntityManager, data: Partial<Application> = {}) {
  const user = await createUser(em, {
    username: `alice-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`,
    firstName: 'Alice',
    lastName: 'Liddell',
    email: 'alice@example.com',
  });
  const { application, clientSecret } = await createApplication(em, {
    redirectUris: REDIRECT,
    algorithm: 'RS256',
    skipAuthorization: true,
    ...data,
  });
  return { user, application, clientSecret };
}

/** The authorization request path of an OIDC code flow with PKCE S256. */
export function authorizePath(clientId: string, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope: 'openid',
    state: 'st',
    nonce: NONCE,
    code_challenge: s256Challenge(VERIFIER),
    code_challenge_method: 'S256',
    ...extra,
  });
  return `/o/authorize/?${query.toString()}`;
}

/** Return the parameters of a redirect to the client (query or fragment), asserting it is one. */
export function redirectParams(res: request.Response, part: 'query' | 'fragment' = 'query'): URLSearchParams {
  expect([302, 303], res.text).to.include(res.status);
  const location = new URL(res.headers['location'] as string);
  expect(`${location.origin}${location.pathname}`).to.equal(REDIRECT);
  return new URLSearchParams(part === 'query' ? location.search : location.hash.slice(1));
}

/** Run the authorization step (no consent form: the application skips it) and return the code. */
export async function obtainCode(app: Koa, clientId: string, extra: Record<string, string> = {}): Promise<string> {
  const res = await request(app.callback()).get(authorizePath(clientId, extra));
  const params = redirectParams(res);
  expect(params.get('error'), params.toString()).to.equal(null);
  return params.get('code') ?? '';
}

/** Exchange a code at the token endpoint (Basic client authentication); return the response. */
export function exchange(app: Koa, application: Application, secret: string, code: string) {
  return request(app.callback())
    .post('/o/token/')
    .auth(application.clientId, secret)
    .type('form')
    .send({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: VERIFIER });
}

/** Run the code flow and return the token response body. */
export async function codeFlowTokens(
  app: Koa,
  application: Application,
  secret: string,
  extra: Record<string, string> = {},
): Promise<Record<string, string>> {
  const res = await exchange(app, application, secret, await obtainCode(app, application.clientId, extra));
  expect(res.status, res.text).to.equal(200);
  return res.body as Record<string, string>;
}

/** Verify an ID token against the JWKS the app publishes (fetched over HTTP) and the issuer; return its claims. */
export async function verifyWithPublishedJwks(app: Koa, idToken: string, audience: string): Promise<JWTPayload> {
  const jwks = await request(app.callback()).get('/o/.well-known/jwks.json');
  expect(jwks.status).to.equal(200);
  const { payload } = await jwtVerify(idToken, createLocalJWKSet(jwks.body), { issuer: ISSUER, audience });
  expect(decodeProtectedHeader(idToken).typ).to.equal('JWT');
  return payload;
}

/** The left half of SHA-256, base64url (OIDC Core §3.1.3.6 `at_hash`, §3.3.2.11 `c_hash`). */
export function halfHash(value: string): string {
  return createHash('sha256').update(value).digest().subarray(0, 16).toString('base64url');
}

/** A fresh session: logged in as nobody. */
export function emptySession(): TestSession {
  return { user: null, authTime: null, logouts: 0 };
}

/** Log `user` in on `session` at `authTime` (default now). */
export function login(session: TestSession, user: User, authTime = new Date()): void {
  session.user = user;
  session.authTime = authTime;
  session.logouts = 0;
}

export { createUser };
