import type { EntityManager } from '@mikro-orm/core';
import { tokenChecksum } from './checksum.js';
import { revokeLive } from './revoke.js';
import { ScopedExpiringToken, type LoginFacts } from './token-base.js';
import type { Application } from './application.js';
import type { IDToken } from './id-token.js';
import type { RefreshToken } from './refresh-token.js';

/**
 * A bearer access token (DOT's `AbstractAccessToken`), stored only as its SHA-256 checksum. Revocation marks the
 * row (`revoked`) instead of deleting it, so that family revocation is one UPDATE and `cleartokens` removes it later.
 */
export class AccessToken extends ScopedExpiringToken implements LoginFacts {
  /** The resource owner; null for client credentials. */
  user?: object | null = null;
  /** The refresh token consumed to mint this token. */
  sourceRefreshToken?: RefreshToken | null = null;
  tokenChecksum!: string;
  idToken?: IDToken | null = null;
  application?: Application | null = null;
  /** The token family (one per authorization; kept across rotations). */
  family: string | null = null;
  revoked: Date | null = null;
  authTime: Date | null = null;
  acr = '';
  claims = '';

  /** Store the token as its checksum. */
  setToken(token: string): this {
    this.tokenChecksum = tokenChecksum(token);
    return this;
  }

  /** Return whether the token is unrevoked, unexpired and carries `scopes`. */
  override isValid(scopes?: Iterable<string> | null): boolean {
    return this.revoked === null && super.isValid(scopes);
  }

  /**
   * Revoke the token at once for every process (RFC 7009): one conditional UPDATE, idempotent.
   * @returns whether this call revoked it
   */
  async revoke(em: EntityManager): Promise<boolean> {
    const now = new Date();
    const n = await revokeLive(em, AccessToken, { id: this.id }, now);
    if (n > 0) this.revoked = now;
    return n > 0;
  }

  /** Return a label that reveals nothing of the token. */
  override toString(): string {
    return `AccessToken #${this.id}`;
  }
}
