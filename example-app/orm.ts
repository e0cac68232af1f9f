import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { MikroORM, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { PGliteDriver } from 'mikro-orm-pglite';
import { oauth2Entities } from '../lib/index.js';
import { lockDataDir } from './data-lock.js';
import { migrationsList } from './migrations/index.js';
import { SessionSchema } from './models/session.js';
import { User, UserSchema } from './models/user.js';

/** Where the example app's migrations live (read by `makemigrations`, which writes new ones there). */
export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/**
 * The `application_name` of the app's PostgreSQL sessions: an operator finds them in `pg_stat_activity` (and the
 * fault specs terminate them by it).
 */
export const DATABASE_APPLICATION_NAME = 'koa-oauth-toolkit-example';

/** Which database to use: PostgreSQL when `databaseUrl` is set, otherwise PGlite under `dataDir`. */
export interface DatabaseChoice {
  databaseUrl?: string | undefined;
  /** Holds the PGlite files (in `pglite/`), the lock file and the generated session key. */
  dataDir: string;
}

/** Read the database choice from `DATABASE_URL` and `DATA_DIR` (default `./.data`). */
export function databaseChoice(env: NodeJS.ProcessEnv = process.env): DatabaseChoice {
  return { databaseUrl: env.DATABASE_URL || undefined, dataDir: resolve(env.DATA_DIR || '.data') };
}

/** The example app's entities: its User and sessions, and the toolkit's models, which reference that User. */
export function entities(): Options['entities'] {
  return [UserSchema, SessionSchema, ...oauth2Entities({ userEntity: User })];
}

/** Build the MikroORM options for a database choice, with the migrator and the shipped `migrationsList`. */
export function ormOptions(choice: DatabaseChoice): Options {
  const common = {
    entities: entities(),
    extensions: [Migrator],
    // Migrations are generated against PostgreSQL and compared with the live schema, so no snapshot file.
    migrations: {
      migrationsList,
      path: MIGRATIONS_DIR,
      pathTs: MIGRATIONS_DIR,
      emit: 'ts',
      snapshot: false,
      silent: true,
    },
    debug: false,
  } satisfies Options;
  if (choice.databaseUrl) {
    return {
      ...common,
      driver: PostgreSqlDriver,
      clientUrl: choice.databaseUrl,
      driverOptions: { connection: { application_name: DATABASE_APPLICATION_NAME } },
    };
  }
  const pgliteDir = join(choice.dataDir, 'pglite');
  return {
    ...common,
    driver: PGliteDriver,
    dbName: 'postgres',
    // A function, not an instance: the driver calls it when it connects (mikro-orm-pglite's contract).
    driverOptions: { connection: { pglite: () => new PGlite(pgliteDir) } },
  };
}

/** An open ORM and the way to close it (which also releases the PGlite data directory). */
export interface Database {
  orm: MikroORM;
  close(): Promise<void>;
}

/**
 * Open the database. With PGlite the data directory is locked first, so a second process fails with
 * `DataDirLockedError` instead of corrupting it.
 */
export async function openDatabase(choice: DatabaseChoice = databaseChoice()): Promise<Database> {
  const release = choice.databaseUrl ? () => undefined : lockDataDir(choice.dataDir);
  try {
    const orm = await MikroORM.init(ormOptions(choice));
    return {
      orm,
      async close() {
        try {
          await orm.close(true);
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
