import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { MikroORM, type MigrationObject, type Options } from '@mikro-orm/core';
import { makeMigrations } from '../../lib/commands/make-migrations.js';
import { migrate } from '../../lib/commands/migrate.js';
import { migratorOf } from '../../lib/commands/migrator.js';
import { ImproperlyConfigured } from '../../lib/errors.js';
import { oauth2Entities } from '../../lib/settings.js';
import { dropDatabase, scratchDatabaseName, testOrmOptions } from '../helpers/db.js';
import { UserSchema } from '../helpers/user-entity.js';

const EMPTY_INDEX =
  "import type { MigrationObject } from '@mikro-orm/core';\nexport const migrationsList: MigrationObject[] = [];\n";

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('makeMigrations()', () => {
  let root: string;
  let dir: string;
  const entities = () => [UserSchema, ...oauth2Entities({ userEntity: UserSchema })];
  /** An ORM on `dbName` whose migrations (no `extensions: [Migrator]`: the toolkit registers it) live in `dir`. */
  const init = (dbName: string | null, migrationsList: MigrationObject[] | undefined, extra: Partial<Options> = {}) =>
    MikroORM.init({
      ...testOrmOptions(entities(), dbName ?? undefined),
      migrations: { path: dir, silent: true, snapshot: false, ...(migrationsList ? { migrationsList } : {}) },
      ...extra,
    });

  beforeEach(() => {
    // The written migrations import @mikro-orm/migrations, so their folder sees the repository's packages.
    root = mkdtempSync(join(tmpdir(), 'kot-migrations-'));
    symlinkSync(new URL('../../node_modules', import.meta.url), join(root, 'node_modules'));
    dir = join(root, 'migrations');
    mkdirSync(dir);
    writeFileSync(join(dir, 'index.ts'), EMPTY_INDEX);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('writes the initial migration and an index listing it, the index never counted as a migration; then only what changed', async function () {
    if (!process.env['DATABASE_URL']) {
      console.log(
        '    (pending: set DATABASE_URL; the round trip needs two ORMs on one database, which PGlite keeps per ORM)',
      );
      this.skip();
    }
    this.timeout(60000);
    const dbName = scratchDatabaseName('mkmig');
    const first = await init(dbName, []);
    try {
      await first.schema.ensureDatabase();
      const made = await makeMigrations(first, { initial: true, name: 'init' });
      expect(made.fileName).to.match(/^Migration\d{14}_init\.ts$/);
      expect(made.migrations).to.deep.equal([made.fileName!.replace(/\.ts$/, '')]);
      expect(made.statements).to.be.greaterThan(5);
      expect(readFileSync(join(dir, made.fileName!), 'utf8')).to.include('create table "oauth2_provider_application"');
      expect(readdirSync(dir).sort()).to.deep.equal([made.fileName, 'index.ts'].sort());

      // The app's next start: the written index is its migrationsList.
      const index = (await import(pathToFileURL(join(dir, 'index.ts')).href)) as { migrationsList: MigrationObject[] };
      const second = await init(dbName, index.migrationsList);
      try {
        const pending = await rejection(makeMigrations(second));
        expect(pending).to.be.instanceOf(ImproperlyConfigured);
        expect(pending.message).to.include('apply them first with migrate(orm)');
        expect(await migrate(second)).to.deep.equal(made.migrations);
        expect(await makeMigrations(second)).to.deep.equal({ fileName: null, statements: 0, migrations: [] });
        const again = await rejection(makeMigrations(second, { initial: true }));
        expect(again.message).to.include('Initial migration cannot be created');
        expect(readdirSync(dir)).to.have.length(2);
      } finally {
        await second.close(true);
      }
    } finally {
      if (dbName) await dropDatabase(first, dbName);
      await first.close(true);
    }
  });

  it('refuses an ORM whose migrations are not listed in code, and a name that is not a word', async () => {
    const orm = await init(null, undefined, { connect: false });
    try {
      const unlisted = await rejection(makeMigrations(orm));
      expect(unlisted).to.be.instanceOf(ImproperlyConfigured);
      expect(unlisted.message).to.include('migrationsList');
      const badName = await rejection(makeMigrations(orm, { name: '../x' }));
      expect(badName).to.be.instanceOf(ImproperlyConfigured);
      expect(badName.message).to.include('letters, digits and underscores');
    } finally {
      await orm.close(true);
    }
  });

  it('names the package to install when @mikro-orm/migrations is missing', async () => {
    const orm = await init(null, [], { connect: false });
    try {
      const missing = Object.assign(new Error("Cannot find package '@mikro-orm/migrations'"), {
        code: 'ERR_MODULE_NOT_FOUND',
      });
      const error = await rejection(migratorOf(orm, () => Promise.reject(missing)));
      expect(error).to.be.instanceOf(ImproperlyConfigured);
      expect(error.message).to.include('npm install @mikro-orm/migrations@');
    } finally {
      await orm.close(true);
    }
  });
});
