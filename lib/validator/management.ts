import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { wrap } from '@mikro-orm/core';
import { createApplication, userEntityName } from '../commands/create-application.js';
import { ImproperlyConfigured } from '../errors.js';
import type { AbstractConstructor, ValidatorLayerBase } from './base.js';
import type { AccessToken } from '../models/access-token.js';
import type { Algorithm, Application, ClientType, GrantType } from '../models/application.js';
import { Grant } from '../models/grant.js';
import { IDToken } from '../models/id-token.js';
import { modelFor } from '../models/registry.js';
import { ModelValidationError, type FieldErrors } from '../models/validation-error.js';
import { splitWhitespace } from '../models/whitespace-list.js';
import type { OAuth2Request } from '../oauth2/request.js';
import { getAllScopes } from '../scopes.js';
import { hashSecret } from '../secrets/hash.js';
import { oauth2Settings } from '../settings/store.js';
import type {
  ApplicationFields,
  ApplicationSaveResult,
  AuthorizedGrant,
  FormErrors,
  ManagedPage,
  ManagementQuery,
  ManagementValidator,
} from './management-api.js';
import { models, requestEm } from './session.js';
import { revokeAccessTokenFamily } from './tokens.js';

/**
 * Add the management pages' questions (`ManagementValidator`) to a validator class, on the models: every query
 * names the owner, so another user's object is simply not found.
 *
 * @example
 * export class OAuth2Validator extends ApplicationManagement(ModelViewValidator) { ... }
 */
