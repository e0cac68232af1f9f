/**
 * The set-up of the in-memory validator specs: `configure()` with no ORM and `oauth2ValidatorClass` over a fresh
 * `MemoryStore`, the real routes on a Koa app whose session is a plain object, the applications and user they
 * use, and the browser's and client's steps of the flows.
 */
import Router from '@koa/router';
import { expect } from 'chai';
import Koa from 'koa';
import request from 'supertest';

import { protectedResource } from '../../../lib/middleware.js';
import { s256Challenge } from '../../../lib/oauth2/pkce.js';
import type { OAuth2EventName, OAuth2Events } from '../../../lib/events.js';
import { configure, KNOWN_GRANT_TYPES, KNOWN_RESPONSE_TYPES, oauth2Settings } from '../../../lib/settings.js';
import type { OAuth2SettingsInput } from '../../../lib/settings/types.js';
import { oauth2Routes } from '../../../lib/urls.js';
import { basic } from '../../helpers/basic-auth.js';
import { hiddenInputs } from '../../helpers/html.js';
import { memoryValidatorClass, MemoryStore, type MemoryUser } from '../../helpers/memory-validator/index.js';
import { RSA_KEY } from '../../oauth2/openid/helpers/fixtures.js';

export const ISSUER = 'https://op.example/o';
export const REDIRECT = 'https://rp.example/cb';
export const AFTER_LOGOUT = 'https://rp.example/logged-out';
export const ORIGIN = 'https://spa.example';
export const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
export const WEB = { clientId: 'web', secret: 'web-secret-0123456789abcdef' };
export const SERVICE = { clientId: 'service', secret: 'service-secret-0123456789ab' };
export const SPA = { clientId: 'spa' };
export const NATIVE = { clientId: 'native' };
export const TV = { clientId: 'tv' };
export const TV2 = { clientId: 'tv2' };
export const HYBRID = { clientId: 'hybrid', secret: 'hybrid-secret-0123456789ab' };
export const ALICE = { username: 'alice', password: 'correct horse battery' };
const SCOPES = { openid: 'OpenID Connect', profile: 'Profile', email: 'Email', read: 'Reading', write: 'Writing' };

/** The logged-in user of the app (none when null); `logoutUser` empties it. */
export interface Session {
  user: MemoryUser | null;
}

/** A provider on the in-memory validator: the store, the session, the Koa app and the registered user. */
export interface MemoryProvider {
  store: MemoryStore;
  session: Session;
  app: Koa;
  alice: MemoryUser;
}

/** Configure the toolkit without an ORM over a new store, register the clients and a user, and build the app. */
export async function memoryProvider(extra: Partial<OAuth2SettingsInput> = {}): Promise<MemoryProvider> {
  const store = new MemoryStore({ scopes: Object.keys(SCOPES), defaultScopes: ['read'], issuer: ISSUER });
  const session: Session = { user: null };
  configure({
    issuer: ISSUER,
    scopes: SCOPES,
    defaultScopes: ['read'],
    oauth2ValidatorClass: memoryValidatorClass(store),
    oidcEnabled: true,
    oidcRsaPrivateKey: RSA_KEY,
    oidcRpInitiatedLogoutEnabled: true,
    // Every grant and response type the toolkit implements, the legacy ones included.
    grantTypesSupported: [...KNOWN_GRANT_TYPES],
    responseTypesSupported: [...KNOWN_RESPONSE_TYPES],
    logoutUser: () => {
      session.user = null;
    },
    ...extra,
  });
  const web = { redirectUris: [REDIRECT], algorithm: 'RS256' as const, postLogoutRedirectUris: [AFTER_LOGOUT] };
  await store.addApplication({ ...WEB, ...web, grantTypes: ['authorization_code', 'refresh_token', 'password'] });
  await store.addApplication({ ...SERVICE, grantTypes: ['client_credentials'], allowedOrigins: [ORIGIN] });
  await store.addApplication({ ...NATIVE, redirectUris: [REDIRECT] });
  for (const tv of [TV, TV2]) {
    await store.addApplication({ ...tv, grantTypes: ['urn:ietf:params:oauth:grant-type:device_code'] });
  }
  await store.addApplication({ ...SPA, redirectUris: [REDIRECT], responseTypes: ['token', 'id_token token'] });
  await store.addApplication({
    ...HYBRID,
    ...web,
    responseTypes: ['code id_token', 'code token', 'code id_token token'],
  });
  const alice = await store.addUser(ALICE.username, ALICE.password, { email: 'alice@example.com', name: 'Alice' });
  return { store, session, alice, app: buildApp(session) };
}

