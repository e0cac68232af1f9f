import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { OAuth2Error, OpenIDServer, type ServerOptions } from '../../../../lib/oauth2/index.js';
import {
  authorize,
  CHALLENGE,
  Clock,
  ENDPOINT_OPTIONS,
  ISSUER,
  redirectParams,
  SPA,
  USER,
  WEB,
} from '../../helpers/fixtures.js';
import { OpenIDMemoryValidator, type TestUser } from './openid-validator.js';

/** Generate a PEM PKCS#8 private key (generated once per run; RSA generation is slow). */
function pem(type: 'rsa' | 'ec'): string {
  const { privateKey } =
    type === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

export const RSA_KEY = pem('rsa');
export const RSA_KEY_OLD = pem('rsa');
export const EC_KEY = pem('ec');
export const EC_KEY_OLD = pem('ec');

/** Clients beyond the OAuth fixtures: HS256 with a readable secret, ES256, and one with no algorithm. */
export const HS = { id: 'hs', secret: 'hs-secret-hs-secret-hs-secret-32', redirect: 'https://hs.example/cb' };
export const ES = { id: 'es', secret: 'es-secret', redirect: 'https://es.example/cb' };
export const PLAIN = { id: 'plain', secret: 'plain-secret', redirect: 'https://plain.example/cb' };
export const ALICE: TestUser = { id: 42, username: 'alice' };
/** 2026-01-01T00:00:00Z in seconds (the test clock's start). */
export const T0 = Date.UTC(2026, 0, 1) / 1000;

/** Every response type the OpenID server composition can serve. */
export const ALL_RESPONSE_TYPES = [...OpenIDServer.flows.responseTypes];

/** Build an `OpenIDServer` (OIDC on, RS256 key, every response type) over a fresh OpenID memory validator. */
export function setupOidc(options: ServerOptions = {}) {
  const clock = new Clock();
  const validator = new OpenIDMemoryValidator();
  validator.now = clock.now;
  const all = ALL_RESPONSE_TYPES;
  validator.addClient({ clientId: WEB.id, clientSecret: WEB.secret, redirectUris: [WEB.redirect], responseTypes: all });
  validator.addClient({ clientId: SPA.id, redirectUris: [SPA.redirect], responseTypes: all });
  validator.addClient({ clientId: HS.id, clientSecret: HS.secret, redirectUris: [HS.redirect], responseTypes: all });
  validator.addClient({ clientId: ES.id, clientSecret: ES.secret, redirectUris: [ES.redirect], responseTypes: all });
  validator.addClient({ clientId: PLAIN.id, clientSecret: PLAIN.secret, redirectUris: [PLAIN.redirect] });
  for (const client of validator.clients.values()) client.scopes.push('openid', 'profile', 'email', 'phone', 'address');
  validator.algorithms.set(HS.id, 'HS256');
  validator.readableSecrets.add(HS.id);
  validator.algorithms.set(ES.id, 'ES256');
  validator.algorithms.set(PLAIN.id, '');
  validator.users.set(USER.username, { ...USER });
  const server = new OpenIDServer(validator, {
    ...ENDPOINT_OPTIONS,
    userinfoEndpoint: `${ISSUER}/o/userinfo/`,
    jwksUri: `${ISSUER}/o/.well-known/jwks.json`,
    scopes: { read: 'Reading scope', write: 'Writing scope', openid: 'OpenID Connect', profile: 'Profile' },
    now: clock.now,
    oidcEnabled: true,
    oidcRsaPrivateKey: RSA_KEY,
    responseTypesSupported: all,
    ...options,
  });
  return { server, validator, clock };
}

/** The standard OIDC code request of the web client (PKCE, `openid`, a nonce). */
export function oidcParams(extra: Record<string, string> = {}): Record<string, string> {
  return {
    response_type: 'code',
    client_id: WEB.id,
    redirect_uri: WEB.redirect,
    scope: 'openid',
    state: 'xyz',
    nonce: 'n-0S6_WzA2Mj',
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
    ...extra,
  };
}

/** Validate then approve an authorization request as `user` logged in at `authTime`; return the 302. */
export async function approve(
  server: OpenIDServer,
  params: Record<string, string>,
  login: { user?: unknown; authTime?: number | null; acr?: string | null } = {},
) {
  const user = login.user ?? ALICE;
  const authTime = login.authTime === undefined ? T0 - 60 : login.authTime;
  // The HTTP layer passes the logged-in user at validation too (prompt=none, id_token_hint).
  const { scopes, credentials } = await server.validateAuthorizationRequest({ ...authorize(params), user, authTime });
  return server.createAuthorizationResponse(authorize(params), scopes, {
    ...credentials,
    user,
    authTime,
    acr: login.acr ?? null,
  });
}

/** Run the code step and return the code. */
export async function oidcCode(server: OpenIDServer, params = oidcParams(), login = {}): Promise<string> {
  return redirectParams(await approve(server, params, login), 'query').get('code') ?? '';
}

/** Verify an ID token against the server's published JWKS and issuer; return its payload. */
export async function verifyIdToken(server: OpenIDServer, token: string, audience = WEB.id): Promise<JWTPayload> {
  const jwks = createLocalJWKSet(await server.jwks());
  const { payload } = await jwtVerify(token, jwks, { issuer: ISSUER, audience, currentDate: new Date(T0 * 1000) });
  expect(decodeProtectedHeader(token).typ).to.equal('JWT');
  return payload;
}

/** Decode a JWT payload without verifying (for tokens checked elsewhere). */
export function peek(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
}

/** Expect the authorization request to be refused; return the error and the redirect the view would send. */
export async function refused(
  server: OpenIDServer,
  params: Record<string, string>,
  login: { user?: unknown; authTime?: number | null } = {},
) {
  try {
    await server.validateAuthorizationRequest({ ...authorize(params), ...login });
  } catch (error) {
    if (!(error instanceof OAuth2Error)) throw error;
    return { error, response: server.errorResponse(error) };
  }
  throw new Error('expected the authorization request to be refused');
}
