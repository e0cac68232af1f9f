import { MikroORM, type EntityManager } from '@mikro-orm/core';
import { clearExpired, type ClearExpiredResult } from '../models/clear-expired.js';
import { oauth2Settings } from '../settings/store.js';
import type { OAuth2Settings } from '../settings/types.js';

/**
 * Delete expired tokens and codes in batches (DOT's `cleartokens`), for cron. Given the ORM, it works on a fresh
 * fork outside any transaction, so that each batch commits on its own and locks stay short.
 */
export async function clearTokens(
  ormOrEm: MikroORM | EntityManager,
  settings: Readonly<OAuth2Settings> = oauth2Settings(),
): Promise<ClearExpiredResult> {
  const em = ormOrEm instanceof MikroORM ? ormOrEm.em.fork() : ormOrEm;
  return clearExpired(em, settings);
}
