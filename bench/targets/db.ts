// What the targets share: one short-lived `pg` connection for the seeders and migrations (never used while anything
// is timed), the random codes they mint, and the command that starts a target's own server.
import pg from 'pg';
import { randomToken } from '../secrets.js';
import type { Target } from './types.js';

/** Run `work` with a connected client to `databaseUrl`, closing it afterwards. */
export async function withDatabase<T>(databaseUrl: string, work: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

/** A target's `migrate`: run its `CREATE TABLE` script on its database. */
export function schemaMigration(schema: string): (databaseUrl: string) => Promise<void> {
  return async (databaseUrl) => {
    await withDatabase(databaseUrl, (db) => db.query(schema));
  };
}

/** A target's `server`: `node --import tsx <script>`, told its database and address in the environment. */
export function tsxServer(script: string): Target['server'] {
  return ({ databaseUrl, host, port }) => ({
    nodeArgs: ['--import', 'tsx', script],
    env: { DATABASE_URL: databaseUrl, HOST: host, PORT: String(port) },
  });
}

/** Return `count` fresh random code values, in batches small enough for one `unnest($1::text[])` statement each. */
export function codeBatches(count: number, batchSize = 20_000): string[][] {
  const batches: string[][] = [];
  for (let left = count; left > 0; left -= batchSize) {
    batches.push(Array.from({ length: Math.min(left, batchSize) }, randomToken));
  }
  return batches;
}

/** How long every seeded code and token stays valid: far longer than any run. */
export const FIXTURE_LIFETIME_SECONDS = 6 * 3600;

/** The redirect URI every bench client registers. */
export const REDIRECT_URI = 'https://client.bench.invalid/callback';
