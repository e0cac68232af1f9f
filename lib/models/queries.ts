import type { EntityClass, EntityManager } from '@mikro-orm/core';
import { AccessToken } from './access-token.js';
import { Application } from './application.js';
import { Grant } from './grant.js';
import { IDToken } from './id-token.js';
import { RefreshToken } from './refresh-token.js';
import { originOf } from './redirect-uri.js';
import { modelFor } from './registry.js';
import { retryRead, runSql } from './run-sql.js';
import { SqlTable } from './sql-table.js';
import { blockedUntilSubselect, blockedUntilValue, throttleReadParams } from './throttle-store.js';

/**
 * Return the applications that list `origin` in `allowedOrigins`: one containment query on the GIN-indexed
 * array, for a CORS preflight, which carries no client identity (ARCHITECTURE.md, CORS).
 */
export async function findApplicationsByOrigin(em: EntityManager, origin: string): Promise<Application[]> {
  const normalized = originOf(origin);
  if (!normalized) return [];
  return retryRead(em, () => em.find(modelFor(em, Application), { allowedOrigins: { $contains: [normalized] } }));
}

/** Find an application by client id: one SELECT (lib/models/sql-table.ts). */
export async function findApplicationByClientId(em: EntityManager, clientId: string): Promise<Application | null> {
  const table = SqlTable.of(em, modelFor(em, Application));
  const sql = table.statement(
    'byClientId',
    () => `SELECT ${table.selectList('t', '')} FROM ${table.name} "t" WHERE "t".${table.column('clientId')} = ?`,
  );
  const row = (await runSql(em, sql, [clientId], { read: true })).rows[0];
  return row === undefined ? null : table.hydrate(em, row);
}

/**
 * Find an application by client id and read, in the same SELECT, the latest block end of throttling `keys`
 * (lib/models/throttle-store.ts): the row of constants it starts from returns that state even for an unknown id.
 */
export async function findApplicationWithThrottle(
  em: EntityManager,
  clientId: string,
  keys: readonly string[],
): Promise<{ application: Application | null; blockedUntil: number | null }> {
  const table = SqlTable.of(em, modelFor(em, Application));
  const sql = table.statement(
    'byClientIdWithThrottle',
    () =>
      `SELECT ${table.selectList('t', 't_')}, ${blockedUntilSubselect(em)} AS "throttle_blocked_until" ` +
      `FROM (VALUES (1)) AS "v" ("one") LEFT JOIN ${table.name} "t" ON "t".${table.column('clientId')} = ?`,
  );
  const row = (await runSql(em, sql, [...throttleReadParams(keys), clientId], { read: true })).rows[0] ?? {};
  return { application: table.hydrate(em, row, 't_'), blockedUntil: blockedUntilValue(row['throttle_blocked_until']) };
}

/**
 * Find a token or code (an entity with an `application` and a `user`) by the unique checksum column `by`, with its
 * application and user: one SELECT with two LEFT JOINs, all three hydrated fresh into `em`.
 */
export async function findWithApplicationAndUser<T extends WithApplicationAndUser>(
  em: EntityManager,
  model: EntityClass<T>,
  by: keyof T & string,
  checksum: string,
): Promise<T | null> {
  const found = await selectWithApplicationAndUser(em, model, by, checksum);
  return found && found.table.hydrate(em, found.row, 't_');
}

