import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { ScopedExpiringToken } from './token-base.js';
import { modelFor } from './registry.js';
import type { Application } from './application.js';

/** An issued OIDC ID token, kept by its `jti` (DOT's `AbstractIDToken`). */
export class IDToken extends ScopedExpiringToken {
  user?: object | null = null;
  jti: string = randomUUID();
  application?: Application | null = null;

  /** Delete the record (DOT's `revoke()`); its access token goes with it. */
  async revoke(em: EntityManager): Promise<void> {
    await em.nativeDelete(modelFor(em, IDToken), { id: this.id });
  }

  /** Return `JTI: <jti> User: <id>` as DOT does. */
  override toString(): string {
    const userId = (this.user as { id?: unknown } | null | undefined)?.id;
    return `JTI: ${this.jti} User: ${String(userId ?? null)}`;
  }
}
