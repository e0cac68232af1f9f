import { expect } from 'chai';
import {
  Server,
  encodeForm,
  type OAuth2RequestInit,
  type OAuth2Response,
  type ServerOptions,
} from '../../../lib/oauth2/index.js';
import { MemoryValidator } from './memory-validator.js';

export const ISSUER = 'https://as.example';
export const WEB = { id: 'web', secret: 'web-secret', redirect: 'https://client.example/cb' };
export const SPA = { id: 'spa', redirect: 'https://spa.example/cb' };
export const NATIVE = { id: 'native', redirect: 'http://127.0.0.1/callback' };
/** RFC 7636 Appendix B. */
export const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
// The brief quoted a 42-character value; the RFC's (and SHA-256's) is this one.
export const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
export const USER = { username: 'alice', password: 'correct horse' };

/** A mutable clock for expiry and grace-window tests. */
export class Clock {
  constructor(public ms = Date.UTC(2026, 0, 1)) {}
  readonly now = (): number => this.ms;
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

/** The issuer and the endpoint URLs every test server is configured with. */
export const ENDPOINT_OPTIONS = {
  issuer: ISSUER,
  authorizationEndpoint: `${ISSUER}/o/authorize/`,
  tokenEndpoint: `${ISSUER}/o/token/`,
  revocationEndpoint: `${ISSUER}/o/revoke_token/`,
  introspectionEndpoint: `${ISSUER}/o/introspect/`,
} satisfies ServerOptions;

/** Build a server of `ServerClass` over a fresh in-memory validator with the standard clients. */
export function setup(options: ServerOptions = {}, ServerClass: typeof Server = Server) {
  const clock = new Clock();
  const validator = new MemoryValidator();
  validator.now = clock.now;
  validator.addClient({ clientId: WEB.id, clientSecret: WEB.secret, redirectUris: [WEB.redirect] });
  validator.addClient({ clientId: SPA.id, redirectUris: [SPA.redirect, 'https://spa.example/other'] });
  validator.addClient({ clientId: NATIVE.id, redirectUris: [NATIVE.redirect] });
  validator.users.set(USER.username, { ...USER });
  const server = new ServerClass(validator, {
    ...ENDPOINT_OPTIONS,
    scopes: { read: 'Reading scope', write: 'Writing scope' },
    now: clock.now,
    ...options,
  });
  return { server, validator, clock };
}

/** An `Authorization: Basic` value with id and secret form-urlencoded first (RFC 6749 §2.3.1). */
export function basic(id: string, secret: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${enc(id)}:${enc(secret)}`).toString('base64')}`;
}

/** A form POST to `uri` (the token endpoint by default). */
export function post(
  body: Record<string, string> | string,
  headers: Record<string, string> = {},
  uri = '/o/token/',
): OAuth2RequestInit {
  return {
    uri,
    httpMethod: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: typeof body === 'string' ? body : encodeForm(body),
  };
}

/** A GET of the authorization endpoint with these parameters. */
export function authorize(params: Record<string, string>): OAuth2RequestInit {
  return { uri: `/o/authorize/?${encodeForm(params)}`, httpMethod: 'GET', headers: {} };
}

/** The standard valid code request of the web client. */
export function codeParams(extra: Record<string, string> = {}): Record<string, string> {
  return {
    response_type: 'code',
    client_id: WEB.id,
    redirect_uri: WEB.redirect,
    scope: 'read',
    state: 'xyz',
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
    ...extra,
  };
}

/** Parse a JSON response body. */
export function json(res: OAuth2Response): Record<string, unknown> {
  expect(res.headers['content-type']).to.equal('application/json');
  return JSON.parse(res.body) as Record<string, unknown>;
}

/** The parameters of a redirect's query or fragment. */
export function redirectParams(res: OAuth2Response, part: 'query' | 'fragment'): URLSearchParams {
  expect(res.status).to.equal(302);
  const url = new URL(res.headers.location ?? '');
  return new URLSearchParams(part === 'query' ? url.search : url.hash.slice(1));
}

/** Run the whole authorization step for `params` as `user` and return the issued code. */
export async function obtainCode(server: Server, params = codeParams(), user: unknown = { id: 1 }): Promise<string> {
  const { scopes, credentials } = await server.validateAuthorizationRequest(authorize(params));
  const res = await server.createAuthorizationResponse(authorize(params), scopes, { ...credentials, user });
  return redirectParams(res, 'query').get('code') ?? '';
}

/** Exchange a code of the web client for tokens. */
export function exchange(code: string, extra: Record<string, string> = {}): OAuth2RequestInit {
  const body = {
    grant_type: 'authorization_code',
    code,
    redirect_uri: WEB.redirect,
    code_verifier: VERIFIER,
    ...extra,
  };
  return post(body, { Authorization: basic(WEB.id, WEB.secret) });
}

/** Obtain a token pair through the code grant. */
export async function obtainTokens(server: Server): Promise<Record<string, unknown>> {
  const res = await server.createTokenResponse(exchange(await obtainCode(server)));
  expect(res.status).to.equal(200);
  return json(res);
}
