import type { DeviceGrantRecord, DevicePoll, OAuth2Request } from '../../../lib/oauth2/index.js';
import { MemoryOpenIDValidator } from './openid.js';
import { checksum } from './store.js';

/**
 * The core's device questions (RFC 8628) in memory: each poll and each redemption is one check-and-set with no
 * `await` between the check and the write, as one conditional UPDATE is in a database.
 */
export abstract class MemoryDeviceValidator extends MemoryOpenIDValidator {
  async saveDeviceGrant(record: DeviceGrantRecord, _request: OAuth2Request): Promise<boolean> {
    const rows = [...this.store.deviceGrants.values()];
    if (rows.some((row) => row.status === 'pending' && row.record.userCode === record.userCode)) return false;
    const { deviceCode, ...kept } = record;
    this.store.deviceGrants.set(checksum(deviceCode), {
      record: kept,
      status: 'pending',
      interval: record.interval,
      lastPolled: null,
      user: null,
    });
    return true;
  }

  async pollDeviceCode(clientId: string, deviceCode: string, _request: OAuth2Request): Promise<DevicePoll> {
    const row = this.store.deviceGrants.get(checksum(deviceCode));
    // Another client's code, an unknown or a redeemed one: nothing is written (RFC 8628 §3.5, invalid_grant).
    if (row === undefined || row.record.clientId !== clientId || row.status === 'redeemed')
      return { status: 'invalid' };
    const now = Date.now();
    const tooSoon = row.lastPolled !== null && now < row.lastPolled + row.interval * 1000;
    row.lastPolled = now;
    if (tooSoon) row.interval += 5;
    if (now >= row.record.expiresAt.getTime()) return { status: 'expired' };
    if (tooSoon) return { status: 'slow_down' };
    if (row.status === 'denied') return { status: 'denied' };
    if (row.status === 'pending') return { status: 'pending' };
    const grant = { clientId, scopes: row.record.scopes, user: row.user, authTime: null, acr: null };
    return { status: 'authorized', grant };
  }

  async redeemDeviceCode(clientId: string, deviceCode: string, _request: OAuth2Request): Promise<boolean> {
    const row = this.store.deviceGrants.get(checksum(deviceCode));
    if (row === undefined || row.record.clientId !== clientId || row.status !== 'authorized') return false;
    row.status = 'redeemed';
    return true;
  }
}
