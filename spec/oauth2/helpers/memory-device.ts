import type { DeviceGrantRecord, DevicePoll, OAuth2Request } from '../../../lib/oauth2/index.js';
import { MemoryClients } from './memory-clients.js';

/** A device grant as the in-memory store keeps it (the columns of the model's table). */
export interface DeviceRow {
  record: DeviceGrantRecord;
  status: 'authorization-pending' | 'authorized' | 'denied' | 'redeemed';
  interval: number;
  lastChecked: number | null;
  user: unknown;
}

/** Yield to the event loop so that concurrent polls interleave between a read and a write. */
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The device half of the in-memory validator, with the semantics a database needs: each poll and each redemption is
 * one check-and-set without an `await` between check and write, after a yield, so that concurrent polls really race.
 */
export abstract class MemoryDevice extends MemoryClients {
  readonly deviceGrants = new Map<string, DeviceRow>();

  async saveDeviceGrant(record: DeviceGrantRecord, _request: OAuth2Request): Promise<boolean> {
    this.calls.push('saveDeviceGrant');
    const taken = [...this.deviceGrants.values()].some(
      (row) => row.status === 'authorization-pending' && row.record.userCode === record.userCode,
    );
    if (taken) return false;
    this.deviceGrants.set(record.deviceCode, {
      record,
      status: 'authorization-pending',
      interval: record.interval,
      lastChecked: null,
      user: null,
    });
    return true;
  }

  async pollDeviceCode(clientId: string, deviceCode: string): Promise<DevicePoll> {
    this.calls.push('pollDeviceCode');
    await tick();
    const row = this.deviceGrants.get(deviceCode);
    if (row === undefined || row.record.clientId !== clientId || row.status === 'redeemed')
      return { status: 'invalid' };
    const now = this.now();
    const tooSoon = row.lastChecked !== null && now < row.lastChecked + row.interval * 1000;
    row.lastChecked = now;
    if (tooSoon) row.interval += 5;
    if (now >= row.record.expiresAt.getTime()) return { status: 'expired' };
    if (tooSoon) return { status: 'slow_down' };
    if (row.status === 'denied') return { status: 'denied' };
    if (row.status === 'authorization-pending') return { status: 'pending' };
    const grant = { clientId, scopes: row.record.scopes, user: row.user, authTime: null, acr: null };
    return { status: 'authorized', grant };
  }

  async redeemDeviceCode(clientId: string, deviceCode: string): Promise<boolean> {
    this.calls.push('redeemDeviceCode');
    await tick();
    const row = this.deviceGrants.get(deviceCode);
    if (row === undefined || row.record.clientId !== clientId || row.status !== 'authorized') return false;
    row.status = 'redeemed';
    return true;
  }

  /** What the user-code page does: bind the pending grant of `userCode` to `user` and approve or deny it. */
  decideDeviceGrant(userCode: string, user: unknown, approve: boolean): void {
    const row = [...this.deviceGrants.values()].find((r) => r.record.userCode === userCode);
    if (row === undefined) throw new Error(`no device grant for ${userCode}`);
    row.user = user;
    row.status = approve ? 'authorized' : 'denied';
  }
}