export function ApplicationManagement<TBase extends ValidatorLayerBase>(Base: TBase) {
  abstract class ApplicationManagementLayer extends Base implements ManagementValidator {
    async listUserApplications(query: ManagementQuery, request: OAuth2Request): Promise<ManagedPage<Application>> {
      const em = requestEm(request);
      const { Application } = models(em);
      const [items, total] = await em.findAndCount(Application, ownedWhere<Application>(em, query, Application.name), {
        orderBy: { id: 'asc' },
        limit: query.limit,
        offset: query.offset,
      });
      return { items, total };
    }

    async getUserApplication(query: ManagementQuery, id: string, request: OAuth2Request): Promise<Application | null> {
      const em = requestEm(request);
      const key = parseId(id);
      if (key === null) return null;
      const { Application } = models(em);
      const where = {
        $and: [ownedWhere<Application>(em, query, Application.name), { id: key }],
      } as FilterQuery<Application>;
      return em.findOne(Application, where, { refresh: true });
    }

    /** Validate as `Application.clean()` does (through `createApplication`), then store with the owner. */
    async createUserApplication(
      owner: unknown,
      fields: ApplicationFields,
      request: OAuth2Request,
    ): Promise<ApplicationSaveResult> {
      const em = requestEm(request);
      const ownerKey = primaryKey(owner);
      if (ownerKey === null) throw new ImproperlyConfigured('createUserApplication() needs a stored user as owner');
      try {
        const created = await createApplication(em, {
          ...applicationChanges(fields),
          ...(fields.clientId ? { clientId: fields.clientId } : {}),
          ...(fields.clientSecret ? { clientSecret: fields.clientSecret } : {}),
          hashClientSecret: fields.hashClientSecret,
          user: em.getReference(userEntityName(em), ownerKey as never),
        });
        return { ok: true, application: created.application, clientSecret: created.clientSecret };
      } catch (error) {
        if (!(error instanceof ModelValidationError)) throw error;
        return { ok: false, errors: formErrors(error.fieldErrors) };
      }
    }

    /** Apply the changes, validate the whole application, and store it only when it is valid. */
    async updateUserApplication(
      query: ManagementQuery,
      id: string,
      fields: ApplicationFields,
      request: OAuth2Request,
    ): Promise<ApplicationSaveResult | null> {
      const em = requestEm(request);
      const application = await this.getUserApplication(query, id, request);
      if (application === null) return null;
      const changes = { ...applicationChanges(fields), clientId: fields.clientId || application.clientId };
      const before = Object.fromEntries(Object.keys(changes).map((k) => [k, application[k as keyof Application]]));
      Object.assign(application, changes);
      try {
        if (changes.clientId !== before['clientId']) await assertClientIdFree(em, changes.clientId);
        application.clean();
      } catch (error) {
        // Put the stored values back, so that no later flush of this request writes what was refused.
        Object.assign(application, before);
        if (!(error instanceof ModelValidationError)) throw error;
        return { ok: false, errors: formErrors(error.fieldErrors) };
      }
      await em.flush();
      return { ok: true, application, clientSecret: null };
    }

    /**
     * Delete the application with everything issued to it (refresh and access tokens, ID tokens, codes), in one
     * transaction, so that none of its tokens answers again on any process.
     */
    async deleteUserApplication(query: ManagementQuery, id: string, request: OAuth2Request): Promise<boolean> {
      const em = requestEm(request);
      const application = await this.getUserApplication(query, id, request);
      if (application === null) return false;
      const { Application, AccessToken, RefreshToken } = models(em);
      await em.transactional(async (tx) => {
        const where = { application: application.id };
        await tx.nativeDelete(RefreshToken, where);
        await tx.nativeDelete(AccessToken, where);
        await tx.nativeDelete(modelFor(tx, IDToken), where);
        await tx.nativeDelete(modelFor(tx, Grant), where);
        await tx.nativeDelete(Application, { id: application.id });
      });
      em.getUnitOfWork().unsetIdentity(application);
      return true;
    }

    /** Generate a secret, store it hashed (or readable when the application keeps it so), return it once. */
    async newApplicationSecret(query: ManagementQuery, id: string, request: OAuth2Request): Promise<string | null> {
      const em = requestEm(request);
      const application = await this.getUserApplication(query, id, request);
      if (application === null) return null;
      const settings = oauth2Settings();
      const secret = settings.clientSecretGenerator(settings.clientSecretGeneratorLength);
      application.clientSecret = application.hashClientSecret ? await hashSecret(secret, { generated: true }) : secret;
      await em.flush();
      return secret;
    }

    async listUserGrants(query: ManagementQuery, request: OAuth2Request): Promise<ManagedPage<AuthorizedGrant>> {
      const em = requestEm(request);
      const { where, refreshable } = await liveGrantsWhere(em, query);
      const [tokens, total] = await em.findAndCount(models(em).AccessToken, where, {
        populate: ['application'],
        orderBy: [{ application: { name: 'asc' } }, { created: 'desc' }, { id: 'desc' }],
        limit: query.limit,
        offset: query.offset,
      });
      return { items: tokens.map((token) => toGrant(token, refreshable)), total };
    }

    async getUserGrant(query: ManagementQuery, id: string, request: OAuth2Request): Promise<AuthorizedGrant | null> {
      const found = await findLiveGrant(requestEm(request), query, id);
      return found === null ? null : toGrant(found.token, found.refreshable);
    }

    async revokeUserGrant(query: ManagementQuery, id: string, request: OAuth2Request): Promise<boolean> {
      const em = requestEm(request);
      const found = await findLiveGrant(em, query, id);
      if (found === null) return false;
      await revokeAccessTokenFamily(em, found.token);
      return true;
    }
  }
  return ApplicationManagementLayer as TBase & AbstractConstructor<ManagementValidator>;
}

/** The stored fields an application form sets, besides the client id and secret. */
function applicationChanges(fields: ApplicationFields) {
  return {
    name: fields.name,
    clientType: fields.clientType as ClientType,
    authorizationGrantType: fields.authorizationGrantType as GrantType,
    redirectUris: splitWhitespace(fields.redirectUris).join(' '),
    postLogoutRedirectUris: splitWhitespace(fields.postLogoutRedirectUris).join(' '),
    allowedOrigins: splitWhitespace(fields.allowedOrigins),
    algorithm: fields.algorithm as Algorithm,
  };
}

