import type { MikroORM } from '@mikro-orm/core';
import { migratorOf } from './migrator.js';

/**
 * Apply the app's pending migrations (Django's `migrate`): migrations belong to the app, generated from its whole
 * configuration by `makeMigrations()` (ARCHITECTURE.md, Storage). Needs `@mikro-orm/migrations` installed.
 * @returns the names of the migrations applied
 * @example await migrate(orm); // after MikroORM.init({ ..., migrations: { migrationsList } })
 */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await (await migratorOf(orm)).up();
  return applied.map((m) => m.name);
}
