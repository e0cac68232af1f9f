/** The device authorization grant's records (RFC 8628): what the core hands storage and what storage answers. */

/** `grant_type` of the device access token request (RFC 8628 §3.4). */
export const DEVICE_CODE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';

/** A device authorization as the core asks storage to keep it (RFC 8628 §3.2). */
export interface DeviceGrantRecord {
  /** The device code; store it hashed if you like, the core only ever looks it up by value. */
  readonly deviceCode: string;
  /** The user code in its normalised form (`normalizeUserCode`): upper case, no dash or space. */
  readonly userCode: string;
  /** The client that asked; the device code is bound to it. */
  readonly clientId: string;
  /** The scopes requested (validated, defaults applied). */
  readonly scopes: readonly string[];
  /** Seconds the client must wait between polls (RFC 8628 §3.2 `interval`). */
  readonly interval: number;
  /** When the device code and the user code stop being usable (`deviceCodeExpireSeconds` after issue). */
  readonly expiresAt: Date;
}

/** A device grant its user approved, as storage returns it for token issuance. */
export interface ApprovedDeviceGrant {
  /** The client the grant is bound to. */
  readonly clientId: string;
  /** The scopes the user approved. */
  readonly scopes: readonly string[];
  /** The user who entered the code and approved. */
  readonly user: unknown;
  /** OIDC `auth_time` (seconds since the epoch) of the approving login, or null. */
  readonly authTime: number | null;
  /** OIDC `acr` of the approving login, or null. */
  readonly acr: string | null;
}

/**
 * The outcome of one poll of the token endpoint with a device code (RFC 8628 §3.5), in this order of precedence:
 * `invalid` (unknown, another client's, or already redeemed), `expired`, `slow_down` (polled sooner than the
 * interval: the interval has grown by 5 s), `denied`, `pending`, else `authorized` with the approved grant.
 */
export type DevicePoll =
  | { readonly status: 'authorized'; readonly grant: ApprovedDeviceGrant }
  | { readonly status: 'pending' | 'slow_down' | 'denied' | 'expired' | 'invalid' };