// The data properties of an entity class (its methods left out).
type Fields<T> = { [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: T[K] };

/**
 * A token or code read as plain values (its columns), with its application and user as entities; its other
 * relations are not read.
 */
export type Facts<T> = Omit<Fields<T>, 'application' | 'user'> & {
  application: Application | null;
  user: object | null;
};

/**
 * Read a token or code by the unique checksum column `by` like `findWithApplicationAndUser`, but return the row
 * itself as plain values (`SqlTable.read`): a bearer check or a code exchange only reads it, so no entity is built.
 */
export async function readWithApplicationAndUser<T extends WithApplicationAndUser>(
  em: EntityManager,
  model: EntityClass<T>,
  by: keyof T & string,
  checksum: string,
  loaded: Application | null = null,
): Promise<Facts<T> | null> {
  const found = await selectWithApplicationAndUser(em, model, by, checksum, loaded);
  if (found === null) return null;
  const own = found.table.read(em, found.row, 't_') as Omit<Fields<T>, 'application' | 'user'>;
  return { ...own, application: found.application, user: found.user };
}

interface WithApplicationAndUser {
  application?: Application | null;
  user?: object | null;
}

// `loaded`: an application this request has just loaded (its authenticated client), used as it is when the row's
// application is that one, instead of being read into an entity a second time.
async function selectWithApplicationAndUser<T extends WithApplicationAndUser>(
  em: EntityManager,
  model: EntityClass<T>,
  by: keyof T & string,
  checksum: string,
  loaded: Application | null = null,
) {
  const table = SqlTable.of(em, model);
  const application = table.leftJoin(em, 'application' as keyof T & string, 't', 'a');
  const user = table.leftJoin(em, 'user' as keyof T & string, 't', 'u');
  const sql = table.statement(
    `withApplicationAndUser:${by}`,
    () =>
      `SELECT ${table.selectList('t', 't_')}, ${application.target.selectList('a', 'a_')}, ` +
      `${user.target.selectList('u', 'u_')} FROM ${table.name} "t" ${application.sql} ${user.sql} ` +
      `WHERE "t".${table.column(by)} = ?`,
  );
  const row = (await runSql(em, sql, [checksum], { read: true })).rows[0];
  if (row === undefined) return null;
  // Related rows first: a token entity's foreign keys then resolve to these entities in the identity map.
  return {
    table,
    row,
    application:
      loaded !== null && application.target.primaryKey(row, 'a_') === String(loaded.id)
        ? loaded
        : (application.target.hydrate(em, row, 'a_') as Application | null),
    user: user.target.hydrate(em, row, 'u_'),
  };
}

/**
 * Insert an access token and, when given, its refresh token pointing at it: one statement either way (a
 * data-modifying CTE for the pair), so the pair is written whole or not at all without a transaction of its own.
 */
export async function insertTokens(
  em: EntityManager,
  accessToken: Partial<Record<keyof AccessToken & string, unknown>>,
  refreshToken: Partial<Record<keyof RefreshToken & string, unknown>> | null,
): Promise<void> {
  const at = SqlTable.of(em, modelFor(em, AccessToken));
  const atRow = at.insertRow(em, accessToken);
  const insertAt = `INSERT INTO ${at.name} (${atRow.columns.join(', ')}) VALUES (${marks(atRow.params)})`;
  if (refreshToken === null) {
    await runSql(em, insertAt, atRow.params);
    return;
  }
  const rt = SqlTable.of(em, modelFor(em, RefreshToken));
  const rtRow = rt.insertRow(em, { ...refreshToken, accessToken: undefined });
  const sql =
    `WITH "new_access_token" AS (${insertAt} RETURNING ${at.primaryColumn()} AS "id") ` +
    `INSERT INTO ${rt.name} (${[...rtRow.columns, rt.column('accessToken')].join(', ')}) ` +
    `SELECT ${marks(rtRow.params)}, "id" FROM "new_access_token"`;
  await runSql(em, sql, [...atRow.params, ...rtRow.params]);
}

/**
 * Mark a code of the application `applicationId` consumed unless it already is: one conditional UPDATE, whose row
 * count decides the one winner among concurrent exchanges on every process, and which no other application's
 * request can win (RFC 6749 §4.1.3).
 * @returns whether this call consumed it
 */
export async function consumeGrant(
  em: EntityManager,
  codeChecksum: string,
  applicationId: number,
  now: Date,
): Promise<boolean> {
  const table = SqlTable.of(em, modelFor(em, Grant));
  const sql = table.statement(
    'consume',
    () =>
      `UPDATE ${table.name} SET ${table.column('consumed')} = ? WHERE ${table.column('codeChecksum')} = ? ` +
      `AND ${table.column('application')} = ? AND ${table.column('consumed')} IS NULL`,
  );
  return (await runSql(em, sql, [now, codeChecksum, applicationId])).affectedRows === 1;
}

/**
 * Link the access token of checksum `accessChecksum` to the ID token `idTokenId` if that ID token still exists: the
 * sub-select takes a key-share lock on it, so a concurrent delete (a logout) either went first, and nothing is linked,
 * or waits for this statement; the foreign key is never violated.
 */
export async function linkAccessTokenToIdToken(
  em: EntityManager,
  accessChecksum: string,
  idTokenId: number,
): Promise<void> {
  const at = SqlTable.of(em, modelFor(em, AccessToken));
  const it = SqlTable.of(em, modelFor(em, IDToken));
  const sql = at.statement(
    'linkIdToken',
    () =>
      `UPDATE ${at.name} SET ${at.column('idToken')} = "it"."id" ` +
      `FROM (SELECT ${it.primaryColumn()} AS "id" FROM ${it.name} WHERE ${it.primaryColumn()} = ? FOR KEY SHARE) "it" ` +
      `WHERE ${at.column('tokenChecksum')} = ?`,
  );
  await runSql(em, sql, [idTokenId, accessChecksum]);
}

function marks(params: readonly unknown[]): string {
  return params.map(() => '?').join(', ');
}
