// Type-level tests, checked by `tsc --noEmit` (not run by mocha): the filters and data the toolkit hands MikroORM
// are typed by the entity classes, so a wrong or renamed field name fails to compile instead of at run time. Every
// `@ts-expect-error` below must see an error, or the type check fails with "Unused '@ts-expect-error' directive".
import type { EntityManager } from '@mikro-orm/core';
import { AccessToken } from '../../lib/models/access-token.js';
import { Grant } from '../../lib/models/grant.js';
import { RefreshToken } from '../../lib/models/refresh-token.js';
import { revokeLive } from '../../lib/models/revoke.js';

export async function typedOrmBoundary(em: EntityManager, user: object): Promise<void> {
  const now = new Date();
  await revokeLive(em, AccessToken, { user, family: 'f' }, now);
  // @ts-expect-error: AccessToken has no field `familly`
  await revokeLive(em, AccessToken, { familly: 'f' }, now);
  // @ts-expect-error: RefreshToken's `family` is a string
  await revokeLive(em, RefreshToken, { family: 1 }, now);

  await em.find(AccessToken, { user, revoked: null, expires: { $gt: now } }, { fields: ['scope'] });
  // @ts-expect-error: AccessToken has no field `expiry`
  await em.find(AccessToken, { user, revoked: null, expiry: { $gt: now } });

  em.create(Grant, { user, scope: 'read', nonce: '' }, { partial: true });
  // @ts-expect-error: Grant has no field `scopes`
  em.create(Grant, { user, scopes: 'read' }, { partial: true });
}
