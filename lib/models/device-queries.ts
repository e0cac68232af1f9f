import type { EntityManager } from '@mikro-orm/core';
import {
  DEVICE_AUTHORIZATION_PENDING,
  DEVICE_AUTHORIZED,
  DEVICE_DENIED,
  DEVICE_REDEEMED,
  DeviceGrant,
} from './device-grant.js';
import { modelFor } from './registry.js';
import { runSql } from './run-sql.js';
import { SqlTable } from './sql-table.js';

// Every statement here is one conditional write whose row count or RETURNING decides (ARCHITECTURE.md, Storage).

function table(em: EntityManager): SqlTable<DeviceGrant> {
  return SqlTable.of(em, modelFor(em, DeviceGrant));
}

/**
 * Insert a device grant unless its user code is taken by a pending grant (the partial unique index) or its device
 * code exists: one INSERT ... ON CONFLICT DO NOTHING.
 * @returns whether the row was inserted
 */
export async function insertDeviceGrant(
  em: EntityManager,
  values: Partial<Record<keyof DeviceGrant & string, unknown>>,
): Promise<boolean> {
  const t = table(em);
  const row = t.insertRow(em, values);
  const sql =
    `INSERT INTO ${t.name} (${row.columns.join(', ')}) VALUES (${row.params.map(() => '?').join(', ')}) ` +
    'ON CONFLICT DO NOTHING';
  return (await runSql(em, sql, row.params)).affectedRows === 1;
}

/** A poll as recorded: the grant after the write (with its user), and whether the poll came too soon. */
export interface RecordedPoll {
  readonly grant: DeviceGrant;
  readonly tooSoon: boolean;
}

/**
 * Record a poll of the device code of checksum `checksum` by `clientId` at `now` (RFC 8628 §3.5): one UPDATE that
 * sets the last poll time and, when this poll came sooner than the interval after the previous one, adds 5 s to the
 * interval, locking the row so that concurrent polls are counted one after the other; it returns the row joined with
 * its user. A code unknown, redeemed, or another client's matches no row: nothing is written.
 */
export async function recordDevicePoll(
  em: EntityManager,
  checksum: string,
  clientId: string,
  now: Date,
): Promise<RecordedPoll | null> {
  const t = table(em);
  const user = t.leftJoin(em, 'user', 'p', 'u');
  const sql = t.statement('poll', () => {
    const [last, interval, id] = [t.column('lastChecked'), t.column('interval'), t.primaryColumn()];
    const tooSoon = `"o"."c" IS NOT NULL AND "o"."c" + "o"."i" * interval '1 second' > ?`;
    return (
      `WITH "p" AS (UPDATE ${t.name} SET ${last} = ?, ${interval} = CASE WHEN ${tooSoon} THEN "o"."i" + 5 ` +
      `ELSE "o"."i" END FROM (SELECT ${id} AS "id", ${last} AS "c", ${interval} AS "i" FROM ${t.name} ` +
      `WHERE ${t.column('deviceCodeChecksum')} = ? AND ${t.column('clientId')} = ? ` +
      `AND ${t.column('status')} <> '${DEVICE_REDEEMED}' FOR UPDATE) "o" WHERE ${t.name}.${id} = "o"."id" ` +
      `RETURNING ${t.name}.*, CASE WHEN ${tooSoon} THEN 1 ELSE 0 END AS "too_soon") ` +
      `SELECT ${t.selectList('p', 'p_')}, "p"."too_soon", ${user.target.selectList('u', 'u_')} FROM "p" ${user.sql}`
    );
  });
  const row = (await runSql(em, sql, [now, now, checksum, clientId, now])).rows[0];
  if (row === undefined) return null;
  user.target.hydrate(em, row, 'u_');
  const grant = t.hydrate(em, row, 'p_');
  return grant === null ? null : { grant, tooSoon: Number(row['too_soon']) === 1 };
}

/**
 * Mark an approved, unexpired device grant of `clientId` redeemed: one conditional UPDATE whose row count picks the
 * one poll, of any number of concurrent ones on every process, that issues the tokens (RFC 8628 §3.5).
 */
