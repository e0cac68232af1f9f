/** Fixtures built in code (ARCHITECTURE.md, Tests): users, applications, codes and tokens on a given EntityManager. */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { generateClientId, generateToken } from '../../lib/generators.js';
import { hashSecret } from '../../lib/secrets/index.js';
import { modelFor } from '../../lib/models/registry.js';
import { Application } from '../../lib/models/application.js';
import { AccessToken } from '../../lib/models/access-token.js';
import { RefreshToken } from '../../lib/models/refresh-token.js';
import { Grant } from '../../lib/models/grant.js';
import { IDToken } from '../../lib/models/id-token.js';
import { User } from './user-entity.js';

let counter = 0;
const seq = () => `${Date.now().toString(36)}${(counter += 1)}`;
const inSeconds = (s: number) => new Date(Date.now() + s * 1000);

/** Create and flush a user (`username` unique by default). */
export async function createUser(em: EntityManager, data: Partial<User> = {}): Promise<User> {
  const user = em.create(User, { username: `user-${seq()}`, ...data });
  await em.flush();
  return user;
}

/** What `createApplication()` returns: the application and its cleartext secret. */
export interface CreatedApplication<A extends Application = Application> {
  application: A;
  clientSecret: string;
}

/**
 * Create and flush an application. Defaults: confidential, authorization code, redirect URI
 * `https://client.example/cb`, a generated secret stored as `sha256$...` (or readable with `hashClientSecret: false`).
 */
export async function createApplication(
  em: EntityManager,
  data: Partial<Application> = {},
): Promise<CreatedApplication> {
  const clientSecret = data.clientSecret ?? generateToken(48);
  const hashed = data.hashClientSecret ?? true;
  const stored = hashed ? await hashSecret(clientSecret, { generated: data.clientSecret === undefined }) : clientSecret;
  const application = em.create(modelFor(em, Application), {
    clientId: generateClientId(),
    name: `app-${seq()}`,
    clientType: 'confidential',
    authorizationGrantType: 'authorization-code',
    redirectUris: 'https://client.example/cb',
    ...data,
    clientSecret: stored,
    hashClientSecret: hashed,
  } as never) as Application;
  await em.flush();
  return { application, clientSecret };
}

/** Options shared by the token factories. */
export interface TokenData {
  application: Application;
  user?: object | null;
  scope?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  /** The raw value (default: 30 random characters). */
  token?: string;
  family?: string | null;
}

/** Create and flush an access token; returns it with its raw value. */
export async function createAccessToken(
  em: EntityManager,
  data: TokenData & Partial<Omit<AccessToken, 'user' | 'application'>>,
): Promise<{ accessToken: AccessToken; token: string }> {
  const { token = generateToken(30), expiresIn = 3600, ...rest } = data;
  const accessToken = em.create(modelFor(em, AccessToken), {
    scope: 'read write',
    expires: inSeconds(expiresIn),
    family: randomUUID(),
    ...rest,
  } as never) as AccessToken;
  accessToken.setToken(token);
  await em.flush();
  return { accessToken, token };
}

/** Create and flush a refresh token (with its access token unless `accessToken` is given as null). */
export async function createRefreshToken(
  em: EntityManager,
  data: TokenData & { user: object; accessToken?: AccessToken | null } & Partial<RefreshToken>,
): Promise<{ refreshToken: RefreshToken; token: string }> {
  const { token = generateToken(30), expiresIn = 3600, scope, ...rest } = data;
  const family = rest.family ?? randomUUID();
  const accessToken =
    rest.accessToken === undefined
      ? (
          await createAccessToken(em, {
            application: rest.application,
            user: rest.user,
            family,
            expiresIn,
            scope: scope ?? 'read write',
          })
        ).accessToken
      : rest.accessToken;
  const refreshToken = em.create(modelFor(em, RefreshToken), { ...rest, family, accessToken } as never) as RefreshToken;
  refreshToken.setToken(token);
  await em.flush();
  return { refreshToken, token };
}

/** Create and flush an authorization code; returns it with its raw value. */
export async function createGrant(
  em: EntityManager,
  data: TokenData & { user: object } & Partial<Grant>,
): Promise<{ grant: Grant; code: string }> {
  const { token: code = generateToken(30), expiresIn = 60, ...rest } = data;
  const grant = em.create(modelFor(em, Grant), {
    redirectUri: 'https://client.example/cb',
    scope: 'read',
    expires: inSeconds(expiresIn),
    ...rest,
  } as never) as Grant;
  grant.setCode(code);
  await em.flush();
  return { grant, code };
}

/** Create and flush an ID token record. */
export async function createIdToken(em: EntityManager, data: TokenData): Promise<IDToken> {
  const { expiresIn = 3600, token: _token, family: _family, ...rest } = data;
  const idToken = em.create(modelFor(em, IDToken), {
    scope: 'openid',
    expires: inSeconds(expiresIn),
    jti: randomUUID(),
    ...rest,
  } as never) as IDToken;
  await em.flush();
  return idToken;
}
