import type { EntityManager } from '@mikro-orm/core';
import { modelFor } from './registry.js';

/**
 * Mark the live (unrevoked) rows of a token model that match `where` revoked at `now`: one conditional UPDATE, so
 * that of concurrent calls exactly one revokes each row, on every process; idempotent.
 * @returns how many rows this call revoked
 */
export function revokeLive(
  em: EntityManager,
  base: abstract new () => { revoked: Date | null },
  where: object,
  now: Date,
): Promise<number> {
  return em.nativeUpdate(modelFor(em, base), { ...where, revoked: null } as never, { revoked: now } as never);
}