export async function redeemDeviceGrant(
  em: EntityManager,
  checksum: string,
  clientId: string,
  now: Date,
): Promise<boolean> {
  const t = table(em);
  const sql = t.statement(
    'redeem',
    () =>
      `UPDATE ${t.name} SET ${t.column('status')} = '${DEVICE_REDEEMED}' WHERE ${t.column('deviceCodeChecksum')} = ? ` +
      `AND ${t.column('clientId')} = ? AND ${t.column('status')} = '${DEVICE_AUTHORIZED}' AND ${t.column('expires')} > ?`,
  );
  return (await runSql(em, sql, [checksum, clientId, now])).affectedRows === 1;
}

/**
 * Bind the pending, unexpired grant of user code checksum `checksum` to the user of primary key `userId`, unless
 * another user entered it first: one conditional UPDATE.
 * @returns the grant's client id, or null when no grant matched (unknown, expired, decided, or someone else's)
 */
export async function bindDeviceGrant(
  em: EntityManager,
  checksum: string,
  userId: unknown,
  now: Date,
): Promise<string | null> {
  const t = table(em);
  const sql = t.statement('bind', () => {
    const user = t.column('user');
    return (
      `UPDATE ${t.name} SET ${user} = ? WHERE ${t.column('userCodeChecksum')} = ? ` +
      `AND ${t.column('status')} = '${DEVICE_AUTHORIZATION_PENDING}' AND ${t.column('expires')} > ? ` +
      `AND (${user} IS NULL OR ${user} = ?) RETURNING ${t.column('clientId')} AS "client_id"`
    );
  });
  const row = (await runSql(em, sql, [userId, checksum, now, userId])).rows[0];
  return row === undefined ? null : String(row['client_id']);
}

/**
 * Approve or deny the pending, unexpired grant of `clientId` and user code checksum `checksum` bound to `userId`,
 * recording the login facts with an approval: one conditional UPDATE.
 * @returns whether a grant was decided
 */
export async function decideDeviceGrant(
  em: EntityManager,
  where: { checksum: string; clientId: string; userId: unknown; now: Date },
  approve: boolean,
  facts: { authTime: Date | null; acr: string },
): Promise<boolean> {
  const t = table(em);
  const sql = t.statement(
    'decide',
    () =>
      `UPDATE ${t.name} SET ${t.column('status')} = ?, ${t.column('authTime')} = ?, ${t.column('acr')} = ? ` +
      `WHERE ${t.column('userCodeChecksum')} = ? AND ${t.column('clientId')} = ? AND ${t.column('user')} = ? ` +
      `AND ${t.column('status')} = '${DEVICE_AUTHORIZATION_PENDING}' AND ${t.column('expires')} > ?`,
  );
  const status = approve ? DEVICE_AUTHORIZED : DEVICE_DENIED;
  const params = [status, facts.authTime, facts.acr, where.checksum, where.clientId, where.userId, where.now];
  return (await runSql(em, sql, params)).affectedRows === 1;
}

/**
 * Find the latest grant of `clientId` and user code checksum `checksum` bound to the user `userId` (the confirm and
 * status pages show no one else's grant, DOT #1819): one SELECT.
 */
export async function findBoundDeviceGrant(
  em: EntityManager,
  checksum: string,
  clientId: string,
  userId: unknown,
): Promise<DeviceGrant | null> {
  const t = table(em);
  const sql = t.statement(
    'bound',
    () =>
      `SELECT ${t.selectList('t', '')} FROM ${t.name} "t" WHERE "t".${t.column('userCodeChecksum')} = ? ` +
      `AND "t".${t.column('clientId')} = ? AND "t".${t.column('user')} = ? ORDER BY "t".${t.primaryColumn()} DESC LIMIT 1`,
  );
  const row = (await runSql(em, sql, [checksum, clientId, userId], { read: true })).rows[0];
  return row === undefined ? null : t.hydrate(em, row, '');
}
