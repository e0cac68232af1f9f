/**
 * The set-up shared by the authorization code specs (spec/views/authorization*.spec.ts and
 * spec/integration/authorization-code.spec.ts): their settings, the app under test with a fake login read from a
 * session object, the usual authorization request with PKCE S256, and the client's side of a redirect.
 */
import type { EntityManager } from '@mikro-orm/core';
import { expect } from 'chai';
import type Koa from 'koa';
import { s256Challenge } from '../../lib/oauth2/pkce.js';
import { buildApp, type BuildAppOptions } from './app.js';
import type { User } from './user-entity.js';

export const ISSUER = 'https://as.example/o';
export const AUTHORIZE_SETTINGS = {
  issuer: ISSUER,
  scopes: { read: 'Reading scope', write: 'Writing scope' },
  defaultScopes: ['read'],
};
export const REDIRECT = 'https://client.example/cb';
export const VERIFIER = 'v'.repeat(43);
export const CHALLENGE = s256Challenge(VERIFIER);

/** Who the test app says is logged in, and since when (the `getUser`/`getAuthTime` defaults read ctx.state). */
export interface Session {
  user: User | null;
  authTime?: Date;
}

/** The app under test (spec/helpers/app.ts, `oauth2Routes()` under /o) with a fake login from `session`. */
export function buildAuthorizeApp(
  em: () => EntityManager,
  session: Session,
  routes?: BuildAppOptions['routes'],
  views?: BuildAppOptions['views'],
): Koa {
  const login: Koa.Middleware = async (ctx, next) => {
    ctx.state['user'] = session.user;
    if (session.authTime) ctx.state['authTime'] = session.authTime;
    await next();
  };
  return buildApp({ em, middleware: [login], routes, views });
}

/** Return the query of an authorization request with DOT's usual parameters and PKCE S256. */
export function authorizeQuery(clientId: string, extra: Record<string, string> = {}): string {
  return new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope: 'read write',
    state: 'xyz',
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
    ...extra,
  }).toString();
}

/** Assert that a redirect has a Location and return its query parameters. */
export function locationParams(location: string | undefined): URLSearchParams {
  expect(location, 'Location').to.be.a('string');
  return new URL(location!).searchParams;
}
