import type { OptionalProps } from '@mikro-orm/core';
import { isPast } from './expiry.js';
import { tokenChecksum } from './checksum.js';
import type { Application } from './application.js';
import type { LoginFacts } from './token-base.js';

/** PKCE method `plain` (RFC 7636 §4.2; refused unless listed in `pkceCodeChallengeMethods`). */
export const CODE_CHALLENGE_PLAIN = 'plain';
/** PKCE method `S256` (RFC 7636 §4.2). */
export const CODE_CHALLENGE_S256 = 'S256';

/**
 * An authorization code (DOT's `AbstractGrant`). Only the code's SHA-256 checksum is stored; a redeemed code is
 * kept as a tombstone (`consumed`, with the `family` of what it issued) so that a replay can revoke those tokens
 * (RFC 6749 §4.1.2, RFC 9700 §4.2.4).
 */
export class Grant implements LoginFacts {
  declare [OptionalProps]?:
    | 'redirectUri'
    | 'scope'
    | 'created'
    | 'updated'
    | 'codeChallenge'
    | 'codeChallengeMethod'
    | 'nonce'
    | 'claims'
    | 'authTime'
    | 'acr'
    | 'consumed'
    | 'family';
  id!: number;
  user!: object;
  codeChecksum!: string;
  application!: Application;
  expires!: Date;
  redirectUri = '';
  scope = '';
  created: Date = new Date();
  updated: Date = new Date();
  codeChallenge = '';
  codeChallengeMethod = '';
  nonce = '';
  claims = '';
  authTime: Date | null = null;
  acr = '';
  /** When the code was redeemed; null while it is still redeemable. */
  consumed: Date | null = null;
  /** The token family issued from this code. */
  family: string | null = null;

  /** Store the code as its checksum. */
  setCode(code: string): this {
    this.codeChecksum = tokenChecksum(code);
    return this;
  }

  /** Return whether the code has expired (no expiry counts as expired). */
  isExpired(now?: Date): boolean {
    return isPast(this.expires, now);
  }

  /** Return whether the code was already redeemed. */
  isConsumed(): boolean {
    return this.consumed !== null;
  }

  /** Return whether `uri` is exactly the redirect URI of the authorization request (RFC 6749 §4.1.3). */
  redirectUriAllowed(uri: string): boolean {
    return uri === this.redirectUri;
  }

  /** Return a label that reveals nothing of the code. */
  toString(): string {
    return `Grant #${this.id}`;
  }
}
