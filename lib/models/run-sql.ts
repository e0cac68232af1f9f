import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { PostgreSqlDriver, type AbstractSqlConnection } from '@mikro-orm/postgresql';
import createDebug from 'debug';
import { isConnectionFailure } from '../database-unavailable.js';
import { oauth2Settings } from '../settings/store.js';

const debug = createDebug('koa-oauth-toolkit:sql');

/** A row as the driver returns it: column name to value. */
export type Row = Record<string, unknown>;

/** What a statement returned: its rows and how many rows it changed. */
export interface SqlResult {
  rows: Row[];
  affectedRows: number;
}

/** The pieces of knex's client and of a `pg` connection used here. */
interface KnexClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
}
interface PgConnection {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: Row[]; rowCount: number | null }>;
  // knex's own mark of a dead connection, which its pool then destroys instead of handing it out again.
  __knex__disposed?: unknown;
}

/** Options of `runSql()`. */
export interface RunSqlOptions {
  /** The statement only reads: after a connection failure outside a transaction it runs once more (`retryRead`). */
  read?: boolean;
}

// `?` placeholders to `$n`, and a name per statement text, for pg's per-connection prepared statements.
const prepared = new Map<string, { name: string; text: string }>();

function preparedStatement(sql: string): { name: string; text: string } {
  let statement = prepared.get(sql);
  if (statement === undefined) {
    let n = 0;
    const text = sql.replace(/\?/g, () => `$${++n}`);
    statement = { name: `kot_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`, text };
    prepared.set(sql, statement);
  }
  return statement;
}

/**
 * Run one SQL statement (`?` placeholders, values bound) on the EntityManager's connection, inside its transaction
 * if it has one. On PostgreSQL through `pg`, the statement is prepared once per connection, so PostgreSQL does not
 * plan the hot path's queries again on every request; when MikroORM logs queries, with `sqlPreparedStatements`
 * off, or on another driver (PGlite), it goes through MikroORM's `execute()`, which logs it. A `read` is retried once
 * after a connection failure (`retryRead`); a write never is, since it may have been applied.
 */
export async function runSql(
  em: EntityManager,
  sql: string,
  params: readonly unknown[],
  { read = false }: RunSqlOptions = {},
): Promise<SqlResult> {
  const attempt = async (): Promise<SqlResult> => {
    try {
      return await run(em, sql, params);
    } catch (error) {
      // As MikroORM's own methods do: a unique violation is a UniqueConstraintViolationException, and so on.
      throw em
        .getPlatform()
        .getExceptionConverter()
        .convertException(error as Error);
    }
  };
  return read ? retryRead(em, attempt) : attempt();
}

/**
 * Run a read, and once more if it failed on a connection that was cut (a database restart, a terminated session,
 * a network blip) while no transaction is open: the second try gets a fresh connection from the pool, so the client
 * never sees the blip. Inside a transaction the connection is the transaction's, and a new one would not see its
 * work, so the failure stands.
 *
 * @example
 * const rows = await retryRead(em, () => em.find(Application, { allowedOrigins: { $contains: [origin] } }));
 */
export async function retryRead<T>(em: EntityManager, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!isConnectionFailure(error) || em.getTransactionContext() !== undefined) throw error;
    debug('read failed on a lost connection: trying once more on a fresh one');
    // Let the sockets' pending events land first, so that the pool knows every connection the failure killed.
    await new Promise((resolve) => setImmediate(resolve));
    return read();
  }
}

async function run(em: EntityManager, sql: string, params: readonly unknown[]): Promise<SqlResult> {
  const connection = em.getConnection() as AbstractSqlConnection;
  const ctx = em.getTransactionContext<{ client: KnexClient }>();
  if (
    !oauth2Settings().sqlPreparedStatements ||
    !(em.getDriver() instanceof PostgreSqlDriver) ||
    em.config.getLogger().isEnabled('query')
  ) {
    const res = await connection.execute<{ rows?: Row[]; affectedRows?: number }>(sql, [...params], 'run', ctx);
    return { rows: res.rows ?? [], affectedRows: res.affectedRows ?? 0 };
  }
  const client = ctx?.client ?? (connection.getKnex().client as KnexClient);
  const pg = (await client.acquireConnection()) as PgConnection;
  try {
    const res = await pg.query({ ...preparedStatement(sql), values: [...params] });
    return { rows: res.rows, affectedRows: res.rowCount ?? 0 };
  } catch (error) {
    // pg may report the failure before the socket's end reaches knex: mark it now, so no one is given it again.
    if (isConnectionFailure(error)) pg.__knex__disposed ??= error;
    throw error;
  } finally {
    await client.releaseConnection(pg);
  }
}