async function assertClientIdFree(em: EntityManager, clientId: string): Promise<void> {
  if (await em.count(models(em).Application, { clientId })) {
    throw new ModelValidationError({ clientId: ['an application with this client id already exists'] });
  }
}

/** Return the model's field errors under the form's field names (DOT's, `redirect_uris`). */
function formErrors(errors: FieldErrors): FormErrors {
  const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return Object.fromEntries(Object.entries(errors).map(([field, messages]) => [snake(field), messages]));
}

/** Return a primary key from the page's URL: a positive integer, else null (nothing is found by it). */
function parseId(id: string): number | null {
  return /^[1-9][0-9]{0,14}$/.test(id) ? Number(id) : null;
}

/** Return the primary key of the owner (a user entity), or null for anything else. */
function primaryKey(owner: unknown): unknown {
  if (owner === null || typeof owner !== 'object') return null;
  try {
    return wrap(owner, true).getPrimaryKey() ?? null;
  } catch {
    return null;
  }
}

/** The query's narrowing, then the owner, which no narrowing can replace; a field the model lacks is a mistake. */
function ownedWhere<T extends object>(em: EntityManager, query: ManagementQuery, base: string): FilterQuery<T> {
  const ownerKey = primaryKey(query.owner);
  // No owner: a condition nothing meets, rather than every row.
  if (ownerKey === null) return { id: null } as FilterQuery<T>;
  const where = query.where ?? {};
  const properties = em.getMetadata().get(base).properties;
  for (const [key, value] of Object.entries(where)) {
    if (!(key in properties) || (value !== null && typeof value === 'object')) {
      throw new ImproperlyConfigured(`getQueryset(): '${key}' is not a field of ${base} to narrow by`);
    }
  }
  return { ...where, user: ownerKey } as FilterQuery<T>;
}

/** The owner's live grants: unrevoked access tokens unexpired, or with a usable refresh token (RFC 6749 §1.5). */
async function liveGrantsWhere(em: EntityManager, query: ManagementQuery) {
  const { AccessToken, RefreshToken } = models(em);
  const owned = ownedWhere<AccessToken>(em, query, AccessToken.name) as Record<string, unknown>;
  const now = new Date();
  const lifetime = oauth2Settings().refreshTokenExpireSeconds;
  const refreshWhere = {
    user: owned['user'],
    revoked: null,
    accessToken: { $ne: null },
    ...(lifetime === null ? {} : { created: { $gt: new Date(now.getTime() - lifetime * 1000) } }),
  };
  const refreshTokens = await em.find(RefreshToken, refreshWhere as never, { fields: ['accessToken'] });
  const refreshable = new Set(refreshTokens.map((r) => Number(r.accessToken?.id)));
  const live = [{ expires: { $gt: now } }, { id: { $in: [...refreshable] } }];
  const where = { ...owned, revoked: null, $or: live } as FilterQuery<AccessToken>;
  return { where, refreshable };
}

async function findLiveGrant(
  em: EntityManager,
  query: ManagementQuery,
  id: string,
): Promise<{ token: AccessToken; refreshable: Set<number> } | null> {
  const key = parseId(id);
  if (key === null) return null;
  const { where, refreshable } = await liveGrantsWhere(em, query);
  const token = await em.findOne(models(em).AccessToken, { $and: [where, { id: key }] } as FilterQuery<AccessToken>, {
    populate: ['application'],
    refresh: true,
  });
  return token === null ? null : { token, refreshable };
}

function toGrant(token: AccessToken, refreshable: ReadonlySet<number>): AuthorizedGrant {
  const all = getAllScopes();
  return {
    id: String(token.id),
    applicationName: token.application ? token.application.name || token.application.clientId : '',
    clientId: token.application?.clientId ?? '',
    scopes: token.scopeList().map((name) => ({ name, description: all[name] ?? name })),
    granted: token.created,
    expires: token.expires,
    refreshable: refreshable.has(Number(token.id)),
  };
}
