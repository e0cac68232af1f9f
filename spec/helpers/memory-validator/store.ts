/**
 * The storage of the in-memory validator (spec/helpers/memory-validator/): applications, users, codes, tokens,
 * refresh families and ID tokens on Maps, in one process. Like the models (ARCHITECTURE.md, Storage) it keeps
 * client secrets and passwords hashed and codes and tokens by their SHA-256 checksum only, so that a copy of it lets
 * nobody in.
 */
import { createHash } from 'node:crypto';
import { hashSecret } from '../../../lib/secrets/index.js';
import type {
  AuthorizationCodeRecord,
  DeviceGrantRecord,
  IdTokenAlgorithm,
  OAuth2Client,
} from '../../../lib/oauth2/index.js';
import type { Sealed } from './grace-seal.js';

/** A registered client (DOT's `Application`, reduced to what the questions need). */
export interface MemoryApplication extends OAuth2Client {
  readonly name: string;
  /** The hashed secret of a confidential client; null for a public one. */
  readonly secretHash: string | null;
  /** The `grant_type`s it may use at the token endpoint. */
  readonly grantTypes: readonly string[];
  /** The `response_type`s it may use at the authorization endpoint (values in any order). */
  readonly responseTypes: readonly string[];
  readonly redirectUris: readonly string[];
  readonly postLogoutRedirectUris: readonly string[];
  /** Origins allowed to call the token, revocation and UserInfo endpoints from a browser. */
  readonly allowedOrigins: readonly string[];
  /** URI schemes allowed for its post-logout redirects (http is always allowed for a loopback IP). */
  readonly allowedSchemes: readonly string[];
  /** The scopes it may be granted; empty means every scope of the store. */
  readonly allowedScopes: readonly string[];
  readonly skipAuthorization: boolean;
  readonly algorithm: IdTokenAlgorithm | '';
}

/** A resource owner. `sub` is its id, as DOT's primary key. */
export interface MemoryUser {
  readonly id: number;
  readonly username: string;
  readonly passwordHash: string;
  readonly claims: Readonly<Record<string, unknown>>;
}

/** A stored code: the core's record without the code itself, and whether it was redeemed. */
export interface CodeRow extends Omit<AuthorizationCodeRecord, 'code'> {
  consumed: boolean;
}

/** What access and refresh tokens have in common. */
interface TokenRow {
  readonly clientId: string;
  readonly user: MemoryUser | null;
  readonly scopes: readonly string[];
  readonly created: Date;
  revoked: Date | null;
  /** Checksum of the code the token was issued from, for `revokeTokensIssuedByCode`. */
  readonly code: string | null;
}

export interface AccessRow extends TokenRow {
  readonly expiresAt: Date;
  /** Checksum of the refresh token issued with it, if any. */
  readonly refreshToken: string | null;
}

export interface RefreshRow extends TokenRow {
  readonly expiresAt: Date | null;
  /** Every rotation of one grant shares a family; a replay revokes the whole family. */
  readonly family: string;
  accessToken: string;
  readonly authTime: number | null;
  readonly acr: string | null;
  /** Set when it was rotated (not revoked deliberately): its successor, sealed until `until`. */
  grace: { readonly until: Date; readonly successor: string; readonly sealed: Sealed } | null;
}

export interface IdTokenRow {
  readonly clientId: string;
  readonly user: MemoryUser | null;
  readonly expiresAt: Date;
}

/** Return the checksum a code or token is stored under. */
export function checksum(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** A device grant as the memory store keeps it: by the device code's checksum, bound to its client. */
export interface DeviceRow {
  readonly record: Omit<DeviceGrantRecord, 'deviceCode'>;
  status: 'pending' | 'authorized' | 'denied' | 'redeemed';
  interval: number;
  lastPolled: number | null;
  user: unknown;
}

/** Options of `MemoryStore`: the scopes the provider knows and grants by default. */
export interface MemoryStoreOptions {
  scopes: readonly string[];
  defaultScopes: readonly string[];
  /** `iss` of introspection answers (the provider's issuer). */
  issuer?: string;
}

/** The Maps the validator reads and writes; one per test app. */
export class MemoryStore {
  readonly applications = new Map<string, MemoryApplication>();
  readonly users = new Map<string, MemoryUser>();
  readonly codes = new Map<string, CodeRow>();
  readonly accessTokens = new Map<string, AccessRow>();
  readonly refreshTokens = new Map<string, RefreshRow>();
  readonly idTokens = new Map<string, IdTokenRow>();
  /** Device grants by the device code's checksum (shared by every validator instance, as a table is). */
  readonly deviceGrants = new Map<string, DeviceRow>();
  #nextUserId = 1;

  constructor(readonly options: MemoryStoreOptions) {}

  /** Register an application; confidential when it has a secret (stored hashed). */
  async addApplication(
    fields: Partial<Omit<MemoryApplication, 'secretHash'>> & { clientId: string; secret?: string },
  ): Promise<MemoryApplication> {
    const { secret, ...rest } = fields;
    const application: MemoryApplication = {
      name: fields.clientId,
      grantTypes: ['authorization_code', 'refresh_token'],
      responseTypes: ['code'],
      redirectUris: [],
      postLogoutRedirectUris: [],
      allowedOrigins: [],
      allowedSchemes: ['https'],
      allowedScopes: [],
      skipAuthorization: false,
      algorithm: '',
      ...rest,
      secretHash: secret === undefined ? null : await hashSecret(secret, { generated: true }),
    };
    this.applications.set(application.clientId, application);
    return application;
  }

  /** Register a user with a password (stored hashed) and the claims UserInfo may release. */
  async addUser(username: string, password: string, claims: Record<string, unknown> = {}): Promise<MemoryUser> {
    const user: MemoryUser = { id: this.#nextUserId++, username, passwordHash: await hashSecret(password), claims };
    this.users.set(username, user);
    return user;
  }

  /** Return whether a token row is usable at `now`: not revoked, not expired. */
  isLive(row: AccessRow | RefreshRow, now = Date.now()): boolean {
    return row.revoked === null && (row.expiresAt === null || row.expiresAt.getTime() > now);
  }

  /** Revoke an access token by checksum (idempotent). */
  revokeAccess(sum: string | null, at: Date): void {
    const row = sum === null ? undefined : this.accessTokens.get(sum);
    if (row !== undefined) row.revoked ??= at;
  }

  /** Revoke every refresh token of a family and their access tokens (RFC 9700 §4.14.2). */
  revokeFamily(family: string, at: Date): void {
    for (const row of this.refreshTokens.values()) {
      if (row.family !== family) continue;
      row.revoked ??= at;
      this.revokeAccess(row.accessToken, at);
    }
  }
}

/** Return whether two users are the same resource owner. */
export function sameUser(a: unknown, b: unknown): boolean {
  const id = (user: unknown) => (user as { id?: unknown } | null | undefined)?.id;
  return a !== null && a !== undefined && id(a) !== undefined && id(a) === id(b);
}
