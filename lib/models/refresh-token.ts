import type { EntityManager, OptionalProps } from '@mikro-orm/core';
import { tokenChecksum } from './checksum.js';
import { revokeLive } from './revoke.js';
import { AccessToken } from './access-token.js';
import type { LoginFacts } from './token-base.js';
import type { Application } from './application.js';

/**
 * A refresh token (DOT's `AbstractRefreshToken`), stored only as its SHA-256 checksum. A revoked row stays as a
 * tombstone for reuse detection and the grace window (RFC 9700 §4.14.2); `successorCiphertext` holds the encrypted
 * successor pair during that window.
 */
export class RefreshToken implements LoginFacts {
  declare [OptionalProps]?:
    | 'accessToken'
    | 'family'
    | 'created'
    | 'updated'
    | 'revoked'
    | 'successorCiphertext'
    | 'successorExpires'
    | 'authTime'
    | 'acr'
    | 'claims';
  id!: number;
  user!: object;
  tokenChecksum!: string;
  application!: Application;
  /** The access token issued with this refresh token. */
  accessToken?: AccessToken | null = null;
  /** The token family (DOT's `token_family`): one per authorization, kept across rotations. */
  family: string | null = null;
  created: Date = new Date();
  updated: Date = new Date();
  revoked: Date | null = null;
  /** The successor token pair, encrypted with `refreshTokenGraceKey`, while the grace window lasts. */
  successorCiphertext: string | null = null;
  /** When the grace window for `successorCiphertext` ends. */
  successorExpires: Date | null = null;
  authTime: Date | null = null;
  acr = '';
  claims = '';

  /** Store the token as its checksum. */
  setToken(token: string): this {
    this.tokenChecksum = tokenChecksum(token);
    return this;
  }

  /** Return whether the token has been revoked (rotated or withdrawn). */
  isRevoked(): boolean {
    return this.revoked !== null;
  }

  /**
   * Revoke this refresh token and its access token (DOT's `revoke()`): a conditional UPDATE, so that of two
   * concurrent calls exactly one wins; idempotent.
   * @returns whether this call revoked it
   */
  async revoke(em: EntityManager): Promise<boolean> {
    const now = new Date();
    const n = await revokeLive(em, RefreshToken, { id: this.id }, now);
    if (n === 0) return false;
    this.revoked = now;
    const at = this.accessToken;
    if (at) {
      await revokeLive(em, AccessToken, { id: at.id }, now);
      if (at.revoked === null) at.revoked = now;
    }
    return true;
  }

  /**
   * Revoke every live member of a token family, refresh and access tokens (DOT 3.4.1's `revoke_family`), as
   * set-based UPDATEs: used on refresh token reuse and code replay.
   * @returns how many rows were revoked
   */
  static async revokeFamily(em: EntityManager, family: string): Promise<number> {
    const now = new Date();
    return (await revokeLive(em, RefreshToken, { family }, now)) + (await revokeLive(em, AccessToken, { family }, now));
  }

  /** Return a label that reveals nothing of the token. */
  toString(): string {
    return `RefreshToken #${this.id}`;
  }
}
