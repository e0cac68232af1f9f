import type { Application } from '../models/application.js';
import { tokenChecksum } from '../models/checksum.js';
import {
  DEVICE_AUTHORIZATION_PENDING,
  DEVICE_AUTHORIZED,
  DEVICE_DENIED,
  type DeviceGrant,
} from '../models/device-grant.js';
import {
  bindDeviceGrant,
  decideDeviceGrant,
  findBoundDeviceGrant,
  insertDeviceGrant,
  recordDevicePoll,
  redeemDeviceGrant,
} from '../models/device-queries.js';
import type { DeviceGrantRecord, DevicePoll } from '../oauth2/device/records.js';
import { normalizeUserCode } from '../oauth2/device/user-code.js';
import type { OAuth2Request } from '../oauth2/request.js';
import { joinScope, splitScope } from '../oauth2/scopes.js';
import { throttled } from '../throttle/guard.js';
import { throttleKeys } from '../throttle/keys.js';
import type { AbstractConstructor, ValidatorLayerBase } from './base.js';
import { storedLoginFacts } from './login-facts.js';
import { epochSeconds, loadApplication, primaryKeyOf, requestEm, storableClientId } from './session.js';

/** A device grant as the confirm and status pages show it, with its application. */
export interface DeviceGrantPage {
  /** The stored grant (the `DeviceGrant` entity for `OAuth2Validator`). */
  readonly grant: DeviceGrant;
  /** The client's application, or null when it is gone or unusable. */
  readonly application: Application | null;
  /** The requested scopes. */
  readonly scopes: readonly string[];
  /** Whether the grant still waits for its user's decision (pending and unexpired). */
  readonly pending: boolean;
}

/** The login facts recorded with an approval, for the ID token (OIDC Core §2). */
export interface DeviceApproval {
  readonly authTime: number | null;
  readonly acr: string | null;
}

/**
 * The questions of the device pages (RFC 8628 §3.3), beyond the core's: entering a user code, reading the grant it
 * names for its user, and deciding it. Part of the bridge (ARCHITECTURE.md, The bridge).
 */
export interface DeviceViewValidator {
  /**
   * Bind the pending grant of `userCode` (as typed: any case, dashes) to `user`, throttled per user and address;
   * return the grant's client id and normalised code, or null for a code unknown, expired, decided or another's.
   */
  enterDeviceUserCode(
    userCode: string,
    user: unknown,
    request: OAuth2Request,
  ): Promise<{ clientId: string; userCode: string } | null>;
  /** Return the grant of `clientId` and `userCode` bound to `user`, or null (the pages are 404 for anyone else). */
  getDeviceGrant(
    clientId: string,
    userCode: string,
    user: unknown,
    request: OAuth2Request,
  ): Promise<DeviceGrantPage | null>;
  /** Approve or deny the pending grant bound to `user`; false when it is no longer pending (expired, decided). */
  decideDeviceGrant(
    clientId: string,
    userCode: string,
    user: unknown,
    approval: DeviceApproval | null,
    request: OAuth2Request,
  ): Promise<boolean>;
}

/** What the device layer answers: the core's three device questions and the pages'. */
export interface DeviceGrantAnswers extends DeviceViewValidator {
  saveDeviceGrant(record: DeviceGrantRecord, request: OAuth2Request): Promise<boolean>;
  pollDeviceCode(clientId: string, deviceCode: string, request: OAuth2Request): Promise<DevicePoll>;
  redeemDeviceCode(clientId: string, deviceCode: string, request: OAuth2Request): Promise<boolean>;
}

/**
 * The device authorization grant (RFC 8628) on the `DeviceGrant` model, as one layer of `OAuth2Validator`: the
 * core's `saveDeviceGrant`/`pollDeviceCode`/`redeemDeviceCode` and the pages' `DeviceViewValidator`. Codes are stored
 * as SHA-256 checksums, and every change is one conditional statement (lib/models/device-queries.ts).
 */
