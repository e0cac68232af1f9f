/** Shared set-up of the validator specs: a core Server over OAuth2Validator, fed plain requests on the test EM. */
import { expect } from 'chai';
import type { EntityManager } from '@mikro-orm/core';
import {
  Server,
  encodeForm,
  s256Challenge,
  type OAuth2RequestInit,
  type OAuth2Response,
  type ServerOptions,
} from '../../lib/oauth2/index.js';
import { oauth2Settings } from '../../lib/settings.js';
import { OAuth2Validator } from '../../lib/validator.js';
import type { Application } from '../../lib/models/application.js';
import { createApplication, createUser } from '../helpers/factories.js';
import type { User } from '../helpers/user-entity.js';
import { basic } from '../helpers/basic-auth.js';

export const REDIRECT = 'https://client.example/cb';
export const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

/** A mutable clock shared by the server and the validator (grace windows, expiry). */
export class Clock {
  ms = Date.now();
  readonly now = (): number => this.ms;
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

/** Return the core options the Koa layer derives from the current settings. */
export function optionsFromSettings(clock: Clock): ServerOptions {
  const s = oauth2Settings();
  return {
    issuer: s.issuer,
    scopes: s.scopes,
    defaultScopes: s.defaultScopes,
    accessTokenExpireSeconds: s.accessTokenExpireSeconds,
    refreshTokenExpireSeconds: s.refreshTokenExpireSeconds,
    authorizationCodeExpireSeconds: s.authorizationCodeExpireSeconds,
    pkceRequired: s.pkceRequired,
    pkceCodeChallengeMethods: s.pkceCodeChallengeMethods,
    grantTypesSupported: s.grantTypesSupported,
    responseTypesSupported: s.responseTypesSupported,
    rotateRefreshToken: s.rotateRefreshToken,
    refreshTokenReuseProtection: s.refreshTokenReuseProtection,
    refreshTokenGracePeriodSeconds: s.refreshTokenGracePeriodSeconds,
    now: clock.now,
  };
}

/** A Server over a fresh OAuth2Validator whose requests all carry `em` as their session. */
export class Harness {
  readonly clock = new Clock();
  readonly validator = new OAuth2Validator({ now: this.clock.now });
  readonly server: Server;

  constructor(
    readonly em: () => EntityManager,
    options: ServerOptions = {},
  ) {
    this.server = new Server(this.validator, { ...optionsFromSettings(this.clock), ...options });
  }

  /** A form POST (to the token endpoint by default) on the test EM. */
  post(body: Record<string, string>, headers: Record<string, string> = {}, uri = '/o/token/'): OAuth2RequestInit {
    return {
      uri,
      httpMethod: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: encodeForm(body),
      session: this.em(),
    };
  }

  /** Run the authorization step for `application` as `user` and return the code. */
  async obtainCode(application: Application, user: User, extra: Record<string, string> = {}): Promise<string> {
    const params = {
      response_type: 'code',
      client_id: application.clientId,
      redirect_uri: REDIRECT,
      scope: 'read',
      state: 'st',
      code_challenge: s256Challenge(VERIFIER),
      code_challenge_method: 'S256',
      ...extra,
    };
    for (const [name, value] of Object.entries(params)) if (value === '') delete params[name as keyof typeof params];
    const init = () => ({ uri: `/o/authorize/?${encodeForm(params)}`, httpMethod: 'GET', session: this.em() });
    const { scopes, credentials } = await this.server.validateAuthorizationRequest(init());
    const res = await this.server.createAuthorizationResponse(init(), scopes, { ...credentials, user });
    expect(res.status, res.body).to.equal(302);
    return new URL(res.headers.location ?? '').searchParams.get('code') ?? '';
  }

  /** Exchange a code as a confidential client (Basic). */
  exchange(code: string, client: { id: string; secret: string }, extra: Record<string, string> = {}) {
    const body = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: VERIFIER, ...extra };
    return this.server.createTokenResponse(this.post(body, { authorization: basic(client.id, client.secret) }));
  }

  /** Refresh as a confidential client (Basic). */
  refresh(token: string, client: { id: string; secret: string }, extra: Record<string, string> = {}) {
    const body = { grant_type: 'refresh_token', refresh_token: token, ...extra };
    return this.server.createTokenResponse(this.post(body, { authorization: basic(client.id, client.secret) }));
  }

  /** Whether the core accepts `token` as a bearer token for `scopes`. */
  async bearerValid(token: string, scopes: readonly string[] = []): Promise<boolean> {
    const init = { uri: '/api', httpMethod: 'GET', headers: { authorization: `Bearer ${token}` }, session: this.em() };
    return (await this.server.verifyRequest(init, scopes)).valid;
  }
}

/** Parse a JSON response, asserting its status. */
export function json(res: OAuth2Response, status = 200): Record<string, unknown> {
  expect(res.status, res.body).to.equal(status);
  return JSON.parse(res.body) as Record<string, unknown>;
}

/** A user and a confidential authorization-code application with its cleartext secret. */
export async function webClient(em: EntityManager, data: Partial<Application> = {}) {
  const user = await createUser(em);
  const { application, clientSecret } = await createApplication(em, { user, ...data });
  return { user, application, client: { id: application.clientId, secret: clientSecret } };
}
