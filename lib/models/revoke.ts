import type { EntityData, EntityManager, FilterObject, FilterQuery } from '@mikro-orm/core';
import { modelFor } from './registry.js';

/** A token model: rows that are revoked by setting `revoked`. */
interface Revocable {
  revoked: Date | null;
}

/**
 * Mark the live (unrevoked) rows of a token model that match `where` revoked at `now`: one conditional UPDATE, so
 * that of concurrent calls exactly one revokes each row, on every process; idempotent.
 * @returns how many rows this call revoked
 */
export function revokeLive<T extends Revocable>(
  em: EntityManager,
  base: abstract new () => T,
  where: FilterObject<T>,
  now: Date,
): Promise<number> {
  // `T` is only known to have `revoked`: the filter and the data are checked against that, not against all of `T`.
  const live = { ...where, revoked: null } as FilterQuery<T>;
  const revoked: EntityData<Revocable> = { revoked: now };
  return em.nativeUpdate(modelFor(em, base), live, revoked as EntityData<T>);
}