export function DeviceGrantValidation<TBase extends ValidatorLayerBase>(Base: TBase) {
  abstract class DeviceGrantValidator extends Base implements DeviceGrantAnswers {
    /** Insert the grant, unless a pending grant holds its user code (then false: the core draws another). */
    async saveDeviceGrant(record: DeviceGrantRecord, request: OAuth2Request): Promise<boolean> {
      return insertDeviceGrant(requestEm(request), {
        deviceCodeChecksum: tokenChecksum(record.deviceCode),
        userCodeChecksum: tokenChecksum(normalizeUserCode(record.userCode)),
        clientId: record.clientId,
        scope: joinScope(record.scopes),
        interval: record.interval,
        expires: record.expiresAt,
        status: DEVICE_AUTHORIZATION_PENDING,
      });
    }

    /** Record the poll in one conditional UPDATE (which also decides `slow_down`) and report its outcome. */
    async pollDeviceCode(clientId: string, deviceCode: string, request: OAuth2Request): Promise<DevicePoll> {
      const now = new Date(this.now());
      const polled = await recordDevicePoll(requestEm(request), tokenChecksum(deviceCode), clientId, now);
      if (polled === null) return { status: 'invalid' };
      const { grant, tooSoon } = polled;
      if (grant.isExpired(now)) return { status: 'expired' };
      if (tooSoon) return { status: 'slow_down' };
      if (grant.status === DEVICE_DENIED) return { status: 'denied' };
      if (grant.status !== DEVICE_AUTHORIZED || grant.user === null) return { status: 'pending' };
      return {
        status: 'authorized',
        grant: {
          clientId,
          scopes: splitScope(grant.scope),
          user: grant.user,
          authTime: grant.authTime === null ? null : epochSeconds(grant.authTime),
          acr: grant.acr || null,
        },
      };
    }

    /** Mark the approved grant redeemed: one conditional UPDATE picks the one poll that gets the tokens. */
    async redeemDeviceCode(clientId: string, deviceCode: string, request: OAuth2Request): Promise<boolean> {
      return redeemDeviceGrant(requestEm(request), tokenChecksum(deviceCode), clientId, new Date(this.now()));
    }

    /** Bind the grant in one conditional UPDATE; a miss counts as a failure against the user and the address. */
    async enterDeviceUserCode(userCode: string, user: unknown, request: OAuth2Request) {
      const userId = primaryKeyOf(user as object | null);
      if (userId === undefined) return null;
      const em = requestEm(request);
      const normal = normalizeUserCode(userCode);
      const keys = throttleKeys('device', userId, request.clientAddress);
      const clientId = await throttled(em, keys, () =>
        normal === ''
          ? Promise.resolve(null)
          : bindDeviceGrant(em, tokenChecksum(normal), userId, new Date(this.now())),
      );
      return clientId === null ? null : { clientId, userCode: normal };
    }

    /** One SELECT of the grant bound to the user, and its application. */
    async getDeviceGrant(clientId: string, userCode: string, user: unknown, request: OAuth2Request) {
      const userId = primaryKeyOf(user as object | null);
      if (userId === undefined || !storableClientId(clientId)) return null;
      const em = requestEm(request);
      const grant = await findBoundDeviceGrant(em, tokenChecksum(normalizeUserCode(userCode)), clientId, userId);
      if (grant === null) return null;
      const pending = grant.isPending() && !grant.isExpired(new Date(this.now()));
      const application = await loadApplication(em, clientId, request);
      return { grant, application, scopes: splitScope(grant.scope), pending };
    }

    /** One conditional UPDATE from pending to authorized or denied, bound to the user. */
    async decideDeviceGrant(
      clientId: string,
      userCode: string,
      user: unknown,
      approval: DeviceApproval | null,
      request: OAuth2Request,
    ): Promise<boolean> {
      const userId = primaryKeyOf(user as object | null);
      if (userId === undefined || !storableClientId(clientId)) return false;
      const checksum = tokenChecksum(normalizeUserCode(userCode));
      const facts = storedLoginFacts({ authTime: approval?.authTime ?? null, acr: approval?.acr ?? null });
      const where = { checksum, clientId, userId, now: new Date(this.now()) };
      return decideDeviceGrant(requestEm(request), where, approval !== null, facts);
    }
  }
  return DeviceGrantValidator as TBase & AbstractConstructor<DeviceGrantAnswers>;
}
