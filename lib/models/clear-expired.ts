import { setTimeout as sleep } from 'node:timers/promises';
import type { EntityManager } from '@mikro-orm/core';
import createDebug from 'debug';
import { ImproperlyConfigured } from '../errors.js';
import { oauth2Settings } from '../settings/store.js';
import type { OAuth2Settings } from '../settings/types.js';
import { modelFor } from './registry.js';
import { AccessToken } from './access-token.js';
import { RefreshToken } from './refresh-token.js';
import { Grant } from './grant.js';
import { IDToken } from './id-token.js';
import { DeviceGrant } from './device-grant.js';
import { SqlTable } from './sql-table.js';
import { throttleTable } from './throttle-store.js';

const debug = createDebug('koa-oauth-toolkit:models');

/** Rows removed by `clearExpired()`, per model, and how many batches it took. */
export interface ClearExpiredResult {
  refreshTokens: number;
  accessTokens: number;
  idTokens: number;
  grants: number;
  /** Device grants past their expiry, whatever their status (RFC 8628). */
  deviceGrants: number;
  successorPairs: number;
  /** Throttling keys forgotten: no longer blocked and outside their window. */
  throttles: number;
  batches: number;
}

type Executor = { execute(sql: string, params: unknown[], method: 'run'): Promise<{ affectedRows: number }> };

/**
 * Delete expired and revoked tokens and expired codes in batches (DOT's `clear_expired()`, run by `cleartokens`):
 * refresh tokens revoked, or whose access token expired, longer than `refreshTokenExpireSeconds` ago (only when
 * set); access tokens expired or revoked that no refresh token points at; ID tokens expired that no access token
 * points at; expired codes (tombstones included) and expired device grants. Successor pairs past their grace window are wiped. Throttling
 * keys whose window has passed (so no longer blocked either) are deleted, on the throttle store's clock.
 */
export async function clearExpired(
  em: EntityManager,
  settings: Readonly<OAuth2Settings> = oauth2Settings(),
): Promise<ClearExpiredResult> {
  const sql = em as unknown as Partial<Executor>;
  if (typeof sql.execute !== 'function') throw new ImproperlyConfigured('clearExpired() needs an SQL EntityManager');
  const exec = sql as Executor;
  const t = tables(em);
  const now = new Date();
  const size = settings.clearExpiredTokensBatchSize;
  const result: ClearExpiredResult = {
    refreshTokens: 0,
    accessTokens: 0,
    idTokens: 0,
    grants: 0,
    deviceGrants: 0,
    successorPairs: 0,
    throttles: 0,
    batches: 0,
  };
  const batches = async (where: string, table: string, params: unknown[], id = t.id): Promise<number> => {
    let total = 0;
    for (;;) {
      const { affectedRows } = await exec.execute(
        `delete from ${table} where ${id} in (select ${id} from ${table} t where ${where} limit ?)`,
        [...params, size],
        'run',
      );
      total += affectedRows;
      result.batches += 1;
      if (affectedRows < size) return total;
      if (settings.clearExpiredTokensBatchInterval > 0) await sleep(settings.clearExpiredTokensBatchInterval * 1000);
    }
  };
  if (settings.refreshTokenExpireSeconds !== null) {
    const expireAt = new Date(now.getTime() - settings.refreshTokenExpireSeconds * 1000);
    result.refreshTokens += await batches(`t.${t.revoked} < ?`, t.rt, [expireAt]);
    result.refreshTokens += await batches(
      `exists (select 1 from ${t.at} a where a.${t.id} = t.${t.rtAccessToken} and a.${t.expires} < ?)`,
      t.rt,
      [expireAt],
    );
  } else {
    // DOT 3.4 warns too: without it refresh tokens, and their revoked tombstones, are never cleared.
    settings.logger?.warn('clearExpired: refreshTokenExpireSeconds is not set, so refresh tokens are kept forever');
  }
  result.accessTokens = await batches(
    `(t.${t.expires} < ? or t.${t.revoked} is not null) and not exists (select 1 from ${t.rt} r where r.${t.rtAccessToken} = t.${t.id})`,
    t.at,
    [now],
  );
  result.idTokens = await batches(
    `t.${t.expires} < ? and not exists (select 1 from ${t.at} a where a.${t.atIdToken} = t.${t.id})`,
    t.idt,
    [now],
  );
  result.grants = await batches(`t.${t.expires} < ?`, t.grant, [now]);
  result.deviceGrants = await batches(`t.${t.deviceExpires} < ?`, t.device, [now], t.deviceId);
  const wiped = await exec.execute(
    `update ${t.rt} set ${t.successor} = null, ${t.successorExpires} = null where ${t.successorExpires} < ?`,
    [now],
    'run',
  );
  result.successorPairs = wiped.affectedRows;
  const throttleNow = settings.throttleStore?.now() ?? now.getTime();
  result.throttles = await batches(
    `t.${t.windowStart} <= ? and (t.${t.blockedUntil} is null or t.${t.blockedUntil} <= ?)`,
    t.throttle,
    [new Date(throttleNow - settings.throttleWindowSeconds * 1000), new Date(throttleNow)],
    t.throttleKey,
  );
  debug('clearExpired: %o', result);
  return result;
}

// Table and column names come from the metadata (SqlTable), so an app's naming strategy or extended model still works.
function tables(em: EntityManager) {
  const at = SqlTable.of(em, modelFor(em, AccessToken));
  const rt = SqlTable.of(em, modelFor(em, RefreshToken));
  const throttle = throttleTable(em);
  const device = SqlTable.of(em, modelFor(em, DeviceGrant));
  return {
    at: at.name,
    rt: rt.name,
    idt: SqlTable.of(em, modelFor(em, IDToken)).name,
    grant: SqlTable.of(em, modelFor(em, Grant)).name,
    id: at.column('id'),
    expires: at.column('expires'),
    revoked: at.column('revoked'),
    rtAccessToken: rt.column('accessToken'),
    atIdToken: at.column('idToken'),
    successor: rt.column('successorCiphertext'),
    successorExpires: rt.column('successorExpires'),
    device: device.name,
    deviceId: device.primaryColumn(),
    deviceExpires: device.column('expires'),
    throttle: throttle.name,
    throttleKey: throttle.column('key'),
    windowStart: throttle.column('windowStart'),
    blockedUntil: throttle.column('blockedUntil'),
  };
}
