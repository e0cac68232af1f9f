import type { MikroORM } from '@mikro-orm/core';
import { ImproperlyConfigured } from '../errors.js';

/** The part of MikroORM's migrator that `migrate()` and `makeMigrations()` use. */
export interface AppMigrator {
  up(): Promise<{ name: string }[]>;
  getPendingMigrations(): Promise<{ name: string }[]>;
  createMigration(
    path?: string,
    blank?: boolean,
    initial?: boolean,
    name?: string,
  ): Promise<{ fileName: string; diff: { up: string[] } }>;
}

/** What `@mikro-orm/migrations` gives us: its Migrator class, registered on an ORM that did not list it. */
interface MigrationsModule {
  Migrator: { register(orm: MikroORM): void };
}

/** Load `@mikro-orm/migrations`: an optional peer, imported only here, when migrations are made or applied. */
export const loadMigrations = (): Promise<MigrationsModule> =>
  import('@mikro-orm/migrations') as Promise<MigrationsModule>;

/**
 * Return the ORM's migrator, registering MikroORM's `Migrator` when the app's options did not list it in
 * `extensions`. A missing `@mikro-orm/migrations` is an `ImproperlyConfigured` naming the package to install.
 */
export async function migratorOf(orm: MikroORM, load = loadMigrations): Promise<AppMigrator> {
  let migrations: MigrationsModule;
  try {
    migrations = await load();
  } catch (cause) {
    throw new ImproperlyConfigured(
      'Migrations need @mikro-orm/migrations (an optional peer of koa-oauth-toolkit): install it at the exact ' +
        'version of your @mikro-orm/core, e.g. `npm install @mikro-orm/migrations@6.6.16`',
      { cause },
    );
  }
  if (!orm.config.getExtension('@mikro-orm/migrator')) migrations.Migrator.register(orm);
  return orm.getMigrator() as unknown as AppMigrator;
}
