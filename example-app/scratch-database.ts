import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/core';
import { ormOptions } from './orm.js';

/** A throwaway PostgreSQL database: its URL, an ORM connected to it, and `drop()`. */
export interface ScratchDatabase {
  url: string;
  orm: MikroORM;
  drop(): Promise<void>;
}

/**
 * Create an empty database with a random name on the PostgreSQL server of `serverUrl` (whose own database is left
 * alone), for generating migrations from nothing or testing them on an empty schema.
 */
export async function createScratchDatabase(
  serverUrl: string,
  prefix = 'koa_oauth_toolkit_scratch',
): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const orm = await MikroORM.init({ ...ormOptions({ databaseUrl: url.href, dataDir: '' }), connect: false });
  // Connects to the management database ("postgres") to run `create database`, then to the new one.
  await orm.schema.ensureDatabase();
  return {
    url: url.href,
    orm,
    async drop() {
      try {
        await orm.schema.dropDatabase(name);
      } finally {
        await orm.close(true);
      }
    },
  };
}