/** The Koa app: the session's user on `ctx.state.user`, `oauth2Routes()` under /o, and a protected `/api/me`. */
function buildApp(session: Session): Koa {
  const app = new Koa();
  app.keys = ['memory-key'];
  app.on('error', () => undefined);
  app.use(async (ctx, next) => {
    if (session.user !== null) ctx.state['user'] = session.user;
    await next();
  });
  const oauth = oauth2Routes(new Router({ prefix: '/o' }));
  app.use(oauth.routes()).use(oauth.allowedMethods());
  const api = new Router();
  api.get('/api/me', protectedResource({ scopes: ['read'] }), (ctx) => {
    const { user } = ctx.state['oauth2'] as { user: MemoryUser | null };
    ctx.body = { username: user?.username ?? null };
  });
  app.use(api.routes());
  return app;
}

/** The query of a code request of the web client with PKCE S256. */
export function codeQuery(extra: Record<string, string> = {}): string {
  return new URLSearchParams({
    client_id: WEB.clientId,
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope: 'read write',
    state: 'st-1',
    code_challenge: s256Challenge(VERIFIER),
    code_challenge_method: 'S256',
    ...extra,
  }).toString();
}

/** Return the parameters of a redirect to the client, from its query or fragment. */
export function redirectParams(res: request.Response, part: 'query' | 'fragment' = 'query'): URLSearchParams {
  expect([302, 303], res.text).to.include(res.status);
  const url = new URL(res.headers['location'] as string);
  expect(`${url.origin}${url.pathname}`).to.equal(REDIRECT);
  return new URLSearchParams(part === 'query' ? url.search : url.hash.slice(1));
}

/** Show the consent page for `query` in a browser and press Authorize; return the redirect's parameters. */
export async function consent(app: Koa, query: string, part: 'query' | 'fragment' = 'query') {
  const browser = request.agent(app.callback());
  const page = await browser.get(`/o/authorize/?${query}`);
  expect(page.status, page.text).to.equal(200);
  const res = await browser
    .post('/o/authorize/')
    .type('form')
    .send({ ...hiddenInputs(page.text), allow: 'Authorize' });
  return redirectParams(res, part);
}

/** POST a token request authenticated as `client` (HTTP Basic). */
export function tokenRequest(app: Koa, client: { clientId: string; secret: string }, form: Record<string, string>) {
  return request(app.callback())
    .post('/o/token/')
    .set('Authorization', basic(client.clientId, client.secret))
    .type('form')
    .send(form);
}

/** Redeem a refresh token of the web client. */
export function refreshRequest(app: Koa, refreshToken: string, extra: Record<string, string> = {}) {
  return tokenRequest(app, WEB, { grant_type: 'refresh_token', refresh_token: refreshToken, ...extra });
}

/** Collect the payloads of a toolkit event emitted from now on. */
export function collectEvents<N extends OAuth2EventName>(name: N): OAuth2Events[N][] {
  const payloads: OAuth2Events[N][] = [];
  oauth2Settings().events.on(name, (payload: OAuth2Events[N]) => payloads.push(payload));
  return payloads;
}

/** Exchange a code of the web client for tokens; asserts the 200. */
export async function exchange(app: Koa, code: string): Promise<Record<string, string>> {
  const res = await tokenRequest(app, WEB, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT,
    code_verifier: VERIFIER,
  });
  expect(res.status, res.text).to.equal(200);
  return res.body as Record<string, string>;
}

/** GET the protected resource with a bearer token; return the answer. */
export function callApi(app: Koa, accessToken: string) {
  return request(app.callback()).get('/api/me').set('Authorization', `Bearer ${accessToken}`);
}
