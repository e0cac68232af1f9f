import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import { ImproperlyConfigured } from '../errors.js';
import { migratorOf } from './migrator.js';

/** Options of `makeMigrations()`. */
export interface MakeMigrationsOptions {
  /** Create the first migration (MikroORM's `--initial`): refused when a migration already exists. */
  initial?: boolean;
  /** A suffix for the file and class name (`Migration20260101000000_<name>`): letters, digits and underscores. */
  name?: string;
}

/** What `makeMigrations()` wrote. */
export interface MadeMigrations {
  /** The new migration's file name, or null when the entities match the database (nothing written). */
  fileName: string | null;
  /** The number of SQL statements in the new migration's `up()`. */
  statements: number;
  /** The migrations `index.ts` lists, oldest first (empty when nothing was written). */
  migrations: string[];
}

const MIGRATION_FILE = /^Migration\d{14}(_\w+)?\.ts$/u;
const MIGRATIONS_INDEX = 'index.ts';

/**
 * Generate the app's next migration (Django's `makemigrations`) with MikroORM's migrator, from its whole
 * configuration (its user entity and the toolkit's together), then rewrite the folder's `index.ts` so that its
 * `migrationsList` names every migration, oldest first: the list the app gives MikroORM, so migrations compile with
 * the app and the index is never taken for a migration. The folder is the ORM's `migrations.pathTs` or `path`; the
 * database must have every listed migration applied (`migrate(orm)`), as the diff is taken against it. Needs
 * `@mikro-orm/migrations` installed.
 * @example console.log(await makeMigrations(orm, { initial: process.argv.includes('--initial') }));
 */
export async function makeMigrations(orm: MikroORM, options: MakeMigrationsOptions = {}): Promise<MadeMigrations> {
  const { name, initial = false } = options;
  if (name !== undefined && !/^\w+$/u.test(name)) {
    throw new ImproperlyConfigured(
      `makeMigrations(): the name '${name}' may only hold letters, digits and underscores`,
    );
  }
  const config = orm.config.get('migrations');
  if (!config.migrationsList) {
    throw new ImproperlyConfigured(
      `makeMigrations() needs the migrations listed in code: \`migrations: { migrationsList }\`, imported from the ` +
        `folder's ${MIGRATIONS_INDEX} (start it as \`export const migrationsList: MigrationObject[] = [];\`)`,
    );
  }
  if ((config.emit ?? 'ts') !== 'ts') {
    throw new ImproperlyConfigured("makeMigrations() writes TypeScript: set `migrations.emit` to 'ts' (the default)");
  }
  const dir = resolve(orm.config.get('baseDir'), config.pathTs ?? config.path ?? './migrations');
  const migrator = await migratorOf(orm);
  if (!initial) {
    const pending = await migrator.getPendingMigrations();
    if (pending.length > 0) {
      throw new ImproperlyConfigured(
        `makeMigrations() compares the entities with the database, which lacks ${pending.map((m) => m.name).join(', ')}: ` +
          'apply them first with migrate(orm)',
      );
    }
  }
  const result = await migrator.createMigration(dir, false, initial, name);
  if (!result.fileName) return { fileName: null, statements: 0, migrations: [] };
  return { fileName: result.fileName, statements: result.diff.up.length, migrations: writeMigrationsIndex(dir) };
}

/** Rewrite `dir`'s index.ts so that `migrationsList` names every migration file there, oldest first. */
export function writeMigrationsIndex(dir: string): string[] {
  const entries = readdirSync(dir)
    .filter((file) => MIGRATION_FILE.test(file))
    .sort()
    .map((file) => {
      const match = /export class (\w+) extends Migration/u.exec(readFileSync(join(dir, file), 'utf8'));
      if (!match?.[1]) throw new ImproperlyConfigured(`${join(dir, file)} does not export a Migration class`);
      return { module: file.replace(/\.ts$/u, ''), className: match[1] };
    });
  const lines = [
    '// Written by makeMigrations() (koa-oauth-toolkit): the migrations, oldest first. Do not edit by hand.',
    "import type { MigrationObject } from '@mikro-orm/core';",
    ...entries.map(({ module, className }) => `import { ${className} } from './${module}.js';`),
    '',
    '/** The migrations, listed in code so that they compile with the app (no folder scanning). */',
    'export const migrationsList: MigrationObject[] = [',
    ...entries.map(({ module, className }) => `  { name: '${module}', class: ${className} },`),
    '];',
    '',
  ];
  writeFileSync(join(dir, MIGRATIONS_INDEX), lines.join('\n'));
  return entries.map((entry) => entry.module);
}
