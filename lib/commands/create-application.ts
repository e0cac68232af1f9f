import type { EntityManager } from '@mikro-orm/core';
import { oauth2Settings } from '../settings/store.js';
import { hashSecret } from '../secrets/hash.js';
import { modelFor } from '../models/registry.js';
import { Application, type Algorithm, type ClientType, type GrantType } from '../models/application.js';
import { FieldErrorCollector } from '../models/validation-error.js';
import { splitWhitespace } from '../models/whitespace-list.js';

/** DOT's `createapplication` arguments, camelCased; space-separated strings or arrays where DOT has lists. */
export interface CreateApplicationOptions {
  clientType: ClientType | string;
  authorizationGrantType: GrantType | string;
  clientId?: string;
  /** A secret to use instead of a generated one (stored with the slow hash: it may have been typed). */
  clientSecret?: string;
  name?: string;
  /** The owner: a user entity, or a username looked up with `findUser` (default: by the `username` field). */
  user?: object | string | null;
  findUser?: (em: EntityManager, username: string) => Promise<object | null>;
  redirectUris?: string | readonly string[];
  postLogoutRedirectUris?: string | readonly string[];
  skipAuthorization?: boolean;
  algorithm?: Algorithm | string;
  /** false keeps the secret readable (needed for HS256); DOT's `--no-hash-client-secret`. */
  hashClientSecret?: boolean;
  allowedScopes?: string | readonly string[];
  allowedOrigins?: string | readonly string[];
}

/** What `createApplication()` returns: the saved application and, when it was generated, the cleartext secret. */
export interface CreatedApplicationResult<A extends Application = Application> {
  application: A;
  /** The generated secret in clear, shown once; null when the caller supplied the secret. */
  clientSecret: string | null;
}

const list = (v: string | readonly string[] | undefined): string[] =>
  typeof v === 'string' ? splitWhitespace(v) : [...(v ?? [])];

/**
 * Create an application (DOT's `createapplication`): validate every field (`Application.clean()`), hash the secret,
 * save. A generated secret is returned in clear once; only its hash is stored (unless `hashClientSecret: false`).
 * @throws ModelValidationError listing the messages per field
 * @example const { application, clientSecret } = await createApplication(em, { clientType: 'confidential',
 *   authorizationGrantType: 'authorization-code', redirectUris: 'https://app.example/cb', user: 'alice' });
 */
export async function createApplication(
  em: EntityManager,
  options: CreateApplicationOptions,
): Promise<CreatedApplicationResult> {
  const settings = oauth2Settings();
  const errors = new FieldErrorCollector();
  if (!options.clientType) errors.add('clientType', 'client_type is required');
  if (!options.authorizationGrantType) errors.add('authorizationGrantType', 'authorization_grant_type is required');
  if (options.clientSecret === '') errors.add('clientSecret', 'must not be empty');
  const user = await resolveUser(em, options, errors);
  const clientId = options.clientId ?? settings.clientIdGenerator();
  if (options.clientId !== undefined && (await em.count(modelFor(em, Application), { clientId }))) {
    errors.add('clientId', 'an application with this client id already exists');
  }
  errors.throwIfAny();
  const generated = options.clientSecret === undefined;
  const secret = options.clientSecret ?? settings.clientSecretGenerator(settings.clientSecretGeneratorLength);
  const hashed = options.hashClientSecret ?? true;
  const application = em.create(
    modelFor(em, Application),
    {
      clientId,
      clientType: options.clientType as ClientType,
      authorizationGrantType: options.authorizationGrantType as GrantType,
      name: options.name ?? '',
      user: user ?? null,
      redirectUris: list(options.redirectUris).join(' '),
      postLogoutRedirectUris: list(options.postLogoutRedirectUris).join(' '),
      skipAuthorization: options.skipAuthorization ?? false,
      algorithm: (options.algorithm ?? '') as Algorithm,
      hashClientSecret: hashed,
      // clean() checks HS256 against the secret, so it sees the readable one; the hash replaces it after.
      clientSecret: secret,
      allowedScopes: list(options.allowedScopes),
      allowedOrigins: list(options.allowedOrigins),
    },
    { persist: false },
  );
  application.clean();
  if (hashed) application.clientSecret = await hashSecret(secret, { generated });
  await em.persistAndFlush(application);
  return { application, clientSecret: generated ? secret : null };
}

async function resolveUser(
  em: EntityManager,
  options: CreateApplicationOptions,
  errors: FieldErrorCollector,
): Promise<object | null> {
  if (options.user === undefined || options.user === null) return null;
  if (typeof options.user !== 'string') return options.user;
  const username = options.user;
  const found = options.findUser
    ? await options.findUser(em, username)
    : await em.findOne<{ username: string }>(userEntityName(em), { username });
  if (!found) errors.add('user', `no user with username ${JSON.stringify(username)}`);
  return (found as object | null) ?? null;
}

/** Return the name of the app's user entity, the target of `Application.user`. */
export function userEntityName(em: EntityManager): string {
  const meta = em.getMetadata().get<Application>(modelFor(em, Application).name);
  return meta.properties.user?.type ?? 'User';
}
