import type { OptionalProps } from '@mikro-orm/core';
import { tokenChecksum } from './checksum.js';
import { isPast } from './expiry.js';
import type { LoginFacts } from './token-base.js';

/** The user approved; the next poll gets the tokens (DOT `AUTHORIZED`). */
export const DEVICE_AUTHORIZED = 'authorized';
/** Waiting for the user (DOT `AUTHORIZATION_PENDING`). */
export const DEVICE_AUTHORIZATION_PENDING = 'authorization-pending';
/** DOT's `EXPIRED`; the toolkit decides expiry from `expires`, so a row keeps its status (DOT sets this one). */
export const DEVICE_EXPIRED = 'expired';
/** The user denied (DOT `DENIED`). */
export const DEVICE_DENIED = 'denied';
/** The tokens were issued: the device code is used once (RFC 8628 §3.5; DOT has no such status). */
export const DEVICE_REDEEMED = 'redeemed';

/** A status of a device grant. */
export type DeviceGrantStatus =
  | typeof DEVICE_AUTHORIZED
  | typeof DEVICE_AUTHORIZATION_PENDING
  | typeof DEVICE_EXPIRED
  | typeof DEVICE_DENIED
  | typeof DEVICE_REDEEMED;

/**
 * A device authorization (DOT's `AbstractDeviceGrant`, RFC 8628). The device code and the normalised user code are
 * stored as SHA-256 checksums only; the grant references its client by `clientId` (DOT's string, not a foreign key)
 * and its user once the user entered the code. Every change is one conditional UPDATE (lib/validator/device.ts).
 */
export class DeviceGrant implements LoginFacts {
  declare [OptionalProps]?: 'user' | 'scope' | 'interval' | 'status' | 'lastChecked' | 'authTime' | 'acr' | 'claims';
  id!: number;
  /** The user who entered the code; null while nobody has. */
  user: object | null = null;
  deviceCodeChecksum!: string;
  userCodeChecksum!: string;
  /** Space-separated requested scopes. */
  scope = '';
  /** Seconds between polls; grows by 5 on each `slow_down` (RFC 8628 §3.5). */
  interval = 5;
  expires!: Date;
  status: DeviceGrantStatus = DEVICE_AUTHORIZATION_PENDING;
  clientId!: string;
  /** When the client last polled; null before its first poll. */
  lastChecked: Date | null = null;
  authTime: Date | null = null;
  acr = '';
  claims = '';

  /** Store the device code as its checksum. */
  setDeviceCode(code: string): this {
    this.deviceCodeChecksum = tokenChecksum(code);
    return this;
  }

  /** Return whether the codes have expired. */
  isExpired(now?: Date): boolean {
    return isPast(this.expires, now);
  }

  /** Return whether the grant still waits for its user. */
  isPending(): boolean {
    return this.status === DEVICE_AUTHORIZATION_PENDING;
  }

  /** Return a label that reveals neither code. */
  toString(): string {
    return `DeviceGrant #${this.id}`;
  }
}
