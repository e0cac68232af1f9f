import type { EntityManager } from '@mikro-orm/core';
import { ImproperlyConfigured } from '../errors.js';
import type { ThrottleKeys } from '../throttle/keys.js';
import { afterFailure, MAX_DOUBLINGS, type ThrottlePolicy } from '../throttle/policy.js';
import type { ThrottleStore, ThrottleStoreOptions } from '../throttle/store.js';
import { modelFor } from './registry.js';
import { runSql } from './run-sql.js';
import { SqlTable } from './sql-table.js';
import { Throttle } from './throttle.js';

/** How many keys one read takes: a client's pair, a user's pair and the address; unused slots are bound to null. */
export const THROTTLE_READ_SLOTS = 3;

/**
 * Return the scalar sub-select of the latest block end (milliseconds since the epoch, or null) of up to
 * `THROTTLE_READ_SLOTS` keys, with one `?` per slot (`throttleReadParams()`): the statement that loads a client
 * embeds it, so that reading the throttling state costs no statement of its own.
 */
export function blockedUntilSubselect(em: EntityManager): string {
  const t = throttleTable(em);
  const slots = new Array<string>(THROTTLE_READ_SLOTS).fill('?').join(', ');
  return t.statement(
    'blockedUntil',
    () =>
      `(SELECT (extract(epoch FROM max("h".${t.column('blockedUntil')})) * 1000)::float8 FROM ${t.name} "h" ` +
      `WHERE "h".${t.column('key')} IN (${slots}))`,
  );
}

/** Return the values bound to `blockedUntilSubselect()`'s slots for `keys`. */
export function throttleReadParams(keys: readonly string[]): (string | null)[] {
  if (keys.length > THROTTLE_READ_SLOTS) throw new TypeError(`At most ${THROTTLE_READ_SLOTS} throttling keys per read`);
  return [...keys, ...new Array<null>(THROTTLE_READ_SLOTS - keys.length).fill(null)];
}

/** Return the block end the sub-select gave (a number; a numeric string on some drivers), or null. */
export function blockedUntilValue(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/**
 * Failure counters in the `oauth2_provider_throttle` table, shared by every process on the database (the default
 * store). A failure is one UPSERT of both its keys, atomic under concurrency; the read is merged into the statement
 * that loads the client, so a success costs no statement. `cleartokens` purges the forgotten keys.
 *
 * @example
 * configure({ orm, throttleStore: new DatabaseThrottleStore({ now: clock.now }) }); // a test's clock
 */
export class DatabaseThrottleStore implements ThrottleStore {
  readonly now: () => number;

  constructor(options: ThrottleStoreOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  /** Return the latest block end of `keys`: one SELECT (where no client is loaded, such as an app's login). */
  async blockedUntil(em: EntityManager | undefined, keys: readonly string[]): Promise<number | null> {
    const db = requireEm(em);
    const sql = `SELECT ${blockedUntilSubselect(db)} AS "blocked_until"`;
    const row = (await runSql(db, sql, throttleReadParams(keys), { read: true })).rows[0];
    return blockedUntilValue(row?.['blocked_until']);
  }

  /**
   * Count one failure against both keys in one `INSERT ... ON CONFLICT DO UPDATE`: a new key gets the state of a
   * first failure, a known one is moved on by `afterFailure()`'s rule in SQL, on the row as it is once locked.
   */
  async recordFailure(em: EntityManager | undefined, keys: ThrottleKeys, policy: ThrottlePolicy): Promise<void> {
    const db = requireEm(em);
    const now = this.now();
    const first = (key: string, kind: string, limit: number): unknown[] => {
      const state = afterFailure(null, now, limit, policy);
      const until = state.blockedUntil === null ? null : new Date(state.blockedUntil);
      return [key, kind, state.failures, new Date(state.windowStart), until, state.blocks];
    };
    await runSql(db, upsert(db), [
      ...first(keys.pair, keys.kind, policy.pairLimit),
      ...first(keys.address, 'address', policy.addressLimit),
      new Date(now),
      new Date(now - policy.windowSeconds * 1000),
      policy.pairLimit,
      policy.addressLimit,
      policy.windowSeconds,
      policy.maxBlockSeconds,
    ]);
  }
}

/** Return the throttling table of the ORM behind `em`. */
export function throttleTable(em: EntityManager): SqlTable<Throttle> {
  return SqlTable.of(em, modelFor(em, Throttle));
}

function requireEm(em: EntityManager | undefined): EntityManager {
  if (em === undefined) {
    throw new ImproperlyConfigured(
      "The database throttle store needs the request's EntityManager: call configure({ orm }), or set " +
        "'throttleStore' to a MemoryThrottleStore",
    );
  }
  return em;
}

// afterFailure() in SQL: a stale key (its window passed) starts over; reaching the limit blocks the key for the
// window doubled once per earlier block (capped), and its next window starts when the block ends.
function upsert(em: EntityManager): string {
  const t = throttleTable(em);
  const c = (name: keyof Throttle & string) => t.column(name);
  const h = (name: keyof Throttle & string) => `"h".${c(name)}`;
  return t.statement(
    'failure',
    () =>
      `INSERT INTO ${t.name} AS "h" (${c('key')}, ${c('kind')}, ${c('failures')}, ${c('windowStart')}, ` +
      `${c('blockedUntil')}, ${c('blocks')}) VALUES (?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?) ` +
      `ON CONFLICT (${c('key')}) DO UPDATE SET (${c('failures')}, ${c('blocks')}, ${c('blockedUntil')}, ` +
      `${c('windowStart')}) = (SELECT ` +
      `CASE WHEN "s"."reached" THEN 0 ELSE "s"."failures" END, ` +
      `CASE WHEN "s"."reached" THEN "s"."blocks" + 1 ELSE "s"."blocks" END, ` +
      `CASE WHEN "s"."reached" THEN "s"."until" WHEN "s"."stale" THEN NULL ELSE ${h('blockedUntil')} END, ` +
      `CASE WHEN "s"."reached" THEN "s"."until" WHEN "s"."stale" THEN "p"."now" ELSE ${h('windowStart')} END ` +
      `FROM (SELECT ?::timestamptz AS "now", ?::timestamptz AS "cutoff", ?::int AS "pair_limit", ` +
      `?::int AS "address_limit", ?::float8 AS "window", ?::float8 AS "cap") "p" ` +
      `CROSS JOIN LATERAL (SELECT ${h('windowStart')} <= "p"."cutoff" AS "stale") "o" ` +
      `CROSS JOIN LATERAL (SELECT "o"."stale", ` +
      `CASE WHEN "o"."stale" THEN 1 ELSE ${h('failures')} + 1 END AS "failures", ` +
      `CASE WHEN "o"."stale" THEN 0 ELSE ${h('blocks')} END AS "blocks") "n" ` +
      `CROSS JOIN LATERAL (SELECT "n".*, "n"."failures" >= CASE WHEN ${h('kind')} = 'address' ` +
      `THEN "p"."address_limit" ELSE "p"."pair_limit" END AS "reached", "p"."now" + make_interval(secs => ` +
      `LEAST("p"."window" * power(2, LEAST("n"."blocks", ${MAX_DOUBLINGS})), "p"."cap")) AS "until") "s")`,
  );
}
