import type { EntityManager } from '@mikro-orm/core';
import type { Application } from '../models/application.js';
import { scopesCover, splitScope } from '../oauth2/scopes.js';
import { retryRead } from '../models/run-sql.js';
import { models } from './session.js';

/**
 * Return whether the user's consent is on record for these scopes (DOT's `approval_prompt=auto` rule): the
 * application skips authorization, or the user holds a live access token of this application (unexpired,
 * unrevoked) whose scopes cover them.
 * @example if (await hasConsentOnRecord(em, user, application, scopes)) return this.approve(scopes, credentials);
 */
export async function hasConsentOnRecord(
  em: EntityManager,
  user: object,
  application: Application,
  scopes: readonly string[],
): Promise<boolean> {
  if (application.skipAuthorization) return true;
  const live = await retryRead(em, () =>
    em.find(
      models(em).AccessToken,
      { user, application, revoked: null, expires: { $gt: new Date() } },
      {
        fields: ['scope'],
        refresh: true,
      },
    ),
  );
  return live.some((token) => scopesCover(splitScope(token.scope), scopes));
}
